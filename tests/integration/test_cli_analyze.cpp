#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <filesystem>

#include "cli_runner.h"
#include "engine/storage/sqlite_db.h"

using causeway::engine::SqliteDb;
using causeway::engine::Statement;

// causeway-cli analyze, verify and the trades filters against a real
// backtest: options, output, exit codes and error texts.
class TestCliAnalyze final : public QObject {
    Q_OBJECT

private:
    using Result = causeway::test::CliResult;

    QTemporaryDir m_dir;
    QString m_db;
    QJsonObject m_summary;

    Result cli(const QStringList& args) { return causeway::test::runCli(args); }

    QJsonObject analyze(const QString& by) {
        const Result r = cli({QStringLiteral("analyze"), QStringLiteral("--db"), m_db,
                              QStringLiteral("--by"), by, QStringLiteral("--json")});
        if (r.exitCode != 0) {
            qWarning("%s", r.err.constData());
        }
        return QJsonDocument::fromJson(r.out).object();
    }

    // A copy of the run with `sql` applied.
    QString tampered(const QString& name, const char* sql) {
        const QString copy = m_dir.filePath(name);
        std::filesystem::copy_file(m_db.toStdString(), copy.toStdString());
        SqliteDb db(copy.toStdString(), SqliteDb::Mode::kReadWrite);
        db.exec("PRAGMA foreign_keys=OFF");
        db.exec(sql);
        return copy;
    }

    static int sum(const QJsonArray& groups, const char* field) {
        int total = 0;
        for (const auto& group : groups) {
            total += group.toObject()[QLatin1String(field)].toInt();
        }
        return total;
    }

private Q_SLOTS:
    void initTestCase() {
        m_db = m_dir.filePath(QStringLiteral("run.sqlite"));
        const Result r = cli(
            {QStringLiteral("backtest"), QStringLiteral("--data"),
             QStringLiteral(CAUSEWAY_RESOURCE_DATA_DIR "/msft_daily.csv"),
             QStringLiteral("--strategy"), QStringLiteral("ema_cross"), QStringLiteral("--param"),
             QStringLiteral("fast=10"), QStringLiteral("--param"), QStringLiteral("slow=30"),
             QStringLiteral("--slippage-bps"), QStringLiteral("5"), QStringLiteral("--fee-bps"),
             QStringLiteral("1"), QStringLiteral("--db"), m_db, QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        m_summary = QJsonDocument::fromJson(r.out).object();
        QVERIFY(m_summary[QStringLiteral("trades")].toInt() > 0);
    }

    // Every market fill is 5 bp off the bar's open it filled at, and the
    // open is the arrival price: slippage against arrival is the simulated
    // slippage exactly, in every group.
    void analyzeByOrigin() {
        const QJsonObject json = analyze(QStringLiteral("origin"));
        QCOMPARE(json[QStringLiteral("by")].toString(), QStringLiteral("origin"));
        const QJsonArray groups = json[QStringLiteral("groups")].toArray();
        const QJsonObject total = json[QStringLiteral("total")].toObject();
        QCOMPARE(total[QStringLiteral("trades")].toInt(),
                 m_summary[QStringLiteral("trades")].toInt());
        QCOMPARE(total[QStringLiteral("orders")].toInt(),
                 m_summary[QStringLiteral("orders")].toInt());
        QCOMPARE(total[QStringLiteral("fills")].toInt(),
                 m_summary[QStringLiteral("fills")].toInt());
        QCOMPARE(total[QStringLiteral("win_rate")].toDouble(),
                 m_summary[QStringLiteral("win_rate")].toDouble());
        QCOMPARE(total[QStringLiteral("net_pnl")].toDouble(),
                 m_summary[QStringLiteral("net_pnl")].toDouble());
        QCOMPARE(sum(groups, "trades"), total[QStringLiteral("trades")].toInt());
        QCOMPARE(sum(groups, "fills"), total[QStringLiteral("fills")].toInt());
        for (const auto& value : groups) {
            const QJsonObject group = value.toObject();
            const QString key = group[QStringLiteral("key")].toString();
            QVERIFY2(key == QStringLiteral("candle") || key == QStringLiteral("schedule"),
                     qPrintable(key));
            QVERIFY(std::abs(group[QStringLiteral("avg_arrival_slippage_bps")].toDouble() - 5.0) <
                    1e-9);
        }
        // decisions at the close, fills at the next open: against the
        // decision price the gap between them counts too
        QVERIFY(total[QStringLiteral("avg_slippage_bps")].isDouble());

        const Result text = cli({QStringLiteral("analyze"), QStringLiteral("--db"), m_db,
                                 QStringLiteral("--by"), QStringLiteral("origin")});
        QCOMPARE(text.exitCode, 0);
        const QList<QByteArray> lines = text.out.trimmed().split('\n');
        QVERIFY(lines.first().startsWith("origin "));
        QVERIFY(lines.first().contains("win rate"));
        QVERIFY(lines.first().contains("arrival bp"));
        QVERIFY(lines.last().startsWith("total "));
        QVERIFY(lines.last().contains("5.0000"));
    }

    void analyzeBySignalStrategyRegimeAlgorithm() {
        // long only: every trade was opened by an upward cross
        const QJsonArray signals =
            analyze(QStringLiteral("signal"))[QStringLiteral("groups")].toArray();
        for (const auto& value : signals) {
            const QJsonObject group = value.toObject();
            const QString key = group[QStringLiteral("key")].toString();
            QVERIFY2(key == QStringLiteral("ema_cross_up") ||
                         key == QStringLiteral("ema_cross_down") || key == QStringLiteral("none"),
                     qPrintable(key));
            if (key != QStringLiteral("ema_cross_up")) {
                QCOMPARE(group[QStringLiteral("trades")].toInt(), 0);
            }
        }
        const QJsonArray strategies =
            analyze(QStringLiteral("strategy"))[QStringLiteral("groups")].toArray();
        QCOMPARE(strategies.size(), 1);
        QCOMPARE(strategies[0].toObject()[QStringLiteral("key")].toString(),
                 QStringLiteral("ema_cross"));
        const QJsonArray regimes =
            analyze(QStringLiteral("regime"))[QStringLiteral("groups")].toArray();
        QCOMPARE(sum(regimes, "orders"), m_summary[QStringLiteral("orders")].toInt());
        const QJsonArray algorithms =
            analyze(QStringLiteral("algorithm"))[QStringLiteral("groups")].toArray();
        QCOMPARE(sum(algorithms, "orders"), m_summary[QStringLiteral("orders")].toInt());
    }

    void analyzeUsageErrors() {
        const Result missing = cli({QStringLiteral("analyze"), QStringLiteral("--db"), m_db});
        QCOMPARE(missing.exitCode, 2);
        QCOMPARE(missing.err, QByteArray("causeway-cli analyze: missing required option --by\n"));
        const Result bad = cli({QStringLiteral("analyze"), QStringLiteral("--db"), m_db,
                                QStringLiteral("--by"), QStringLiteral("venue")});
        QCOMPARE(bad.exitCode, 2);
        QCOMPARE(bad.err, QByteArray("causeway-cli analyze: invalid value 'venue' for --by: "
                                     "expected origin, signal, algorithm, strategy or regime\n"));
        const Result absent = cli({QStringLiteral("analyze"), QStringLiteral("--db"),
                                   m_dir.filePath(QStringLiteral("absent.sqlite")),
                                   QStringLiteral("--by"), QStringLiteral("origin")});
        QCOMPARE(absent.exitCode, 4);
        QVERIFY(absent.err.contains("cannot open database"));
    }

    void verifyPassesOnARun() {
        const Result r = cli({QStringLiteral("verify"), QStringLiteral("--db"), m_db});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.err.isEmpty());
        const QByteArray expected =
            QByteArray(m_db.toUtf8()) + ": integrity ok; " +
            QByteArray::number(m_summary[QStringLiteral("orders")].toInt()) + " orders, " +
            QByteArray::number(m_summary[QStringLiteral("fills")].toInt()) + " fills, ";
        QVERIFY2(r.out.startsWith(expected), r.out.constData());
        QVERIFY2(r.out.endsWith(" reconcile; equity reconciles\n"), r.out.constData());
    }

    // One line per problem on stderr, then the verdict; exit code 5.
    void verifyNamesWhatDoesNotReconcile() {
        const QString broken = tampered(QStringLiteral("broken.sqlite"),
                                        "DELETE FROM journal WHERE kind = 'order' AND order_id = "
                                        "(SELECT order_id FROM orders ORDER BY seq LIMIT 1)");
        std::string orderId;
        {
            SqliteDb db(broken.toStdString(), SqliteDb::Mode::kReadOnly);
            Statement q(db, "SELECT order_id FROM orders ORDER BY seq LIMIT 1");
            QVERIFY(q.step());
            orderId = q.text(0);
        }
        const Result r = cli({QStringLiteral("verify"), QStringLiteral("--db"), broken});
        QCOMPARE(r.exitCode, 5);
        QVERIFY(r.out.isEmpty());
        QCOMPARE(QString::fromUtf8(r.err),
                 QStringLiteral("causeway-cli verify: order %1: no journal entry of kind 'order'\n"
                                "causeway-cli verify: %2 does not reconcile: 1 problem\n")
                     .arg(QString::fromStdString(orderId), broken));
    }

    void verifyReportsADamagedFileAsAStorageError() {
        const QString damaged =
            tampered(QStringLiteral("damaged.sqlite"),
                     "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = 'CREATE INDEX "
                     "fills_order ON fills(fill_id)' WHERE name = 'fills_order'");
        const Result r = cli({QStringLiteral("verify"), QStringLiteral("--db"), damaged});
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.startsWith(QByteArray("causeway-cli verify: " + damaged.toUtf8() +
                                             ": integrity_check: ")),
                 r.err.constData());

        const Result usage = cli({QStringLiteral("verify")});
        QCOMPARE(usage.exitCode, 2);
        QCOMPARE(usage.err, QByteArray("causeway-cli verify: missing required option --db\n"));
        const Result notRun = cli({QStringLiteral("verify"), QStringLiteral("--db"),
                                   QStringLiteral(CAUSEWAY_RESOURCE_DATA_DIR "/msft_daily.csv")});
        QCOMPARE(notRun.exitCode, 4);
    }

    void tradesFilters() {
        const auto count = [this](const QStringList& extra) {
            const Result r = cli(QStringList{QStringLiteral("trades"), QStringLiteral("--db"), m_db,
                                             QStringLiteral("--json")} +
                                 extra);
            return r.exitCode == 0 ? QJsonDocument::fromJson(r.out).array().size() : -1;
        };
        const int all = count({});
        QCOMPARE(all, m_summary[QStringLiteral("trades")].toInt());
        QCOMPARE(count({QStringLiteral("--side"), QStringLiteral("long")}), all);
        QCOMPARE(count({QStringLiteral("--side"), QStringLiteral("short")}), 0);
        QCOMPARE(count({QStringLiteral("--strategy"), QStringLiteral("breakout")}), 0);
        const int before = count({QStringLiteral("--to"), QStringLiteral("2001-06-01")});
        const int after = count({QStringLiteral("--from"), QStringLiteral("2001-06-01")});
        QVERIFY(before > 0 && after > 0);
        QCOMPARE(before + after, all);

        const Result side = cli({QStringLiteral("trades"), QStringLiteral("--db"), m_db,
                                 QStringLiteral("--side"), QStringLiteral("buy")});
        QCOMPARE(side.exitCode, 2);
        QCOMPARE(side.err, QByteArray("causeway-cli trades: invalid side 'buy' for trades: "
                                      "expected one of long, short\n"));
        const Result time = cli({QStringLiteral("trades"), QStringLiteral("--db"), m_db,
                                 QStringLiteral("--from"), QStringLiteral("yesterday")});
        QCOMPARE(time.exitCode, 2);
        QCOMPARE(time.err, QByteArray("causeway-cli trades: invalid value 'yesterday' for --from: "
                                      "expected an ISO 8601 time or epoch seconds\n"));
    }

    void storyShowsSlippageAgainstArrival() {
        const QJsonArray trades =
            QJsonDocument::fromJson(cli({QStringLiteral("trades"), QStringLiteral("--db"), m_db,
                                         QStringLiteral("--json")})
                                        .out)
                .array();
        const QString orderId =
            trades[0].toObject()[QStringLiteral("order_ids")].toArray()[0].toString();
        const Result json = cli({QStringLiteral("story"), QStringLiteral("--db"), m_db,
                                 QStringLiteral("--order"), orderId, QStringLiteral("--json")});
        QCOMPARE(json.exitCode, 0);
        const QJsonObject story = QJsonDocument::fromJson(json.out).object();
        const QJsonObject fill = story[QStringLiteral("fills")].toArray()[0].toObject();
        const double arrival = fill[QStringLiteral("arrival_price")].toDouble();
        QCOMPARE(
            story[QStringLiteral("order")].toObject()[QStringLiteral("arrival_price")].toDouble(),
            arrival);
        // a buy 5 bp above the open it arrived at
        QCOMPARE(fill[QStringLiteral("price")].toDouble(), arrival * 1.0005);
        QVERIFY(std::abs(fill[QStringLiteral("arrival_slippage_bps")].toDouble() - 5.0) < 1e-9);
        const Result text = cli({QStringLiteral("story"), QStringLiteral("--db"), m_db,
                                 QStringLiteral("--order"), orderId});
        QVERIFY(text.out.contains(" bp vs decision, 5 bp vs arrival "));
    }
};

QTEST_GUILESS_MAIN(TestCliAnalyze)
#include "test_cli_analyze.moc"
