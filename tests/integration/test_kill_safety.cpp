#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <filesystem>
#include <map>
#include <set>

#include "engine/core/timestamp.h"
#include "engine/storage/sqlite_db.h"

using causeway::engine::SqliteDb;
using causeway::engine::Statement;

// DESIGN.md, reliability: a kill at any moment loses at most the last
// unflushed batch and never corrupts the database. A long backtest that
// trades on most bars is killed (SIGKILL) many times at seeded random
// points; each time `causeway-cli verify` must pass on what remains, and what
// remains must be the start of the uninterrupted run, row for row.
//
// The points are chosen by progress, not by time: the test waits until the
// database holds a random bar of the run (the writer is then somewhere in
// the batches after it) and kills at once; a few kills land while the run
// starts. 30,000 bars (about 16,000 orders) take a few seconds, so fifteen
// kills fit in well under a minute on two cores.
class TestKillSafety final : public QObject {
    Q_OBJECT

private:
    static constexpr int kBars = 30'000;
    static constexpr int kProgressKills = 12;  // once the database holds a random bar
    static constexpr int kEarlyKills = 3;      // while the run starts
    static constexpr qint64 kStartSeconds = 1'600'000'000;

    QTemporaryDir m_dir;
    QString m_data;
    QString m_reference;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    // Minute bars of a seeded random walk in cents: crosses of EMA(2) and
    // EMA(3) happen every few bars.
    void writeBars() {
        m_data = path(QStringLiteral("walk.csv"));
        QFile file(m_data);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QByteArray text = "timestamp,open,high,low,close,volume\n";
        QRandomGenerator random(7);
        qint64 cents = 10'000;
        for (int i = 0; i < kBars; ++i) {
            const qint64 open = cents;
            cents = std::max<qint64>(1'000, cents + random.bounded(-60, 61));
            const qint64 high = std::max(open, cents) + random.bounded(0, 20);
            const qint64 low = std::min(open, cents) - random.bounded(0, 20);
            text += QByteArray::number(kStartSeconds + 60LL * i) + ',' + price(open) + ',' +
                    price(high) + ',' + price(low) + ',' + price(cents) + ',' +
                    QByteArray::number(random.bounded(100, 1000)) + '\n';
        }
        file.write(text);
    }

    static QByteArray price(qint64 cents) {
        return QByteArray::number(cents / 100) + '.' +
               QByteArray::number(cents % 100).rightJustified(2, '0');
    }

    QStringList backtestArgs(const QString& db) const {
        return {QStringLiteral("backtest"),
                QStringLiteral("--data"),
                m_data,
                QStringLiteral("--strategy"),
                QStringLiteral("ema_cross"),
                QStringLiteral("--param"),
                QStringLiteral("fast=2"),
                QStringLiteral("--param"),
                QStringLiteral("slow=3"),
                QStringLiteral("--param"),
                QStringLiteral("allow_short=true"),
                QStringLiteral("--db"),
                db};
    }

    static QByteArray verify(const QString& db, int* exitCode) {
        QProcess process;
        process.start(QStringLiteral(CAUSEWAY_CLI_PATH),
                      {QStringLiteral("verify"), QStringLiteral("--db"), db});
        if (!process.waitForFinished(120'000)) {
            qFatal("causeway-cli verify did not finish");
        }
        *exitCode = process.exitCode();
        return process.readAllStandardOutput() + process.readAllStandardError();
    }

    // The newest equity mark the database holds (one per processed bar), or
    // -1 while there is none.
    static qint64 lastMark(const QString& db) {
        if (!QFile::exists(db)) {
            return -1;
        }
        try {
            SqliteDb reader(db.toStdString(), SqliteDb::Mode::kReadOnly);
            Statement q(reader, "SELECT coalesce(max(ts), -1) FROM equity");
            q.step();
            return q.int64(0);
        } catch (const std::exception&) {
            return -1;  // not created yet
        }
    }

    static std::set<std::string> rows(const QString& db, const std::string& sql) {
        SqliteDb reader(db.toStdString(), SqliteDb::Mode::kReadOnly);
        Statement q(reader, sql.c_str());
        std::set<std::string> result;
        while (q.step()) {
            std::string row;
            for (int c = 0; c < q.columnCount(); ++c) {
                row += (q.isNull(c) ? std::string("NULL") : q.text(c)) + '|';
            }
            result.insert(row);
        }
        return result;
    }

    static std::string upTo(const std::string& sql, const char* column, qint64 last,
                            bool inclusive) {
        return sql + " WHERE " + column + (inclusive ? " <= " : " < ") + std::to_string(last);
    }

    // What a killed run kept is the uninterrupted run up to its last bar:
    // the same bars, orders as placed, fills as filled.
    void compareWithReference(const QString& killed) {
        const qint64 last = lastMark(killed);
        const auto killedBars = rows(killed, "SELECT ts, open, close FROM bars");
        QCOMPARE(killedBars,
                 rows(m_reference, upTo("SELECT ts, open, close FROM bars", "ts", last, true)));
        // Everything of the bars before the last is there, in its final
        // state only where it could not change later; the last bar's own
        // records (and an end-of-data exit at it) may or may not be.
        const std::string orders =
            "SELECT order_id, trade_id, side, qty, decision_price, created_ts FROM orders";
        const std::string fills = "SELECT fill_id, order_id, ts, price, qty, fee FROM fills";
        const auto killedOrders = rows(killed, orders);
        const auto killedFills = rows(killed, fills);
        const auto allOrders = rows(m_reference, orders);
        const auto allFills = rows(m_reference, fills);
        for (const auto& order : killedOrders) {
            QVERIFY2(allOrders.contains(order), order.c_str());
        }
        for (const auto& fill : killedFills) {
            QVERIFY2(allFills.contains(fill), fill.c_str());
        }
        for (const auto& order : rows(m_reference, upTo(orders, "created_ts", last, false))) {
            QVERIFY2(killedOrders.contains(order), order.c_str());
        }
        for (const auto& fill : rows(m_reference, upTo(fills, "ts", last, false))) {
            QVERIFY2(killedFills.contains(fill), fill.c_str());
        }
    }

    void integrityIsOk(const QString& db) {
        SqliteDb reader(db.toStdString(), SqliteDb::Mode::kReadOnly);
        Statement q(reader, "PRAGMA integrity_check");
        QVERIFY(q.step());
        QCOMPARE(q.text(0), std::string("ok"));
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        writeBars();
        m_reference = path(QStringLiteral("reference.sqlite"));
        QProcess process;
        process.start(QStringLiteral(CAUSEWAY_CLI_PATH), backtestArgs(m_reference));
        QVERIFY(process.waitForFinished(300'000));
        QVERIFY2(process.exitCode() == 0, process.readAllStandardError().constData());
        int code = -1;
        const QByteArray report = verify(m_reference, &code);
        QVERIFY2(code == 0, report.constData());
    }

    void survivesKillsAtRandomPoints() {
        QRandomGenerator random(20'241'122);
        const qint64 first = kStartSeconds * causeway::engine::kNanosPerSecond;
        const qint64 minute = 60 * causeway::engine::kNanosPerSecond;
        for (int kill = 0; kill < kEarlyKills + kProgressKills; ++kill) {
            const bool early = kill < kEarlyKills;
            const QString db = path(QStringLiteral("killed_%1.sqlite").arg(kill));
            QProcess process;
            process.start(QStringLiteral(CAUSEWAY_CLI_PATH), backtestArgs(db));
            QVERIFY(process.waitForStarted());
            if (early) {
                QThread::msleep(random.bounded(0, 60));
            } else {
                // until the database holds a random bar of the run
                const qint64 target = first + minute * random.bounded(1, kBars - 1);
                while (lastMark(db) < target && process.state() != QProcess::NotRunning) {
                    QThread::msleep(5);
                }
            }
            process.kill();
            QVERIFY(process.waitForFinished(60'000));
            const qint64 last = lastMark(db);
            qInfo("kill %d: %s, last bar %s", kill,
                  process.exitStatus() == QProcess::CrashExit ? "killed" : "had finished",
                  last < 0 ? "none" : causeway::engine::formatIso8601(last).c_str());
            if (!QFile::exists(db)) {
                QVERIFY(early);  // killed before the database was created: no run
                continue;
            }
            int code = -1;
            const QByteArray report = verify(db, &code);
            QVERIFY2(code == 0, report.constData());
            QVERIFY(report.contains("integrity ok"));
            integrityIsOk(db);
            if (last >= 0) {
                compareWithReference(db);
            }
            for (const char* suffix : {"", "-wal", "-shm"}) {
                std::filesystem::remove(db.toStdString() + suffix);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestKillSafety)
#include "test_kill_safety.moc"
