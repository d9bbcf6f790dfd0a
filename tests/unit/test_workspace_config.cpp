#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "engine/runtime/workspace_config.h"

using namespace causeway::engine;

namespace {

const QString kDataDir = QDir::cleanPath(QStringLiteral(CAUSEWAY_RESOURCE_DATA_DIR));

// A valid symbol on one line, so that line numbers in the cases below are
// easy to count.
constexpr const char* kMsft = "symbols: [{name: MSFT, data: msft_daily.csv, timeframe: 1d}]\n";

WorkspaceConfig parse(const std::string& yaml, const Environment& env = {}) {
    return WorkspaceConfig::parse(yaml, "workspace.yaml", kDataDir.toStdString(), env);
}

// "A=1;B=2"
Environment environment(const QString& text) {
    Environment env;
    for (const QString& pair : text.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const qsizetype eq = pair.indexOf(QLatin1Char('='));
        env[pair.left(eq).toStdString()] = pair.mid(eq + 1).toStdString();
    }
    return env;
}

std::string dataFile(const char* name) {
    return QDir(kDataDir).filePath(QLatin1String(name)).toStdString();
}

}  // namespace

class TestWorkspaceConfig final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesEverySection() {
        const WorkspaceConfig c = parse(
            "symbols:\n"
            "  - name: MSFT\n"
            "    data: msft_daily.csv\n"
            "    timeframe: 1d\n"
            "  - {name: SP500, data: sp500_daily.csv, timeframe: 1d}\n"
            "strategies:\n"
            "  - name: ema_cross\n"
            "    symbol: MSFT\n"
            "    parameters: {fast: 5, slow: 20, qty: 2.5, allow_short: true}\n"
            "  - name: ema_cross\n"
            "    symbols: [SP500]\n"
            "    enabled: false\n"
            "risk:\n"
            "  max_position: 10\n"
            "  max_order_notional: 25000.5\n"
            "  max_open_orders: 4\n"
            "  daily_loss_limit: 1500\n"
            "  max_drawdown_pct: 20\n"
            "  price_band_pct: 2.5\n"
            "connector:\n"
            "  type: binance_testnet\n"
            "  market_data_url: wss://stream.example.test/ws\n"
            "  rest_url: https://api.example.test\n"
            "logging:\n"
            "  level: DEBUG\n"
            "  format: json\n"
            "  components: {storage: trace, bus: warning}\n"
            "  file: logs/causeway.log\n"
            "engine:\n"
            "  bars_per_second: 12.5\n"
            "  initial_cash: 50000\n"
            "  fee_bps: 1.5\n"
            "  slippage_bps: 2\n"
            "  health_check_interval_ms: 250\n"
            "  heartbeat_timeout_ms: 900\n"
            "  max_restarts: 0\n"
            "storage:\n"
            "  db: runs/one.sqlite\n"
            "  batch_size: 64\n");

        QCOMPARE(c.file, std::string("workspace.yaml"));
        QCOMPARE(c.directory, kDataDir.toStdString());
        QCOMPARE(c.symbols.size(), std::size_t(2));
        QCOMPARE(c.symbols[0].name, std::string("MSFT"));
        QCOMPARE(c.symbols[0].dataPath, dataFile("msft_daily.csv"));
        QCOMPARE(c.symbols[0].timeframe.label(), std::string("1d"));
        QCOMPARE(c.symbols[1].name, std::string("SP500"));
        QCOMPARE(c.symbols[1].dataPath, dataFile("sp500_daily.csv"));

        QCOMPARE(c.strategies.size(), std::size_t(2));
        QCOMPARE(c.strategies[0].name, std::string("ema_cross"));
        QCOMPARE(c.strategies[0].symbols, std::vector<std::string>{"MSFT"});
        QCOMPARE(
            c.strategies[0].params,
            (ParamMap{{"allow_short", "true"}, {"fast", "5"}, {"qty", "2.5"}, {"slow", "20"}}));
        QVERIFY(c.strategies[0].enabled);
        QCOMPARE(c.strategies[1].symbols, std::vector<std::string>{"SP500"});
        QVERIFY(!c.strategies[1].enabled);
        // resolved: the defaults are filled in
        QCOMPARE(c.strategies[1].params.at("fast"), std::string("10"));
        QCOMPARE(c.strategyFor("MSFT"), &c.strategies[0]);
        QCOMPARE(c.strategyFor("SP500"), nullptr);

        QCOMPARE(c.risk.maxPosition->toString(), std::string("10"));
        QCOMPARE(c.risk.maxOrderNotional->toString(), std::string("25000.5"));
        QCOMPARE(*c.risk.maxOpenOrders, 4);
        QCOMPARE(c.risk.dailyLossLimit->toString(), std::string("1500"));
        QCOMPARE(*c.risk.maxDrawdownPct, 20.0);
        QCOMPARE(*c.risk.priceBandPct, 2.5);

        QCOMPARE(c.connector.type, ConnectorType::kBinanceTestnet);
        QCOMPARE(connectorTypeName(c.connector.type), std::string_view("binance_testnet"));
        QCOMPARE(c.connector.marketDataUrl, std::string("wss://stream.example.test/ws"));
        QCOMPARE(c.connector.restUrl, std::string("https://api.example.test"));

        QCOMPARE(c.logging.level, std::string("debug"));
        QCOMPARE(c.logging.format, LogFormat::kJson);
        QCOMPARE(c.logging.components,
                 (std::map<std::string, std::string>{{"bus", "warn"}, {"storage", "trace"}}));
        QCOMPARE(c.logging.file, dataFile("logs/causeway.log"));

        QCOMPARE(c.engine.barsPerSecond, 12.5);
        QCOMPARE(c.engine.initialCash.toString(), std::string("50000"));
        QCOMPARE(c.engine.feeBps.toString(), std::string("1.5"));
        QCOMPARE(c.engine.slippageBps.toString(), std::string("2"));
        QCOMPARE(c.engine.healthCheckIntervalMs, 250);
        QCOMPARE(c.engine.heartbeatTimeoutMs, 900);
        QCOMPARE(c.engine.maxRestarts, 0);

        QCOMPARE(c.storage.dbPath, dataFile("runs/one.sqlite"));
        QCOMPARE(c.storage.batchSize, 64);

        QCOMPARE(c.origins.at("risk.max_position").line, 14);
        QCOMPARE(c.origins.at("strategies[1].enabled").line, 12);
    }

    void defaultsFillWhatTheFileLeavesOut() {
        const WorkspaceConfig c = parse(kMsft);
        QCOMPARE(c.strategies.size(), std::size_t(0));
        QVERIFY(!c.risk.maxPosition);
        QVERIFY(!c.risk.maxOrderNotional);
        QVERIFY(!c.risk.maxOpenOrders);
        QVERIFY(!c.risk.dailyLossLimit);
        QVERIFY(!c.risk.maxDrawdownPct);
        QVERIFY(!c.risk.priceBandPct);
        QCOMPARE(c.connector.type, ConnectorType::kSim);
        QCOMPARE(c.connector.marketDataUrl, std::string());
        QCOMPARE(c.logging.level, std::string("info"));
        QCOMPARE(c.logging.format, LogFormat::kText);
        QVERIFY(c.logging.components.empty());
        QCOMPARE(c.logging.file, std::string());
        QCOMPARE(c.engine.barsPerSecond, 0.0);
        QCOMPARE(c.engine.initialCash.toString(), std::string("100000"));
        QVERIFY(c.engine.feeBps.isZero());
        QCOMPARE(c.engine.healthCheckIntervalMs, 1000);
        QCOMPARE(c.engine.heartbeatTimeoutMs, 5000);
        QCOMPARE(c.engine.maxRestarts, 3);
        QCOMPARE(c.storage.dbPath, dataFile("run.sqlite"));
        QCOMPARE(c.storage.batchSize, 1000);
        QVERIFY(!c.origins.contains("risk.max_position"));
    }

    void environmentOverridesFileOverridesDefault() {
        const std::string yaml = std::string(kMsft) +
                                 "strategies: [{name: ema_cross, parameters: {fast: 8}}]\n"
                                 "risk: {max_position: 5}\n"
                                 "connector: {market_data_url: 'ws://localhost:9001/feed'}\n";
        QVERIFY(!parse(kMsft).risk.maxPosition);  // default: no limit

        const WorkspaceConfig file = parse(yaml);
        QCOMPARE(file.risk.maxPosition->toString(), std::string("5"));
        QCOMPARE(file.connector.marketDataUrl, std::string("ws://localhost:9001/feed"));
        QCOMPARE(file.strategies[0].params.at("fast"), std::string("8"));
        QCOMPARE(file.engine.maxRestarts, 3);

        const WorkspaceConfig env =
            parse(yaml, {{"CAUSEWAY_RISK_MAX_POSITION", "7"},
                         {"CAUSEWAY_CONNECTOR_MARKET_DATA_URL", "wss://stream.example.test/ws"},
                         {"CAUSEWAY_STRATEGIES_EMA_CROSS_FAST", "12"},
                         {"CAUSEWAY_ENGINE_MAX_RESTARTS", "1"},
                         {"CAUSEWAY_SYMBOLS_MSFT_DATA", "sp500_daily.csv"},
                         {"CAUSEWAY_LOGGING_COMPONENTS", "storage=debug,bus=warn"},
                         // not a workspace setting: the CLI's own variable
                         {"CAUSEWAY_LOG_LEVEL", "debug"},
                         {"PATH", "/usr/bin"}});
        QCOMPARE(env.risk.maxPosition->toString(), std::string("7"));
        QCOMPARE(env.connector.marketDataUrl, std::string("wss://stream.example.test/ws"));
        QCOMPARE(env.strategies[0].params.at("fast"), std::string("12"));
        QCOMPARE(env.strategies[0].params.at("slow"), std::string("30"));
        QCOMPARE(env.engine.maxRestarts, 1);
        // relative to the workspace folder, like the file's paths
        QCOMPARE(env.symbols[0].dataPath, dataFile("sp500_daily.csv"));
        QCOMPARE(env.logging.components,
                 (std::map<std::string, std::string>{{"bus", "warn"}, {"storage", "debug"}}));
        QCOMPARE(env.logging.level, std::string("info"));
        QCOMPARE(env.origins.at("risk.max_position").variable,
                 std::string("CAUSEWAY_RISK_MAX_POSITION"));
        QCOMPARE(env.origins.at("strategies[0].parameters.fast").variable,
                 std::string("CAUSEWAY_STRATEGIES_EMA_CROSS_FAST"));
    }

    void errorsAreLocatedWhereTheValueWasGiven() {
        const WorkspaceConfig c =
            parse(std::string(kMsft) + "risk:\n  max_position: 5\n",
                  {{"CAUSEWAY_CONNECTOR_REST_URL", "https://api.example.test"}});
        QCOMPARE(QString::fromStdString(c.error("risk.max_position", "too big").what()),
                 QStringLiteral("workspace.yaml:3: risk.max_position: too big"));
        QCOMPARE(QString::fromStdString(c.error("symbols[0].data", "gone").what()),
                 QStringLiteral("workspace.yaml:1: symbols[0].data: gone"));
        QCOMPARE(QString::fromStdString(c.error("connector.rest_url", "down").what()),
                 QStringLiteral("environment CAUSEWAY_CONNECTOR_REST_URL: down"));
        QCOMPARE(QString::fromStdString(c.error("engine.max_restarts", "no").what()),
                 QStringLiteral("workspace.yaml: engine.max_restarts: no"));
        const ConfigError error = c.error("risk.max_position", "too big");
        QCOMPARE(error.key(), std::string("risk.max_position"));
        QCOMPARE(error.reason(), std::string("too big"));
    }

    void rejectsBadInput_data() {
        QTest::addColumn<QString>("yaml");
        QTest::addColumn<QString>("env");
        QTest::addColumn<QString>("expected");
        const QString msft = QString::fromLatin1(kMsft);
        const QString valid = QStringLiteral(
            "unknown connector 'ftx' (valid: sim, paper, binance, coinbase, binance_testnet, "
            "alpaca_paper)");
        const QString riskKeys = QStringLiteral(
            "max_position, max_order_notional, max_open_orders, daily_loss_limit, "
            "max_drawdown_pct, price_band_pct, cancel_open_orders_on_trip");
        const QString levels = QStringLiteral("trace, debug, info, warn, error, critical, off");

        QTest::newRow("negative limit")
            << msft + QStringLiteral("risk:\n  max_position: -3\n") << QString()
            << QStringLiteral(
                   "workspace.yaml:3: risk.max_position: must be a positive number, "
                   "got '-3'");
        QTest::newRow("unknown connector")
            << msft + QStringLiteral("\nconnector:\n  type: ftx\n") << QString()
            << QStringLiteral("workspace.yaml:4: connector.type: ") + valid;
        QTest::newRow("environment limit")
            << msft << QStringLiteral("CAUSEWAY_RISK_MAX_POSITION=abc")
            << QStringLiteral(
                   "environment CAUSEWAY_RISK_MAX_POSITION: must be a positive number, got 'abc'");
        QTest::newRow("environment connector")
            << msft << QStringLiteral("CAUSEWAY_CONNECTOR_TYPE=ftx")
            << QStringLiteral("environment CAUSEWAY_CONNECTOR_TYPE: ") + valid;
        QTest::newRow("unknown section")
            << msft + QStringLiteral("symbol: MSFT\n") << QString()
            << QStringLiteral(
                   "workspace.yaml:2: symbol: unknown key (valid: symbols, strategies, "
                   "risk, connector, logging, engine, storage)");
        QTest::newRow("misspelt key")
            << msft + QStringLiteral("risk:\n  max_postion: 3\n") << QString()
            << QStringLiteral("workspace.yaml:3: risk.max_postion: unknown key (valid: ") +
                   riskKeys + QStringLiteral(")");
        QTest::newRow("misspelt environment key")
            << msft << QStringLiteral("CAUSEWAY_RISK_MAX_POSITON=3")
            << QStringLiteral(
                   "environment CAUSEWAY_RISK_MAX_POSITON: unknown key 'max_positon' "
                   "in section 'risk' (valid: ") +
                   riskKeys + QStringLiteral(")");
        QTest::newRow("misspelt symbol key")
            << QStringLiteral("symbols:\n  - name: MSFT\n    datafile: msft_daily.csv\n")
            << QString()
            << QStringLiteral(
                   "workspace.yaml:3: symbols[0].datafile: unknown key (valid: name, "
                   "data, timeframe)");
        QTest::newRow("misspelt strategy key")
            << msft + QStringLiteral("strategies:\n  - name: ema_cross\n    params: {fast: 3}\n")
            << QString()
            << QStringLiteral(
                   "workspace.yaml:4: strategies[0].params: unknown key (valid: name, "
                   "symbols, symbol, parameters, enabled)");
        QTest::newRow("yaml syntax")
            << QStringLiteral("symbols:\n  - name: MSFT\n risk: [\n") << QString()
            << QStringLiteral("workspace.yaml:3: invalid YAML: end of map not found");
        QTest::newRow("tab indentation")
            << msft + QStringLiteral("risk:\n\tmax_position: 3\n") << QString()
            << QStringLiteral(
                   "workspace.yaml:3: invalid YAML: a tab in the indentation (YAML indents "
                   "with spaces only)");
        QTest::newRow("two documents")
            << msft + QStringLiteral("---\nrisk: {}\n") << QString()
            << QStringLiteral(
                   "workspace.yaml:3: a workspace file holds one YAML document, found 2");
        QTest::newRow("not a mapping")
            << QStringLiteral("- MSFT\n") << QString()
            << QStringLiteral(
                   "workspace.yaml:1: the workspace must be a mapping of sections "
                   "(symbols, strategies, risk, connector, logging, engine, storage), "
                   "got a list");
        QTest::newRow("key given twice")
            << msft + QStringLiteral("risk:\n  max_position: 1\n  max_position: 2\n") << QString()
            << QStringLiteral("workspace.yaml:4: risk.max_position: given twice (first on line 3)");
        QTest::newRow("section not a mapping")
            << msft + QStringLiteral("risk: 5\n") << QString()
            << QStringLiteral("workspace.yaml:2: risk: must be a mapping of ") + riskKeys +
                   QStringLiteral(", got '5'");
        QTest::newRow("list for a value")
            << msft + QStringLiteral("risk:\n  max_position: [1, 2]\n") << QString()
            << QStringLiteral(
                   "workspace.yaml:3: risk.max_position: must be a single value, got a list");
        QTest::newRow("empty value")
            << msft + QStringLiteral("risk:\n  max_order_notional:\n") << QString()
            << QStringLiteral(
                   "workspace.yaml:3: risk.max_order_notional: must be a positive number, got ''");
        QTest::newRow("percentage")
            << msft + QStringLiteral("risk: {max_drawdown_pct: 150}\n") << QString()
            << QStringLiteral(
                   "workspace.yaml:2: risk.max_drawdown_pct: must be a percentage "
                   "above 0 and at most 100, got '150'");
        QTest::newRow("open orders")
            << msft + QStringLiteral("risk: {max_open_orders: 2.5}\n") << QString()
            << QStringLiteral(
                   "workspace.yaml:2: risk.max_open_orders: must be a positive integer, got '2.5'");
        QTest::newRow("no symbols")
            << QStringLiteral("risk: {}\n") << QString()
            << QStringLiteral("workspace.yaml: symbols: at least one symbol is required");
        QTest::newRow("empty symbol list")
            << QStringLiteral("symbols: []\n") << QString()
            << QStringLiteral("workspace.yaml:1: symbols: at least one symbol is required");
        QTest::newRow("symbols not a list")
            << QStringLiteral("symbols: MSFT\n") << QString()
            << QStringLiteral("workspace.yaml:1: symbols: must be a list of symbols, got 'MSFT'");
        QTest::newRow("symbol without name")
            << QStringLiteral("symbols:\n  - data: msft_daily.csv\n    timeframe: 1d\n")
            << QString() << QStringLiteral("workspace.yaml:2: symbols[0].name: required");
        QTest::newRow("section given twice")
            << msft + QStringLiteral("# again\nsymbols: []\n") << QString()
            << QStringLiteral("workspace.yaml:3: symbols: given twice (first on line 1)");
        QTest::newRow("symbol declared twice")
            << QStringLiteral(
                   "symbols:\n"
                   "  - {name: MSFT, data: msft_daily.csv, timeframe: 1d}\n"
                   "  - {name: MSFT, data: sp500_daily.csv, timeframe: 1d}\n")
            << QString()
            << QStringLiteral(
                   "workspace.yaml:3: symbols[1].name: duplicate symbol 'MSFT' (also symbols[0])");
        QTest::newRow("missing data file")
            << QStringLiteral("symbols:\n  - name: MSFT\n    data: nope.csv\n    timeframe: 1d\n")
            << QString()
            << QStringLiteral("workspace.yaml:3: symbols[0].data: no such file '") + kDataDir +
                   QStringLiteral("/nope.csv'");
        QTest::newRow("missing environment data file")
            << msft << QStringLiteral("CAUSEWAY_SYMBOLS_MSFT_DATA=/nonexistent/bars.csv")
            << QStringLiteral(
                   "environment CAUSEWAY_SYMBOLS_MSFT_DATA: no such file "
                   "'/nonexistent/bars.csv'");
        QTest::newRow("data required")
            << QStringLiteral("symbols: [{name: MSFT, timeframe: 1d}]\n") << QString()
            << QStringLiteral(
                   "workspace.yaml:1: symbols[0].data: required: the bars file to "
                   "replay (or set connector.market_data_url)");
        QTest::newRow("timeframe required")
            << QStringLiteral("symbols:\n  - name: MSFT\n    data: msft_daily.csv\n") << QString()
            << QStringLiteral(
                   "workspace.yaml:2: symbols[0].timeframe: required (e.g. 1m, 15m, 1h, 1d)");
        QTest::newRow("bad timeframe")
            << QStringLiteral("symbols: [{name: MSFT, data: msft_daily.csv, timeframe: 7x}]\n")
            << QString()
            << QStringLiteral(
                   "workspace.yaml:1: symbols[0].timeframe: must be a timeframe such "
                   "as 1m, 15m, 1h or 1d, got '7x'");
        QTest::newRow("unknown environment symbol")
            << msft << QStringLiteral("CAUSEWAY_SYMBOLS_AAPL_DATA=aapl.csv")
            << QStringLiteral(
                   "environment CAUSEWAY_SYMBOLS_AAPL_DATA: names no workspace symbol "
                   "and key (symbols: MSFT; keys: data, timeframe)");
        QTest::newRow("unknown strategy")
            << msft + QStringLiteral("strategies:\n  - name: foo\n") << QString()
            << QStringLiteral(
                   "workspace.yaml:3: strategies[0].name: unknown strategy 'foo' (available: "
                   "breakout, confluence, ema_cross, mean_reversion, structure_retest)");
        QTest::newRow("strategy without name")
            << msft + QStringLiteral("strategies:\n  - enabled: true\n") << QString()
            << QStringLiteral("workspace.yaml:3: strategies[0].name: required");
        QTest::newRow("unknown parameter")
            << msft + QStringLiteral(
                          "strategies:\n  - name: ema_cross\n    parameters:\n      fsat: 3\n")
            << QString()
            << QStringLiteral(
                   "workspace.yaml:5: strategies[0].parameters.fsat: unknown parameter "
                   "for strategy 'ema_cross' (valid: fast, slow, qty, allow_short)");
        QTest::newRow("bad parameter value")
            << msft + QStringLiteral(
                          "strategies:\n  - name: ema_cross\n    parameters:\n"
                          "      slow: 40\n      fast: abc\n")
            << QString()
            << QStringLiteral(
                   "workspace.yaml:6: strategies[0].parameters.fast: invalid value "
                   "'abc' for parameter 'fast': expected an integer from 1 to 1000");
        QTest::newRow("parameters that contradict")
            << msft + QStringLiteral(
                          "strategies:\n  - name: ema_cross\n    parameters:\n"
                          "      slow: 20\n      fast: 40\n")
            << QString()
            << QStringLiteral(
                   "workspace.yaml:6: strategies[0].parameters.fast: parameter 'fast' "
                   "(40) must be less than parameter 'slow' (20)");
        QTest::newRow("bad environment parameter")
            << msft + QStringLiteral("strategies: [{name: ema_cross}]\n")
            << QStringLiteral("CAUSEWAY_STRATEGIES_EMA_CROSS_FAST=abc")
            << QStringLiteral(
                   "environment CAUSEWAY_STRATEGIES_EMA_CROSS_FAST: invalid value "
                   "'abc' for parameter 'fast': expected an integer from 1 to 1000");
        QTest::newRow("unknown environment strategy key")
            << msft + QStringLiteral("strategies: [{name: ema_cross}]\n")
            << QStringLiteral("CAUSEWAY_STRATEGIES_EMA_CROSS_FASTER=3")
            << QStringLiteral(
                   "environment CAUSEWAY_STRATEGIES_EMA_CROSS_FASTER: unknown key "
                   "'faster' for strategy 'ema_cross' (valid: enabled, symbols, fast, "
                   "slow, qty, allow_short)");
        QTest::newRow("unknown environment strategy")
            << msft + QStringLiteral("strategies: [{name: ema_cross}]\n")
            << QStringLiteral("CAUSEWAY_STRATEGIES_RSI_PERIOD=3")
            << QStringLiteral(
                   "environment CAUSEWAY_STRATEGIES_RSI_PERIOD: names no strategy of "
                   "the workspace (strategies: ema_cross)");
        QTest::newRow("strategy on an undeclared symbol")
            << msft + QStringLiteral("strategies:\n  - name: ema_cross\n    symbols: [AAPL]\n")
            << QString()
            << QStringLiteral(
                   "workspace.yaml:4: strategies[0].symbols: unknown symbol 'AAPL' "
                   "(symbols: MSFT)");
        QTest::newRow("two strategies on one symbol")
            << msft + QStringLiteral(
                          "strategies:\n"
                          "  - {name: ema_cross}\n"
                          "  - {name: ema_cross, symbol: MSFT}\n")
            << QString()
            << QStringLiteral(
                   "workspace.yaml:4: strategies[1].symbols: symbol 'MSFT' already "
                   "runs strategies[0] (ema_cross): one enabled strategy per symbol");
        QTest::newRow("symbol and symbols")
            << msft + QStringLiteral(
                          "strategies:\n  - {name: ema_cross, symbol: MSFT, symbols: "
                          "[MSFT]}\n")
            << QString()
            << QStringLiteral(
                   "workspace.yaml:3: strategies[0].symbol: give either symbol or symbols");
        QTest::newRow("enabled")
            << msft + QStringLiteral("strategies:\n  - name: ema_cross\n    enabled: maybe\n")
            << QString()
            << QStringLiteral(
                   "workspace.yaml:4: strategies[0].enabled: must be true or false, got 'maybe'");
        QTest::newRow("market data url")
            << msft + QStringLiteral("connector:\n  market_data_url: http://feed.example.test\n")
            << QString()
            << QStringLiteral(
                   "workspace.yaml:3: connector.market_data_url: must be a ws:// or "
                   "wss:// URL, got 'http://feed.example.test'");
        QTest::newRow("rest url")
            << msft << QStringLiteral("CAUSEWAY_CONNECTOR_REST_URL=api.example.test")
            << QStringLiteral(
                   "environment CAUSEWAY_CONNECTOR_REST_URL: must be a http:// or "
                   "https:// URL, got 'api.example.test'");
        QTest::newRow("log level")
            << msft + QStringLiteral("logging:\n  level: loud\n") << QString()
            << QStringLiteral(
                   "workspace.yaml:3: logging.level: unknown log level 'loud' (valid: ") +
                   levels + QStringLiteral(")");
        QTest::newRow("log format")
            << msft + QStringLiteral("logging:\n  format: xml\n") << QString()
            << QStringLiteral("workspace.yaml:3: logging.format: must be text or json, got 'xml'");
        QTest::newRow("component level")
            << msft + QStringLiteral("logging:\n  components:\n    storage: loud\n") << QString()
            << QStringLiteral(
                   "workspace.yaml:4: logging.components.storage: unknown log level "
                   "'loud' for component 'storage' (valid: ") +
                   levels + QStringLiteral(")");
        QTest::newRow("environment component levels")
            << msft << QStringLiteral("CAUSEWAY_LOGGING_COMPONENTS=storage")
            << QStringLiteral(
                   "environment CAUSEWAY_LOGGING_COMPONENTS: expected COMPONENT=LEVEL, got "
                   "'storage'");
        QTest::newRow("restarts")
            << msft + QStringLiteral("engine:\n  max_restarts: -1\n") << QString()
            << QStringLiteral(
                   "workspace.yaml:3: engine.max_restarts: must be an integer >= 0, got '-1'");
        QTest::newRow("replay speed")
            << msft + QStringLiteral("engine:\n  bars_per_second: fast\n") << QString()
            << QStringLiteral(
                   "workspace.yaml:3: engine.bars_per_second: must be a number >= 0, got 'fast'");
        QTest::newRow("heartbeat shorter than the check")
            << msft + QStringLiteral("engine:\n  heartbeat_timeout_ms: 500\n") << QString()
            << QStringLiteral(
                   "workspace.yaml:3: engine.heartbeat_timeout_ms: must be greater "
                   "than engine.health_check_interval_ms (1000), got '500'");
        QTest::newRow("batch size")
            << msft << QStringLiteral("CAUSEWAY_STORAGE_BATCH_SIZE=0")
            << QStringLiteral(
                   "environment CAUSEWAY_STORAGE_BATCH_SIZE: must be a positive integer, got '0'");
    }

    void rejectsBadInput() {
        QFETCH(QString, yaml);
        QFETCH(QString, env);
        QFETCH(QString, expected);
        try {
            parse(yaml.toStdString(), environment(env));
            QFAIL("accepted");
        } catch (const ConfigError& error) {
            QCOMPARE(QString::fromStdString(error.what()), expected);
        }
    }

    void relativePathsResolveAgainstTheWorkspaceFolder() {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("bars")));
        QVERIFY(QFile::copy(kDataDir + QStringLiteral("/msft_daily.csv"),
                            dir.filePath(QStringLiteral("bars/msft.csv"))));
        QFile file(dir.filePath(QStringLiteral("workspace.yaml")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            "symbols: [{name: MSFT, data: bars/msft.csv, timeframe: 1d}]\n"
            "storage: {db: run.sqlite}\n");
        file.close();

        // the file, or the folder that holds it
        for (const QString& path : {file.fileName(), dir.path()}) {
            const WorkspaceConfig c = WorkspaceConfig::load(path.toStdString(), {});
            QCOMPARE(c.directory, QDir::cleanPath(dir.path()).toStdString());
            QCOMPARE(c.symbols[0].dataPath,
                     QDir::cleanPath(dir.path()).toStdString() + "/bars/msft.csv");
            QCOMPARE(c.storage.dbPath, QDir::cleanPath(dir.path()).toStdString() + "/run.sqlite");
        }
    }

    void namesAMissingFile() {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("nope.yaml")).toStdString();
        try {
            WorkspaceConfig::load(path, {});
            QFAIL("accepted");
        } catch (const ConfigError& error) {
            QCOMPARE(std::string(error.what()), path + ": no such file");
        }
        try {
            WorkspaceConfig::load(dir.path().toStdString(), {});
            QFAIL("accepted");
        } catch (const ConfigError& error) {
            QCOMPARE(std::string(error.what()),
                     dir.path().toStdString() + "/workspace.yaml: no such file");
        }
    }

    void demoWorkspaceLoads() {
        const QString path = kDataDir + QStringLiteral("/../workspaces/demo/workspace.yaml");
        const WorkspaceConfig c = WorkspaceConfig::load(path.toStdString(), {});
        QCOMPARE(c.symbols.size(), std::size_t(1));
        QCOMPARE(c.symbols[0].name, std::string("SP500"));
        QCOMPARE(c.symbols[0].dataPath, dataFile("sp500_daily.csv"));
        QCOMPARE(c.symbols[0].timeframe.label(), std::string("1d"));
        QCOMPARE(c.strategies.size(), std::size_t(1));
        QCOMPARE(c.strategyFor("SP500")->name, std::string("ema_cross"));
        QCOMPARE(c.strategies[0].params.at("fast"), std::string("10"));
        QCOMPARE(c.strategies[0].params.at("slow"), std::string("30"));
        QCOMPARE(c.connector.type, ConnectorType::kPaper);
        QCOMPARE(c.engine.barsPerSecond, 40.0);
        QCOMPARE(c.storage.dbPath,
                 QDir::cleanPath(kDataDir + QStringLiteral("/../workspaces/demo/demo.sqlite"))
                     .toStdString());
    }
};

QTEST_GUILESS_MAIN(TestWorkspaceConfig)
#include "test_workspace_config.moc"
