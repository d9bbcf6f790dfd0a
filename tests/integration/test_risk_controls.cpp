#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "cli_runner.h"
#include "engine/runtime/session.h"
#include "engine/storage/run_reader.h"
#include "engine/storage/sqlite_db.h"

using namespace causeway::engine;

// The risk engine in whole runs: limits that block orders before they
// leave, the circuit breaker that blocks trading after a drawdown, and the
// hand that lets it go on again — in a backtest, a session continued after
// kills, and the GUI's session.
class TestRiskControls final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString path(const QString& name) const { return m_dir.filePath(name); }
    static QString msft() { return QStringLiteral(CAUSEWAY_RESOURCE_DATA_DIR "/msft_daily.csv"); }

    // ema_cross(5, 20) on MSFT, 200 shares, reversing: about 3,000 of equity
    // swing per trade.
    QStringList backtest(const QString& db, const QStringList& extra) const {
        return QStringList{QStringLiteral("backtest"),
                           QStringLiteral("--data"),
                           msft(),
                           QStringLiteral("--strategy"),
                           QStringLiteral("ema_cross"),
                           QStringLiteral("--param"),
                           QStringLiteral("fast=5"),
                           QStringLiteral("--param"),
                           QStringLiteral("slow=20"),
                           QStringLiteral("--param"),
                           QStringLiteral("qty=200"),
                           QStringLiteral("--param"),
                           QStringLiteral("allow_short=true"),
                           QStringLiteral("--db"),
                           db} +
               extra;
    }

    static std::vector<JournalRow> entries(const RunReader& reader, const std::string& kind) {
        std::vector<JournalRow> found;
        for (auto& entry : reader.journal()) {
            if (entry.kind == kind) {
                found.push_back(std::move(entry));
            }
        }
        return found;
    }

    static void verifies(const QString& db) {
        const auto result =
            causeway::test::runCli({QStringLiteral("verify"), QStringLiteral("--db"), db});
        QVERIFY2(result.exitCode == 0, QByteArray(result.out + result.err).constData());
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // A 3% drawdown from the peak trips the breaker on 2001-03-27: the entry
    // decided at that close is cancelled, the exit goes on, and every later
    // entry is refused with the block's reason; nothing opens again.
    void aDrawdownBlocksTradingForTheRestOfABacktest() {
        const QString db = path(QStringLiteral("drawdown.sqlite"));
        const auto result = causeway::test::runCli(
            backtest(db, {QStringLiteral("--risk"), QStringLiteral("max_drawdown_pct=3")}));
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const RunReader reader(db.toStdString());
        const auto blocks = entries(reader, "trading_blocked");
        QCOMPARE(blocks.size(), std::size_t{1});
        const Timestamp tripped = blocks[0].ts;
        QCOMPARE(QString::fromStdString(formatIso8601(tripped)),
                 QStringLiteral("2001-03-27T00:00:00Z"));
        QCOMPARE(blocks[0]
                     .context[QStringLiteral("reasons")]
                     .toArray()[0]
                     .toObject()[QStringLiteral("message")]
                     .toString(),
                 QStringLiteral("drawdown 3.22931786% exceeds max_drawdown_pct 3% (equity "
                                "100012.5, peak 103350)"));
        QCOMPARE(blocks[0].causality[QStringLiteral("origin")].toObject()[QStringLiteral("id")],
                 QStringLiteral("CDL_MSFT_1d_20010327_000000"));
        // the entry placed at the tripping close leaves the book
        QCOMPARE(entries(reader, "order_cancelled").size(), std::size_t{1});
        const auto refused = entries(reader, "risk_blocked");
        QVERIFY(!refused.empty());
        for (const auto& entry : refused) {
            QVERIFY(entry.ts > tripped);
            const QJsonObject breach =
                entry.context[QStringLiteral("risk_breaches")].toArray()[0].toObject();
            QCOMPARE(breach[QStringLiteral("rule")].toString(), QStringLiteral("trading_blocked"));
            QVERIFY(breach[QStringLiteral("message")].toString().startsWith(
                QStringLiteral("trading blocked since 2001-03-27T00:00:00Z until reauthorized: ")));
            // the refused decision keeps its chain
            QVERIFY(!entry.causality[QStringLiteral("directive_id")].toString().isEmpty());
            QVERIFY(!entry.causality[QStringLiteral("signal_ids")].toArray().isEmpty());
        }
        for (const auto& trade : reader.trades(false)) {
            if (trade.status != "void") {
                QVERIFY2(*trade.entryTs <= tripped + kNanosPerDay, trade.tradeId.c_str());
            }
        }
        verifies(db);
    }

    // An order notional limit below every entry's value refuses them all:
    // no order leaves, each decision is journaled with the breach.
    void anOrderNotionalLimitRefusesEveryEntry() {
        const QString db = path(QStringLiteral("notional.sqlite"));
        const auto result = causeway::test::runCli(
            backtest(db, {QStringLiteral("--risk"), QStringLiteral("max_order_notional=5000"),
                          QStringLiteral("--json")}));
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(QJsonDocument::fromJson(result.out).object()[QStringLiteral("orders")].toInt(), 0);
        const RunReader reader(db.toStdString());
        const auto refused = entries(reader, "risk_blocked");
        QVERIFY(refused.size() > 5);
        const QString message = refused[0]
                                    .context[QStringLiteral("risk_breaches")]
                                    .toArray()[0]
                                    .toObject()[QStringLiteral("message")]
                                    .toString();
        // the first decision: short 200 at the 57.375 close
        QCOMPARE(message, QStringLiteral("order notional 11475 exceeds max_order_notional 5000 "
                                         "(sell 200 at 57.375)"));
        verifies(db);
    }

    void badRiskOptionsAreUsageErrors() {
        const auto unknown = causeway::test::runCli(backtest(
            path(QStringLiteral("x.sqlite")), {QStringLiteral("--risk"), QStringLiteral("max=1")}));
        QCOMPARE(unknown.exitCode, 2);
        QCOMPARE(unknown.err,
                 QByteArray("causeway-cli backtest: unknown risk setting 'max' for --risk max "
                            "(valid: max_position, max_order_notional, max_open_orders, "
                            "daily_loss_limit, max_drawdown_pct, price_band_pct, "
                            "cancel_open_orders_on_trip)\n"));
        const auto bad = causeway::test::runCli(
            backtest(path(QStringLiteral("x.sqlite")),
                     {QStringLiteral("--risk"), QStringLiteral("max_drawdown_pct=200")}));
        QCOMPARE(bad.exitCode, 2);
        QCOMPARE(bad.err, QByteArray("causeway-cli backtest: invalid value '200' for --risk "
                                     "max_drawdown_pct: must be a percentage above 0 and at most "
                                     "100, got '200'\n"));
        const auto participation = causeway::test::runCli(
            backtest(path(QStringLiteral("x.sqlite")),
                     {QStringLiteral("--participation"), QStringLiteral("2")}));
        QCOMPARE(participation.exitCode, 2);
        QCOMPARE(participation.err,
                 QByteArray("causeway-cli backtest: invalid value '2' for --participation: must "
                            "be a number from 0 to 1, got '2'\n"));
    }

    // A session blocked by the breaker is continued with --reauthorize: the
    // reauthorization is journaled where it continued, entries go out again,
    // and a later continuation replays it (its ledger check passes).
    void aSessionIsReauthorizedByHandAndReplaysIt() {
        QFile yaml(path(QStringLiteral("workspace.yaml")));
        QVERIFY(yaml.open(QIODevice::WriteOnly));
        yaml.write(QStringLiteral("symbols:\n"
                                  "  - name: MSFT\n"
                                  "    data: %1\n"
                                  "    timeframe: 1d\n"
                                  "strategies:\n"
                                  "  - name: ema_cross\n"
                                  "    parameters: {fast: 5, slow: 20, qty: 200, allow_short: "
                                  "true}\n"
                                  "risk:\n"
                                  "  max_drawdown_pct: 3\n"
                                  "connector:\n"
                                  "  type: paper\n"
                                  "engine:\n"
                                  "  bars_per_second: 100\n"
                                  "storage:\n"
                                  "  db: session.sqlite\n"
                                  "  batch_size: 5\n")
                       .arg(msft())
                       .toUtf8());
        yaml.close();
        const QString db = path(QStringLiteral("session.sqlite"));
        const auto run = [&](bool reauthorize, const char* untilKind) {
            QProcess process;
            process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
            QStringList args{QStringLiteral("session"), QStringLiteral("--workspace"),
                             yaml.fileName()};
            if (reauthorize) {
                args.append(QStringLiteral("--reauthorize"));
            }
            process.start(QStringLiteral(CAUSEWAY_CLI_PATH), args);
            QVERIFY(process.waitForStarted());
            // until the journal holds an entry of `untilKind` (and a few bars more)
            for (;;) {
                QThread::msleep(20);
                if (process.state() == QProcess::NotRunning) {
                    break;
                }
                try {
                    SqliteDb reader(db.toStdString(), SqliteDb::Mode::kReadOnly);
                    Statement q(reader, "SELECT count(*) FROM journal WHERE kind = ?1");
                    q.bind(1, std::string(untilKind));
                    q.step();
                    if (q.int64(0) > 0) {
                        QThread::msleep(150);
                        break;
                    }
                } catch (const std::exception&) {
                }
            }
            process.kill();
            QVERIFY(process.waitForFinished(60'000));
        };
        run(false, "trading_blocked");
        {
            const RunReader reader(db.toStdString());
            QCOMPARE(entries(reader, "trading_blocked").size(), std::size_t{1});
            QVERIFY(entries(reader, "trading_reauthorized").empty());
        }
        run(true, "trading_reauthorized");
        Timestamp reauthorized = 0;
        {
            const RunReader reader(db.toStdString());
            const auto entry = entries(reader, "trading_reauthorized");
            QCOMPARE(entry.size(), std::size_t{1});
            QCOMPARE(entry[0].context[QStringLiteral("symbol")].toString(), QStringLiteral("MSFT"));
            reauthorized = entry[0].ts;
        }
        verifies(db);
        // to the end, replaying the reauthorization on the way
        const auto finished =
            causeway::test::runCli({QStringLiteral("session"), QStringLiteral("--workspace"),
                                    yaml.fileName(), QStringLiteral("--json")},
                                   {QStringLiteral("CAUSEWAY_ENGINE_BARS_PER_SECOND=0")});
        QVERIFY2(finished.exitCode == 0, QByteArray(finished.out + finished.err).constData());
        QVERIFY(
            QJsonDocument::fromJson(finished.out).object()[QStringLiteral("complete")].toBool());
        const RunReader reader(db.toStdString());
        QCOMPARE(entries(reader, "trading_reauthorized").size(), std::size_t{1});
        bool enteredAfter = false;
        for (const auto& trade : reader.trades(true)) {
            enteredAfter = enteredAfter || *trade.entryTs > reauthorized;
        }
        QVERIFY(enteredAfter);
        verifies(db);
    }

    // The GUI's session: tradingBlocked() arrives, reauthorize() lets it
    // trade again.
    void aRunningSessionIsReauthorized() {
        SessionConfig config;
        config.dataPath = msft().toStdString();
        config.params = {{"fast", "5"}, {"slow", "20"}, {"qty", "200"}, {"allow_short", "true"}};
        config.dbPath = path(QStringLiteral("gui.sqlite")).toStdString();
        config.barsPerSecond = 400;
        config.risk = {{"max_drawdown_pct", "3"}};
        Session session(config);
        QSignalSpy blocked(&session, &Session::tradingBlocked);
        QSignalSpy resumed(&session, &Session::tradingReauthorized);
        QSignalSpy finished(&session, &Session::finished);
        connect(&session, &Session::tradingBlocked, &session, &Session::reauthorize);
        session.start();
        QVERIFY(finished.wait(60'000));
        QVERIFY(blocked.size() >= 1);
        QVERIFY(blocked.first().first().toString().startsWith(QStringLiteral("drawdown ")));
        QCOMPARE(resumed.size(), blocked.size());
        const RunReader reader(config.dbPath);
        QCOMPARE(entries(reader, "trading_reauthorized").size(),
                 static_cast<std::size_t>(blocked.size()));
        verifies(path(QStringLiteral("gui.sqlite")));
    }
};

QTEST_GUILESS_MAIN(TestRiskControls)
#include "test_risk_controls.moc"
