#include "engine/runtime/session.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "engine/runtime/bar_input.h"
#include "engine/runtime/executor_thread.h"
#include "engine/runtime/statistics.h"
#include "engine/runtime/symbol_executor.h"
#include "engine/runtime/workspace_config.h"
#include "engine/runtime/workspace_sections.h"
#include "engine/storage/run_reader.h"
#include "engine/storage/schema.h"
#include "engine/storage/storage_writer.h"

namespace causeway::engine {

namespace {

Money parseMoneyOption(const std::string& text, const char* option, bool allowZero) {
    const auto value = Money::parse(text);
    if (!value || *value < Money() || (!allowZero && value->isZero())) {
        throw std::invalid_argument(
            std::string("invalid value '") + text + "' for " + option +
            (allowZero ? ": expected a number >= 0" : ": expected a number > 0"));
    }
    return *value;
}

// A value of workspace.yaml's engine or risk section, given as `option`.
void applySetting(WorkspaceConfig& target, const char* section, const std::string& key,
                  const std::string& text, const std::string& option) {
    const config::Section* found = config::sectionNamed(section);
    const config::Setting* setting = found ? found->find(key) : nullptr;
    if (!setting) {
        throw std::invalid_argument("unknown " + std::string(section) + " setting '" + key +
                                    "' for " + option + " (valid: " + found->keys() + ")");
    }
    if (const auto refusal = setting->apply(target, text)) {
        throw std::invalid_argument("invalid value '" + text + "' for " + option + ": " + *refusal);
    }
}

}  // namespace

SimulationConfig simulationConfig(const EngineConfig& engine) {
    SimulationConfig simulation;
    simulation.slippageBps = engine.slippageBps;
    simulation.takerFeeBps = engine.takerFeeBps.value_or(engine.feeBps);
    simulation.makerFeeBps = engine.makerFeeBps.value_or(engine.feeBps);
    simulation.latency = static_cast<Timestamp>(std::llround(engine.latencyMs * 1e6));
    simulation.participation = engine.participation;
    simulation.rejectEvery = engine.rejectEvery;
    simulation.rejectRate = engine.rejectRate;
    return simulation;
}

Session::Session(SessionConfig config, QObject* parent)
    : QObject(parent),
      m_config(std::move(config)),
      m_stopFlag(std::make_shared<std::atomic_bool>(false)) {}

Session::~Session() {
    m_stopFlag->store(true);
    m_thread.reset();
}

void Session::start() {
    if (m_running || m_thread) {
        throw std::logic_error("session already started");
    }
    ExecutorConfig executorConfig;
    executorConfig.strategy = m_config.strategy;
    executorConfig.params = StrategyRegistry::resolve(m_config.strategy, m_config.params);
    executorConfig.initialCash = parseMoneyOption(m_config.initialCash, "--cash", false);
    WorkspaceConfig settings;
    settings.engine.feeBps = parseMoneyOption(m_config.feeBps, "--fee-bps", true);
    settings.engine.slippageBps = parseMoneyOption(m_config.slippageBps, "--slippage-bps", true);
    for (const auto& [key, text] : std::vector<std::pair<const char*, const std::string*>>{
             {"maker_fee_bps", &m_config.makerFeeBps},
             {"taker_fee_bps", &m_config.takerFeeBps},
             {"latency_ms", &m_config.latencyMs},
             {"participation", &m_config.participation},
             {"reject_every", &m_config.rejectEvery},
             {"reject_rate", &m_config.rejectRate},
         }) {
        if (!text->empty()) {
            std::string option = std::string("--") + key;
            std::replace(option.begin(), option.end(), '_', '-');
            applySetting(settings, "engine", key, *text, option);
        }
    }
    for (const auto& [key, text] : m_config.risk) {
        applySetting(settings, "risk", key, text, "--risk " + key);
    }
    executorConfig.simulation = simulationConfig(settings.engine);
    executorConfig.risk = riskLimits(settings.risk);
    executorConfig.barsPerSecond = m_config.barsPerSecond;
    ValidatedBars input = readSessionBars(m_config.dataPath);
    executorConfig.bars = std::move(input.bars);

    m_writer = std::make_unique<StorageWriter>(m_config.dbPath);
    QJsonObject params;
    for (const auto& [key, value] : executorConfig.params) {
        params[QString::fromStdString(key)] = QString::fromStdString(value);
    }
    const Candle& first = executorConfig.bars.front();
    for (auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
             {"strategy", m_config.strategy},
             {"params", QJsonDocument(params).toJson(QJsonDocument::Compact).toStdString()},
             {"data", m_config.dataPath},
             {"symbol", first.symbol.name()},
             {"timeframe", first.timeframe.label()},
             {"initial_cash", executorConfig.initialCash.toString()},
             {"fee_bps", settings.engine.feeBps.toString()},
             {"maker_fee_bps", executorConfig.simulation.makerFeeBps.toString()},
             {"taker_fee_bps", executorConfig.simulation.takerFeeBps.toString()},
             {"slippage_bps", executorConfig.simulation.slippageBps.toString()},
             {"latency_ns", std::to_string(executorConfig.simulation.latency)},
             {"participation", Quantity::fromDouble(settings.engine.participation).toString()},
             {"mode", m_config.barsPerSecond > 0 ? "paper" : "backtest"},
             {"schema_version", std::to_string(schema::kVersion)},
         }) {
        m_writer->write(RunInfoRecord{key, value});
    }

    m_summary = BacktestSummary{};
    m_summary.strategy = m_config.strategy;
    m_summary.symbol = first.symbol.name();
    m_summary.initialCash = executorConfig.initialCash;
    m_summary.priceJumps = input.metrics.priceJumps;
    m_summary.volumeOutliers = input.metrics.volumeOutliers;
    m_summary.gaps = input.metrics.gaps;

    auto executor =
        std::make_unique<SymbolExecutor>(std::move(executorConfig), *m_writer, m_stopFlag);
    executor->setFinalizer([this](SymbolExecutor& executor) {
        // On the engine thread: the run is over, so waiting for the disk here
        // costs no one anything.
        if (const auto error = m_writer->finish()) {
            m_error = QString::fromStdString(*error);
            return;
        }
        const ExecutionWorker& execution = executor.execution();
        BacktestSummary& s = m_summary;
        s.bars = executor.barsProcessed();
        s.events = executor.events();
        s.orders = execution.orderCount();
        s.fills = execution.fillCount();
        s.trades = static_cast<std::int64_t>(execution.closedTradePnls().size());
        s.fees = execution.totalFees();
        s.netPnl = execution.cash() - s.initialCash;
        s.returnPct = s.netPnl.toDouble() / s.initialCash.toDouble() * 100.0;
        const auto& bars = executor.bars();
        const Timestamp last =
            bars[static_cast<std::size_t>(std::max<std::int64_t>(s.bars, 1) - 1)].ts;
        const PerformanceStats stats = computeStats(execution.equityCurve(), bars.front().ts, last,
                                                    execution.closedTradePnls());
        s.maxDrawdownPct = stats.maxDrawdownPct;
        s.sharpe = stats.sharpe;
        s.winRate = stats.winRate;
        s.profitFactor = stats.profitFactor;
        s.cancelled = executor.cancelled();
        try {
            s.ledgerHash = RunReader(m_config.dbPath).ledgerHash();
        } catch (const std::exception& error) {
            m_error = QString::fromStdString(error.what());
        }
    });

    m_thread = std::make_unique<ExecutorThread>(
        std::move(executor), QStringLiteral("engine-") + QString::fromStdString(m_summary.symbol));
    SymbolExecutor* running = &m_thread->executor();
    connect(running, &SymbolExecutor::progress, this, &Session::progress);
    connect(running, &SymbolExecutor::tradingBlocked, this, [this](const QString& reasons) {
        m_blocked = true;
        Q_EMIT tradingBlocked(reasons);
    });
    connect(running, &SymbolExecutor::tradingReauthorized, this, [this] {
        m_blocked = false;
        Q_EMIT tradingReauthorized();
    });
    connect(running, &SymbolExecutor::done, this, &Session::onExecutorDone);
    connect(running, &SymbolExecutor::failed, this, [this](const QString& message) {
        m_running = false;
        m_writer->finish();
        m_thread->join();
        Q_EMIT failed(message);
    });
    m_elapsed.start();
    m_running = true;
    m_thread->start();
}

void Session::stop() {
    m_stopFlag->store(true);
}

void Session::reauthorize() {
    if (m_running && m_thread) {
        QMetaObject::invokeMethod(&m_thread->executor(), "reauthorize", Qt::QueuedConnection,
                                  Q_ARG(QString, QStringLiteral("hand")));
    }
}

void Session::onExecutorDone() {
    m_running = false;
    m_thread->join();
    m_summary.elapsedSeconds = static_cast<double>(m_elapsed.nsecsElapsed()) / 1e9;
    m_summary.eventsPerSecond =
        m_summary.elapsedSeconds > 0
            ? static_cast<double>(m_summary.events) / m_summary.elapsedSeconds
            : 0.0;
    if (!m_error.isEmpty()) {
        m_storageFailed = true;
        Q_EMIT failed(m_error);
        return;
    }
    Q_EMIT finished();
}

}  // namespace causeway::engine
