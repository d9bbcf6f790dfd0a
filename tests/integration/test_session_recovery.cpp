#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <cmath>

#include "cli_runner.h"
#include "engine/core/timestamp.h"
#include "engine/storage/sqlite_db.h"

using causeway::engine::SqliteDb;
using causeway::engine::Statement;

// A paper session killed (SIGKILL) at random points and started again each
// time continues where its ledger ended: the open positions and the working
// orders (a breakout's bracket exits wait in the book for most of the run)
// are rebuilt, checked against the ledger, and worked on. `verify` passes
// after every kill, and the session finished after many kills has the very
// ledger of one that ran through: the same orders, fills, positions and
// equity, byte for byte (ledger hash).
class TestSessionRecovery final : public QObject {
    Q_OBJECT

private:
    static constexpr int kBars = 6'000;
    static constexpr int kKills = 8;
    static constexpr qint64 kStartSeconds = 1'600'000'000;

    QTemporaryDir m_dir;
    QString m_workspace;
    QString m_referenceHash;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    static QByteArray price(qint64 cents) {
        return QByteArray::number(cents / 100) + '.' +
               QByteArray::number(cents % 100).rightJustified(2, '0');
    }

    void writeWorkspace() {
        QFile data(path(QStringLiteral("walk.csv")));
        QVERIFY(data.open(QIODevice::WriteOnly));
        QByteArray text = "timestamp,open,high,low,close,volume\n";
        QRandomGenerator random(11);
        qint64 cents = 10'000;
        for (int i = 0; i < kBars; ++i) {
            const qint64 open = cents;
            cents = std::max<qint64>(1'000, cents + random.bounded(-60, 61));
            const qint64 high = std::max(open, cents) + random.bounded(0, 25);
            const qint64 low = std::min(open, cents) - random.bounded(0, 25);
            text += QByteArray::number(kStartSeconds + 60LL * i) + ',' + price(open) + ',' +
                    price(high) + ',' + price(low) + ',' + price(cents) + ',' +
                    QByteArray::number(random.bounded(100, 1000)) + '\n';
        }
        data.write(text);
        data.close();

        m_workspace = path(QStringLiteral("workspace.yaml"));
        QFile yaml(m_workspace);
        QVERIFY(yaml.open(QIODevice::WriteOnly));
        yaml.write(
            "symbols:\n"
            "  - name: WALK\n"
            "    data: walk.csv\n"
            "    timeframe: 1m\n"
            "strategies:\n"
            "  - name: breakout\n"
            "    parameters:\n"
            "      channel: 8\n"
            "      atr: 5\n"
            "      stop_atr: 3\n"
            "      target_r: 3\n"
            "      exits: bracket\n"
            "      allow_short: true\n"
            "risk:\n"
            "  max_position: 5\n"
            "connector:\n"
            "  type: paper\n"
            "engine:\n"
            "  bars_per_second: 0\n"
            "  fee_bps: 1\n"
            "  slippage_bps: 2\n"
            "storage:\n"
            "  db: session.sqlite\n"
            "  batch_size: 25\n");
    }

    QStringList sessionArgs(const QString& db, bool fresh) const {
        QStringList args{QStringLiteral("session"),
                         QStringLiteral("--workspace"),
                         m_workspace,
                         QStringLiteral("--db"),
                         db,
                         QStringLiteral("--json")};
        if (fresh) {
            args.append(QStringLiteral("--fresh"));
        }
        return args;
    }

    // Paced, so that a kill lands while the session runs: 6,000 bars at
    // 4,000 a second.
    void startPaced(QProcess& process, const QString& db, bool fresh) const {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("CAUSEWAY_ENGINE_BARS_PER_SECOND"),
                           QStringLiteral("4000"));
        process.setProcessEnvironment(environment);
        process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        process.start(QStringLiteral(CAUSEWAY_CLI_PATH), sessionArgs(db, fresh));
    }

    static qint64 scalar(const QString& db, const char* sql) {
        try {
            SqliteDb reader(db.toStdString(), SqliteDb::Mode::kReadOnly);
            Statement q(reader, sql);
            q.step();
            return q.int64(0);
        } catch (const std::exception&) {
            return -1;  // not created yet
        }
    }

    static qint64 lastMark(const QString& db) {
        return QFile::exists(db) ? scalar(db, "SELECT coalesce(max(ts), -1) FROM equity") : -1;
    }

    static void verifies(const QString& db) {
        const auto result =
            causeway::test::runCli({QStringLiteral("verify"), QStringLiteral("--db"), db});
        QVERIFY2(result.exitCode == 0, QByteArray(result.out + result.err).constData());
    }

    // `positions --json` of an open position: its lots hold its quantity and
    // its unrealized pnl is its quantity's move from the average cost to the
    // mark.
    static void positionsAreMarked(const QString& db) {
        const auto result = causeway::test::runCli(
            {QStringLiteral("positions"), QStringLiteral("--db"), db, QStringLiteral("--json")});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QJsonObject json = QJsonDocument::fromJson(result.out).object();
        const QJsonObject position = json[QStringLiteral("positions")].toArray()[0].toObject();
        const double qty = position[QStringLiteral("qty")].toDouble();
        QVERIFY(qty != 0.0);
        double lots = 0.0;
        for (const auto& lot : position[QStringLiteral("lots")].toArray()) {
            lots += lot.toObject()[QStringLiteral("qty")].toDouble();
        }
        QCOMPARE(lots, std::abs(qty));
        const double mark = position[QStringLiteral("mark")].toDouble();
        const double average = position[QStringLiteral("avg_price")].toDouble();
        QVERIFY(std::abs(position[QStringLiteral("unrealized_pnl")].toDouble() -
                         (mark - average) * qty) < 1e-6);
        QVERIFY(json[QStringLiteral("account")].toObject().contains(QStringLiteral("equity")));
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        writeWorkspace();
        const QString reference = path(QStringLiteral("reference.sqlite"));
        const auto result = causeway::test::runCli(sessionArgs(reference, true));
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QJsonObject summary = QJsonDocument::fromJson(result.out).object();
        QVERIFY(summary[QStringLiteral("complete")].toBool());
        QVERIFY(!summary[QStringLiteral("resumed")].toBool());
        QVERIFY(summary[QStringLiteral("fills")].toInt() > 100);
        m_referenceHash = summary[QStringLiteral("ledger_hash")].toString();
        verifies(reference);
    }

    void continuesAfterKillsAtRandomPoints() {
        const QString db = path(QStringLiteral("killed.sqlite"));
        QRandomGenerator random(20'261'204);
        const qint64 minute = 60 * causeway::engine::kNanosPerSecond;
        qint64 reached = kStartSeconds * causeway::engine::kNanosPerSecond;
        int withWorkingOrders = 0;
        int withPosition = 0;
        for (int kill = 0; kill < kKills; ++kill) {
            // a random bar further on than the last kill left it
            const qint64 remaining =
                (kStartSeconds + 60LL * (kBars - 1)) * causeway::engine::kNanosPerSecond - reached;
            const qint64 target =
                reached + minute * random.bounded(1, static_cast<int>(remaining / minute / 3) + 2);
            QProcess process;
            startPaced(process, db, kill == 0);
            QVERIFY(process.waitForStarted());
            while (lastMark(db) < target && process.state() != QProcess::NotRunning) {
                QThread::msleep(2);
            }
            process.kill();
            QVERIFY(process.waitForFinished(60'000));
            QVERIFY2(process.exitStatus() == QProcess::CrashExit, "the session ended by itself");
            reached = std::max(reached, lastMark(db));
            const qint64 working =
                scalar(db,
                       "SELECT count(*) FROM orders WHERE status IN ('new', 'accepted', "
                       "'partially_filled')");
            const qint64 open = scalar(db, "SELECT count(*) FROM positions WHERE qty != '0'");
            withWorkingOrders += working > 0 ? 1 : 0;
            withPosition += open > 0 ? 1 : 0;
            qInfo("kill %d at %s: %lld working orders, %lld open positions", kill,
                  causeway::engine::formatIso8601(reached).c_str(), static_cast<long long>(working),
                  static_cast<long long>(open));
            verifies(db);
            if (open > 0) {
                positionsAreMarked(db);
            }
        }
        // the kills left orders working and positions open to be continued
        QVERIFY(withWorkingOrders >= 2);
        QVERIFY(withPosition >= 2);

        const auto finished = causeway::test::runCli(sessionArgs(db, false));
        QVERIFY2(finished.exitCode == 0, finished.err.constData());
        const QJsonObject summary = QJsonDocument::fromJson(finished.out).object();
        QVERIFY(summary[QStringLiteral("resumed")].toBool());
        QVERIFY(summary[QStringLiteral("complete")].toBool());
        QCOMPARE(summary[QStringLiteral("ledger_hash")].toString(), m_referenceHash);
        verifies(db);

        // a complete session is not replayed again
        const auto again = causeway::test::runCli(sessionArgs(db, false));
        QCOMPARE(again.exitCode, 0);
        QVERIFY(QJsonDocument::fromJson(again.out).object()[QStringLiteral("complete")].toBool());
    }

    // A ledger that its data no longer explains is refused, not continued.
    void refusesALedgerItsDataDoesNotExplain() {
        const QString db = path(QStringLiteral("tampered.sqlite"));
        QProcess process;
        startPaced(process, db, true);
        QVERIFY(process.waitForStarted());
        const qint64 target = (kStartSeconds + 60LL * 2'000) * causeway::engine::kNanosPerSecond;
        while (lastMark(db) < target && process.state() != QProcess::NotRunning) {
            QThread::msleep(2);
        }
        process.kill();
        QVERIFY(process.waitForFinished(60'000));
        QVERIFY2(process.exitStatus() == QProcess::CrashExit, "the session ended by itself");
        {
            SqliteDb writer(db.toStdString(), SqliteDb::Mode::kReadWrite);
            writer.exec("UPDATE positions SET qty = '4' WHERE symbol = 'WALK'");
        }
        const auto result = causeway::test::runCli(sessionArgs(db, false));
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.out.contains("cannot continue the session of WALK: after its "),
                 result.out.constData());
        QVERIFY2(result.out.contains("the ledger holds a position of 4"), result.out.constData());
    }

    // A database of something else is not mistaken for the session.
    void refusesADatabaseOfAnotherRun() {
        const QString db = path(QStringLiteral("backtest.sqlite"));
        const auto backtest =
            causeway::test::runCli({QStringLiteral("backtest"), QStringLiteral("--data"),
                                    path(QStringLiteral("walk.csv")), QStringLiteral("--strategy"),
                                    QStringLiteral("ema_cross"), QStringLiteral("--db"), db});
        QCOMPARE(backtest.exitCode, 0);
        const auto result = causeway::test::runCli(sessionArgs(db, false));
        QCOMPARE(result.exitCode, 2);
        QCOMPARE(result.err, (QStringLiteral("causeway-cli session: ") + db +
                              QStringLiteral(" holds a backtest of another workspace, not a "
                                             "session of ") +
                              m_dir.path() + QStringLiteral("; pass --fresh to replace it\n"))
                                 .toUtf8());
    }
};

QTEST_GUILESS_MAIN(TestSessionRecovery)
#include "test_session_recovery.moc"
