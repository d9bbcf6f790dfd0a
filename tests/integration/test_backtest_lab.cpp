#include <QDateTime>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <cmath>
#include <map>

#include "cli_runner.h"
#include "engine/lab/backtest_runner.h"
#include "engine/storage/run_reader.h"
#include "engine/storage/storage_writer.h"

// The backtest lab through the real causeway-cli: several symbols on a pool
// of threads, trade prints built into bars, intra-bar detail deciding a
// bracket, the HTML report and the exports, the statistics and the error
// exits. Expected figures are worked out here from the data files, not taken
// from the program.
class TestBacktestLab final : public QObject {
    Q_OBJECT

private:
    using Result = causeway::test::CliResult;

    QTemporaryDir m_dir;

    static QString resource(const char* name) {
        return QStringLiteral(CAUSEWAY_RESOURCE_DATA_DIR "/") + QLatin1String(name);
    }
    QString path(const QString& name) const { return m_dir.filePath(name); }
    QString path(const char* name) const { return path(QLatin1String(name)); }

    // "--strategy ema_cross --json" as its words.
    static QStringList words(const char* text) {
        return QString::fromLatin1(text).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    }

    static QByteArray readAll(const QString& file) {
        QFile in(file);
        if (!in.open(QIODevice::ReadOnly)) {
            qWarning("cannot read %s", qPrintable(file));
            return {};
        }
        return in.readAll();
    }

    QString writeFile(const char* name, const QByteArray& content) const {
        const QString file = path(name);
        QFile out(file);
        if (!out.open(QIODevice::WriteOnly) || out.write(content) != content.size()) {
            qFatal("cannot write %s", qPrintable(file));
        }
        return file;
    }

    // `backtest ARGS --db DB`; a failure shows its stderr.
    static Result backtest(const QString& db, const QStringList& args) {
        const Result result =
            causeway::test::runCli(QStringList{QStringLiteral("backtest")} + args +
                                   QStringList{QStringLiteral("--db"), db});
        if (result.exitCode != 0) {
            qWarning("backtest exited %d: %s", result.exitCode, result.err.constData());
        }
        return result;
    }

    // `backtest --data FILE` (of resources/data), `more`, then `options`.
    static Result backtestOf(const char* file, const QString& db, const char* options,
                             const QStringList& more = {}) {
        return backtest(
            db, QStringList{QStringLiteral("--data"), resource(file)} + more + words(options));
    }

    // SP500 and MSFT daily on `threads` executor threads.
    static Result pairBacktest(const QString& db, const QString& threads) {
        return backtestOf("sp500_daily.csv", db, "--strategy ema_cross --json",
                          {QStringLiteral("--data"), resource("msft_daily.csv"),
                           QStringLiteral("--threads"), threads});
    }

    static QJsonObject object(const QByteArray& json) {
        return QJsonDocument::fromJson(json).object();
    }

    static QJsonArray trades(const QString& db) {
        return QJsonDocument::fromJson(
                   causeway::test::runCli({QStringLiteral("trades"), QStringLiteral("--db"), db,
                                           QStringLiteral("--json")})
                       .out)
            .array();
    }

    // The bars of a date-stamped daily file by "YYYY-MM-DDT00:00:00Z", as
    // the JSON names their times: {open, close}.
    static QHash<QString, std::pair<double, double>> dailyBars(const QString& file) {
        QHash<QString, std::pair<double, double>> bars;
        const QList<QByteArray> lines = readAll(file).split('\n');
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QList<QByteArray> cells = lines[i].trimmed().split(',');
            if (cells.size() >= 5) {
                bars.insert(QString::fromLatin1(cells[0]) + QStringLiteral("T00:00:00Z"),
                            {cells[1].toDouble(), cells[4].toDouble()});
            }
        }
        return bars;
    }

    // Equity rows of the run at `db` by symbol: one per close each.
    static std::map<std::string, qint64> equityRows(const QString& db) {
        std::map<std::string, qint64> rows;
        for (const causeway::engine::EquityRow& row :
             causeway::engine::RunReader(db.toStdString()).equity()) {
            ++rows[row.symbol];
        }
        return rows;
    }

    static bool near(double a, double b, double tolerance = 1e-6) {
        return std::abs(a - b) <= tolerance;
    }

    // The coarse bars of the detail tests (symbol BARS): three quiet hours,
    // a breakout closing at 103 (channel of 2 bars: high 101; ATR(1) = 3, so
    // with stop_atr=1 and target_r=1 the bracket is stop 100 / target 106),
    // the entry at 04:00's open 103, and a bar that reaches both exits: its
    // low is nearer its open (down 3.5, up 4), so the bar-only guess goes
    // down first and stops out.
    QString coarseBars() const {
        return writeFile("bars_1h.csv",
                         "timestamp,open,high,low,close,volume\n"
                         "2024-01-01T00:00:00Z,100,101,99,100,1000\n"
                         "2024-01-01T01:00:00Z,100,101,99,100,1000\n"
                         "2024-01-01T02:00:00Z,100,101,99,100,1000\n"
                         "2024-01-01T03:00:00Z,100,103,100,103,1000\n"
                         "2024-01-01T04:00:00Z,103,107,99.5,104,1000\n"
                         "2024-01-01T05:00:00Z,104,104.5,103.5,104,1000\n"
                         "2024-01-01T06:00:00Z,104,104.5,103.5,104,1000\n");
    }

    // How the 04:00 bar really traded, every 15 minutes: up to 107 first
    // (04:30), down to 99.5 only in its last quarter.
    QString risingFirstDetail() const {
        return writeFile("bars_15m.csv",
                         "timestamp,open,high,low,close,volume\n"
                         "2024-01-01T04:00:00Z,103,104,102,103.5,250\n"
                         "2024-01-01T04:15:00Z,103.5,105,103,104.5,250\n"
                         "2024-01-01T04:30:00Z,104.5,107,104,105,250\n"
                         "2024-01-01T04:45:00Z,105,105,99.5,104,250\n");
    }

    static QStringList bracketArgs() {
        return words(
            "--strategy breakout --param channel=2 --param atr=1 --param stop_atr=1 "
            "--param target_r=1 --param spike_atr=0 --param exits=bracket --json");
    }

    // The type of the order that closed `trade` and the price it filled at.
    static std::pair<QString, double> closingOrder(const QString& db, const QString& trade) {
        const QJsonArray orders =
            object(
                causeway::test::runCli({QStringLiteral("story"), QStringLiteral("--db"), db,
                                        QStringLiteral("--trade"), trade, QStringLiteral("--json")})
                    .out)[QStringLiteral("orders")]
                .toArray();
        std::pair<QString, double> closing;
        for (const QJsonValue& value : orders) {
            const QJsonObject order = value[QStringLiteral("order")].toObject();
            const QJsonArray fills = value[QStringLiteral("fills")].toArray();
            if (order[QStringLiteral("side")].toString() == QStringLiteral("sell") &&
                !fills.isEmpty()) {
                closing = {order[QStringLiteral("type")].toString(),
                           fills[0][QStringLiteral("price")].toDouble()};
            }
        }
        return closing;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // a. The ledger and every figure are the same for 1, 2 and 4 threads.
    void anyThreadCountGivesTheSameRun() {
        QJsonObject reference;
        for (const char* threads : {"1", "2", "4"}) {
            const QString db = path(QStringLiteral("threads%1.sqlite").arg(QLatin1String(threads)));
            const Result result = pairBacktest(db, QLatin1String(threads));
            QCOMPARE(result.exitCode, 0);
            const QJsonObject run = object(result.out);
            // one mark per close of each symbol, none lost to the other's
            const auto rows = equityRows(db);
            const QJsonArray symbols = run[QStringLiteral("symbols")].toArray();
            QCOMPARE(rows.at("SP500"), symbols[0][QStringLiteral("bars")].toInteger());
            QCOMPARE(rows.at("MSFT"), symbols[1][QStringLiteral("bars")].toInteger());
            if (reference.isEmpty()) {
                reference = run;
                continue;
            }
            for (const char* key : {"ledger_hash", "net_pnl", "trades", "fills", "orders", "bars",
                                    "statistics", "symbols"}) {
                QCOMPARE(run[QLatin1String(key)], reference[QLatin1String(key)]);
            }
        }
        QCOMPARE(reference[QStringLiteral("ledger_hash")].toString().size(), 64);
        QVERIFY(reference[QStringLiteral("trades")].toInt() > 0);
    }

    // a. Two symbols are two executors, each with half the cash: their
    // figures add up, and each equals that symbol run alone on 50000.
    void symbolsAreIndependentExecutorsWithHalfTheCash() {
        const Result result = pairBacktest(path("pair.sqlite"), QStringLiteral("2"));
        QCOMPARE(result.exitCode, 0);
        const QJsonObject run = object(result.out);
        const QJsonArray symbols = run[QStringLiteral("symbols")].toArray();
        QCOMPARE(symbols.size(), 2);
        QCOMPARE(symbols[0][QStringLiteral("symbol")].toString(), QStringLiteral("SP500"));
        QCOMPARE(symbols[1][QStringLiteral("symbol")].toString(), QStringLiteral("MSFT"));
        QCOMPARE(run[QStringLiteral("symbol")].toString(), QStringLiteral("SP500,MSFT"));

        double pnl = 0.0;
        qint64 tradeCount = 0;
        for (const QJsonValue& symbol : symbols) {
            QCOMPARE(symbol[QStringLiteral("initial_cash")].toDouble(), 50000.0);
            pnl += symbol[QStringLiteral("net_pnl")].toDouble();
            tradeCount += symbol[QStringLiteral("trades")].toInteger();
        }
        QVERIFY(near(pnl, run[QStringLiteral("net_pnl")].toDouble()));
        QCOMPARE(tradeCount, run[QStringLiteral("trades")].toInteger());
        // the two symbols trade differently: neither figure is the other's copy
        QVERIFY(symbols[0][QStringLiteral("trades")] != symbols[1][QStringLiteral("trades")]);

        for (qsizetype i = 0; i < symbols.size(); ++i) {
            const char* file = i == 0 ? "sp500_daily.csv" : "msft_daily.csv";
            const Result alone = backtestOf(file, path(QStringLiteral("alone%1.sqlite").arg(i)),
                                            "--strategy ema_cross --cash 50000 --json");
            QCOMPARE(alone.exitCode, 0);
            const QJsonObject single = object(alone.out);
            QCOMPARE(symbols[i][QStringLiteral("net_pnl")], single[QStringLiteral("net_pnl")]);
            QCOMPARE(symbols[i][QStringLiteral("trades")], single[QStringLiteral("trades")]);
            QCOMPARE(symbols[i][QStringLiteral("bars")], single[QStringLiteral("bars")]);
        }
    }

    // a. The database holds every symbol's marks however its writer
    // batches them: here all in one transaction, where the two symbols'
    // marks at the same closes meet.
    void everySymbolsMarksReachTheDatabase() {
        using namespace causeway::engine;
        const BacktestData data = loadBacktestData(
            {resource("sp500_daily.csv").toStdString(), resource("msft_daily.csv").toStdString()},
            {}, "");
        const QString db = path("one_batch.sqlite");
        StorageWriterOptions batching;
        batching.batchSize = 1'000'000;
        batching.flushInterval = std::chrono::hours(1);
        StorageWriter writer(db.toStdString(), batching);
        BacktestOptions options;
        options.storage = &writer;
        const BacktestResult result = runBacktest(RunSettings{}, data, options);
        QVERIFY(!writer.finish());
        QCOMPARE(result.symbols.size(), std::size_t(2));
        const auto rows = equityRows(db);
        QCOMPARE(rows.at("SP500"), result.symbols[0].bars);
        QCOMPARE(rows.at("MSFT"), result.symbols[1].bars);
    }

    // b. Trade prints become one bar per 4h bucket that has any print.
    void tradePrintsBecomeBarsOfTheTimeframe() {
        QSet<qint64> buckets;
        const QList<QByteArray> lines = readAll(resource("usdchf_30m.csv")).split('\n');
        QCOMPARE(lines.first().trimmed(), QByteArray("timestamp,price"));
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray cell = lines[i].split(',').first().trimmed();
            if (cell.isEmpty()) {
                continue;
            }
            const QDateTime time = QDateTime::fromString(QString::fromLatin1(cell), Qt::ISODate);
            QVERIFY2(time.isValid(), cell.constData());
            buckets.insert(time.toSecsSinceEpoch() / (4 * 3600));  // all after 1970
        }
        QVERIFY(buckets.size() > 1000);

        const Result result = backtestOf("usdchf_30m.csv", path("usdchf.sqlite"),
                                         "--timeframe 4h --strategy ema_cross --json");
        QCOMPARE(result.exitCode, 0);
        const QJsonObject run = object(result.out);
        QCOMPARE(run[QStringLiteral("bars")].toInteger(), static_cast<qint64>(buckets.size()));
        const QJsonObject symbol = run[QStringLiteral("symbols")][0].toObject();
        QCOMPARE(symbol[QStringLiteral("symbol")].toString(), QStringLiteral("USDCHF"));
        QCOMPARE(symbol[QStringLiteral("timeframe")].toString(), QStringLiteral("4h"));
    }

    void tradePrintsNeedATimeframe() {
        const Result result =
            backtestOf("usdchf_30m.csv", path("usdchf_none.sqlite"), "--strategy ema_cross --json");
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("--timeframe"), result.err.constData());
    }

    // c. The same bars with and without 15m detail: the guess stops the
    // trade out at 100, the detail says the target at 106 came first.
    void detailDecidesWhichBracketExitFills() {
        const QString bars = coarseBars();
        const QString detail = risingFirstDetail();
        const QString guessDb = path("guess.sqlite");
        const QString detailDb = path("detail.sqlite");
        QCOMPARE(
            backtest(guessDb, QStringList{QStringLiteral("--data"), bars} + bracketArgs()).exitCode,
            0);
        const Result withDetail = backtest(
            detailDb, QStringList{QStringLiteral("--data"), bars, QStringLiteral("--detail"),
                                  detail, QStringLiteral("--report"), path("detail.html")} +
                          bracketArgs());
        QCOMPARE(withDetail.exitCode, 0);

        const QJsonObject guess = trades(guessDb).first().toObject();
        const QJsonObject real = trades(detailDb).first().toObject();
        QCOMPARE(guess[QStringLiteral("trade_id")], real[QStringLiteral("trade_id")]);
        for (const QJsonObject& trade : {guess, real}) {
            QCOMPARE(trade[QStringLiteral("entry_time")].toString(),
                     QStringLiteral("2024-01-01T04:00:00Z"));
            QCOMPARE(trade[QStringLiteral("entry_price")].toDouble(), 103.0);
            // a fill inside a bar carries the bar's time, detail or not
            QCOMPARE(trade[QStringLiteral("exit_time")].toString(),
                     QStringLiteral("2024-01-01T04:00:00Z"));
        }
        QCOMPARE(guess[QStringLiteral("exit_price")].toDouble(), 100.0);
        QCOMPARE(guess[QStringLiteral("pnl")].toDouble(), -3.0);
        QCOMPARE(real[QStringLiteral("exit_price")].toDouble(), 106.0);
        QCOMPARE(real[QStringLiteral("pnl")].toDouble(), 3.0);

        const QString id = guess[QStringLiteral("trade_id")].toString();
        QCOMPARE(closingOrder(guessDb, id), std::make_pair(QStringLiteral("stop"), 100.0));
        QCOMPARE(closingOrder(detailDb, id), std::make_pair(QStringLiteral("limit"), 106.0));

        const QByteArray html = readAll(path("detail.html"));
        QVERIFY(html.contains("detail BARS"));
        QVERIFY(html.contains(detail.toUtf8()));
    }

    // c. Detail must be finer than the bars and trade inside their ranges.
    void detailMustBeFinerAndOfTheSameInstrument() {
        const QString bars = coarseBars();
        const Result same =
            backtest(path("same.sqlite"),
                     QStringList{QStringLiteral("--data"), bars, QStringLiteral("--detail"), bars} +
                         bracketArgs());
        QCOMPARE(same.exitCode, 2);
        QVERIFY2(same.err.contains("not finer"), same.err.constData());

        const QString other = writeFile("other_15m.csv",
                                        "timestamp,open,high,low,close,volume\n"
                                        "2024-01-01T04:00:00Z,0.91,0.92,0.90,0.91,10\n"
                                        "2024-01-01T04:15:00Z,0.91,0.93,0.91,0.92,10\n"
                                        "2024-01-01T04:30:00Z,0.92,0.92,0.90,0.90,10\n"
                                        "2024-01-01T04:45:00Z,0.90,0.91,0.89,0.91,10\n");
        const Result foreign = backtest(
            path("foreign.sqlite"),
            QStringList{QStringLiteral("--data"), bars, QStringLiteral("--detail"), other} +
                bracketArgs());
        QCOMPARE(foreign.exitCode, 2);
        QVERIFY2(foreign.err.contains("does not fit"), foreign.err.constData());
    }

    // d. One page, nothing to fetch, the strategy and its trades in it.
    void reportIsOneSelfContainedPage() {
        const QString db = path("report.sqlite");
        const Result result = backtestOf("msft_daily.csv", db, "--strategy ema_cross --json",
                                         {QStringLiteral("--report"), path("report.html")});
        QCOMPARE(result.exitCode, 0);
        const QByteArray html = readAll(path("report.html"));
        QVERIFY(html.startsWith("<!DOCTYPE html>") || html.startsWith("<!doctype html>"));
        QVERIFY(html.contains("<svg"));
        for (const char* fetch : {"http://", "https://", "src=", "<link", "url(", "@import"}) {
            QVERIFY2(!html.contains(fetch), fetch);
        }
        QVERIFY(html.contains("ema_cross"));
        const QJsonArray closed = trades(db);
        QVERIFY(!closed.isEmpty());
        QCOMPARE(closed.size(), object(result.out)[QStringLiteral("trades")].toInt());
        QVERIFY(html.contains(QByteArray("Trades (" + QByteArray::number(closed.size()) + ')')));
        for (const QJsonValue& trade : closed) {
            QVERIFY(html.contains(trade[QStringLiteral("trade_id")].toString().toUtf8()));
        }
    }

    // d. The export folder: the trades, both equity series, the months and
    // the run's JSON.
    void exportsHoldTheRun() {
        const QString db = path("export.sqlite");
        const QString dir = path("export");
        const Result result = backtestOf("msft_daily.csv", db, "--strategy ema_cross --json",
                                         {QStringLiteral("--export"), dir});
        QCOMPARE(result.exitCode, 0);
        const QJsonObject run = object(result.out);
        const auto rows = [&](const char* name) {
            QList<QByteArray> lines =
                readAll(dir + QLatin1Char('/') + QLatin1String(name)).split('\n');
            if (!lines.isEmpty() && lines.last().isEmpty()) {
                lines.removeLast();
            }
            return lines;
        };

        const QList<QByteArray> tradeRows = rows("trades.csv");
        QVERIFY(tradeRows.first().startsWith("trade_id,"));
        QCOMPARE(tradeRows.size() - 1, run[QStringLiteral("trades")].toInt());
        QSet<QString> csvIds;
        for (qsizetype i = 1; i < tradeRows.size(); ++i) {
            csvIds.insert(QString::fromUtf8(tradeRows[i].split(',').first()));
        }
        QSet<QString> ids;
        for (const QJsonValue& trade : trades(db)) {
            ids.insert(trade[QStringLiteral("trade_id")].toString());
        }
        QCOMPARE(csvIds, ids);

        const qint64 bars = run[QStringLiteral("bars")].toInteger();
        for (const char* series : {"equity.csv", "benchmark.csv"}) {
            const QList<QByteArray> points = rows(series);
            QVERIFY2(points.first().startsWith("ts,equity"), series);
            QCOMPARE(points.size() - 1, bars);  // one point per close
        }
        const QJsonObject statistics = run[QStringLiteral("statistics")].toObject();
        const QList<QByteArray> months = rows("monthly.csv");
        QCOMPARE(months.first(), QByteArray("year,month,return_pct"));
        QCOMPARE(months.size() - 1, 13);  // MSFT: September 2000 to September 2001
        QCOMPARE(months.size() - 1, statistics[QStringLiteral("monthly_returns")].toArray().size());

        QJsonParseError error;
        const QJsonDocument exported =
            QJsonDocument::fromJson(readAll(dir + QStringLiteral("/statistics.json")), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(exported[QStringLiteral("ledger_hash")], run[QStringLiteral("ledger_hash")]);
        QCOMPARE(exported[QStringLiteral("statistics")].toObject(), statistics);
    }

    // e. Every documented statistic is there, agreeing with the summary.
    void statisticsHoldEveryFigure() {
        const Result result =
            backtestOf("msft_daily.csv", path("stats.sqlite"), "--strategy ema_cross --json");
        QCOMPARE(result.exitCode, 0);
        const QJsonObject run = object(result.out);
        const QJsonObject statistics = run[QStringLiteral("statistics")].toObject();
        for (const char* key :
             {"total_return_pct", "annualized_return_pct", "volatility_pct", "sharpe", "sortino",
              "calmar", "max_drawdown_pct", "win_rate", "profit_factor", "expectancy",
              "average_win", "average_loss", "exposure_pct", "turnover", "fees", "slippage_cost",
              "trade_count"}) {
            QVERIFY2(statistics[QLatin1String(key)].isDouble(), key);
        }
        QVERIFY(statistics[QStringLiteral("monthly_returns")].isArray());
        const QJsonObject benchmark = statistics[QStringLiteral("benchmark")].toObject();
        for (const char* key : {"total_return_pct", "max_drawdown_pct", "sharpe"}) {
            QVERIFY2(benchmark[QLatin1String(key)].isDouble(), key);
        }
        QCOMPARE(statistics[QStringLiteral("trade_count")].toInt(),
                 run[QStringLiteral("trades")].toInt());
        QVERIFY(near(statistics[QStringLiteral("net_pnl")].toDouble(),
                     run[QStringLiteral("net_pnl")].toDouble()));
        QCOMPARE(statistics[QStringLiteral("max_drawdown_pct")],
                 run[QStringLiteral("max_drawdown_pct")]);
        QCOMPARE(statistics[QStringLiteral("sharpe")], run[QStringLiteral("sharpe")]);
        QVERIFY(near(statistics[QStringLiteral("total_return_pct")].toDouble(),
                     run[QStringLiteral("return_pct")].toDouble()));
        // buy and hold of MSFT from its first close to its last
        const QHash<QString, std::pair<double, double>> bars =
            dailyBars(resource("msft_daily.csv"));
        const double first = bars.value(QStringLiteral("2000-09-27T00:00:00Z")).second;
        const double last = bars.value(QStringLiteral("2001-09-27T00:00:00Z")).second;
        QVERIFY(first > 0 && last > 0);
        QVERIFY(near(benchmark[QStringLiteral("total_return_pct")].toDouble(),
                     (last / first - 1.0) * 100.0));
    }

    // e. 10 bps of slippage cost each market fill 10 bps of its arrival
    // price (the open it filled at): the sum over every fill, 0 without.
    void slippageCostIsTheSumOverTheFills() {
        const QString db = path("slip10.sqlite");
        const Result slipped =
            backtestOf("msft_daily.csv", db, "--strategy ema_cross --slippage-bps 10 --json");
        QCOMPARE(slipped.exitCode, 0);
        const Result clean = backtestOf("msft_daily.csv", path("slip0.sqlite"),
                                        "--strategy ema_cross --slippage-bps 0 --json");
        QCOMPARE(clean.exitCode, 0);
        const double cost =
            object(slipped.out)[QStringLiteral("statistics")][QStringLiteral("slippage_cost")]
                .toDouble();
        QCOMPARE(object(clean.out)[QStringLiteral("statistics")][QStringLiteral("slippage_cost")]
                     .toDouble(),
                 0.0);

        const QHash<QString, std::pair<double, double>> bars =
            dailyBars(resource("msft_daily.csv"));
        double expected = 0.0;
        const QJsonArray closed = trades(db);
        QVERIFY(!closed.isEmpty());
        for (const QJsonValue& trade : closed) {
            const double qty = trade[QStringLiteral("qty")].toDouble();
            for (const char* leg : {"entry", "exit"}) {
                const QString name = QLatin1String(leg);
                const QString time = trade[QString(name + QStringLiteral("_time"))].toString();
                const double price = trade[QString(name + QStringLiteral("_price"))].toDouble();
                QVERIFY2(bars.contains(time), qPrintable(time));
                const double open = bars.value(time).first;
                // a market fill at the bar's open, moved against the trader
                QVERIFY2(near(std::abs(price - open), open * 0.001, 1e-4), qPrintable(time));
                expected += open * 0.001 * qty;
            }
        }
        QVERIFY(cost > 0.0);
        QVERIFY2(near(cost, expected, 1e-4),
                 qPrintable(QStringLiteral("%1 vs %2").arg(cost).arg(expected)));
    }

    // e. 5 bps of fees: the trades' fees, 5 bps of every fill's notional.
    void feesAreTheTradesFees() {
        const QString db = path("fees.sqlite");
        const Result result =
            backtestOf("msft_daily.csv", db, "--strategy ema_cross --fee-bps 5 --json");
        QCOMPARE(result.exitCode, 0);
        const QJsonObject run = object(result.out);
        double tradeFees = 0.0;
        double notional = 0.0;
        for (const QJsonValue& trade : trades(db)) {
            const double qty = trade[QStringLiteral("qty")].toDouble();
            tradeFees += trade[QStringLiteral("fees")].toDouble();
            notional += (trade[QStringLiteral("entry_price")].toDouble() +
                         trade[QStringLiteral("exit_price")].toDouble()) *
                        qty;
        }
        const double fees = run[QStringLiteral("statistics")][QStringLiteral("fees")].toDouble();
        QVERIFY(fees > 0.0);
        QVERIFY(near(fees, tradeFees));
        QVERIFY(near(fees, run[QStringLiteral("fees")].toDouble()));
        QVERIFY(near(fees, notional * 5.0 / 10'000.0, 1e-6));
    }

    // f. Usage and data errors exit with their codes and say why.
    void errorsExitWithTheirCodes_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QByteArray>("message");
        const QString msft = resource("msft_daily.csv");
        const QString bad = writeFile("bad_1d.csv",
                                      "date,open,high,low,close,volume\n"
                                      "2024-01-01,1,2,0.5,1.5,10\n"
                                      "2024-01-02,1,2,zz,1.5,10\n"
                                      "2024-01-03,1,2,0.5,1.5,10\n");
        const QString twin = writeFile("msft_copy.csv", readAll(msft));
        const QStringList data{QStringLiteral("--data"), msft};
        QTest::newRow("unknown strategy")
            << (data + words("--strategy no_such_strategy")) << 2 << QByteArray("unknown strategy");
        QTest::newRow("malformed row")
            << (QStringList{QStringLiteral("--data"), bad} + words("--strategy ema_cross")) << 3
            << QByteArray(bad.toUtf8() + ":3:");
        for (const char* threads : {"0", "x", "257", "1.5"}) {
            QTest::newRow(qPrintable(QStringLiteral("threads %1").arg(QLatin1String(threads))))
                << (data + words("--strategy ema_cross") +
                    QStringList{QStringLiteral("--threads"), QLatin1String(threads)})
                << 2 << QByteArray("--threads");
        }
        QTest::newRow("one symbol twice")
            << (data + QStringList{QStringLiteral("--data"), twin} + words("--strategy ema_cross"))
            << 2 << QByteArray("both symbol MSFT");
    }

    void errorsExitWithTheirCodes() {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QByteArray, message);
        const Result result = backtest(path("error.sqlite"), args);
        QCOMPARE(result.exitCode, code);
        QVERIFY2(result.err.contains(message), result.err.constData());
        QVERIFY(result.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestBacktestLab)
#include "test_backtest_lab.moc"
