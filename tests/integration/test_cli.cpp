#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "cli_runner.h"

// Drives the real causeway-cli binary: the command-line contract (options,
// JSON, exit codes, error text) is what scripts depend on.
class TestCli final : public QObject {
    Q_OBJECT

private:
    using Result = causeway::test::CliResult;

    QTemporaryDir m_dir;

    Result cli(const QStringList& args) { return causeway::test::runCli(args); }

    QString path(const QString& name) const { return m_dir.filePath(name); }
    static QString msft() { return QStringLiteral(CAUSEWAY_RESOURCE_DATA_DIR "/msft_daily.csv"); }

    QString writeFile(const QString& name, const QByteArray& content) {
        QFile file(path(name));
        if (!file.open(QIODevice::WriteOnly)) {
            qFatal("cannot write test file");
        }
        file.write(content);
        return path(name);
    }

private Q_SLOTS:
    void versionAndHelp() {
        const Result version = cli({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.out.startsWith("causeway-cli "));
        const Result help = cli({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("backtest --data BARS.csv --strategy NAME"));
        QCOMPARE(cli({}).exitCode, 2);
        const Result unknown = cli({QStringLiteral("frobnicate")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY(unknown.err.contains("unknown command 'frobnicate'"));
    }

    void backtestPrintsTheContractSummary() {
        const QStringList args{
            QStringLiteral("backtest"),   QStringLiteral("--data"),    msft(),
            QStringLiteral("--strategy"), QStringLiteral("ema_cross"), QStringLiteral("--param"),
            QStringLiteral("fast=10"),    QStringLiteral("--param"),   QStringLiteral("slow=30"),
            QStringLiteral("--json"),     QStringLiteral("--db")};
        const Result first = cli(args + QStringList{path(QStringLiteral("one.sqlite"))});
        QCOMPARE(first.exitCode, 0);
        const QJsonObject a = QJsonDocument::fromJson(first.out).object();
        for (const char* key : {"strategy", "bars", "events", "orders", "fills", "trades",
                                "net_pnl", "return_pct", "max_drawdown_pct", "sharpe", "win_rate",
                                "profit_factor", "elapsed_s", "events_per_sec", "ledger_hash"}) {
            QVERIFY2(a.contains(QLatin1String(key)), key);
        }
        QCOMPARE(a[QStringLiteral("strategy")].toString(), QStringLiteral("ema_cross"));
        QCOMPARE(a[QStringLiteral("bars")].toInt(), 249);
        QCOMPARE(a[QStringLiteral("trades")].toInt(), 6);
        QCOMPARE(a[QStringLiteral("net_pnl")].toDouble(), -17.2025);
        // the one gap longer than a long weekend: markets closed after 9/11
        const QJsonObject quality = a[QStringLiteral("data_quality")].toObject();
        QCOMPARE(quality[QStringLiteral("gaps")].toInt(), 1);
        QCOMPARE(quality[QStringLiteral("price_jumps")].toInt(), 0);
        QVERIFY(quality.contains(QStringLiteral("volume_outliers")));

        const Result second = cli(args + QStringList{path(QStringLiteral("two.sqlite"))});
        const QJsonObject b = QJsonDocument::fromJson(second.out).object();
        QCOMPARE(b[QStringLiteral("ledger_hash")].toString(),
                 a[QStringLiteral("ledger_hash")].toString());

        const Result trades = cli({QStringLiteral("trades"), QStringLiteral("--db"),
                                   path(QStringLiteral("one.sqlite")), QStringLiteral("--json")});
        QCOMPARE(trades.exitCode, 0);
        const QJsonArray list = QJsonDocument::fromJson(trades.out).array();
        QCOMPARE(list.size(), 6);
        const QJsonObject trade = list.first().toObject();
        for (const char* key : {"trade_id", "symbol", "side", "qty", "entry_time", "entry_price",
                                "exit_time", "exit_price", "pnl", "fees", "order_ids"}) {
            QVERIFY2(trade.contains(QLatin1String(key)), key);
        }
        QCOMPARE(trade[QStringLiteral("entry_time")].toString(),
                 QStringLiteral("2001-01-22T00:00:00Z"));
        QCOMPARE(trade[QStringLiteral("exit_price")].toDouble(), 54.4375);

        const QString orderId = trade[QStringLiteral("order_ids")].toArray().first().toString();
        const Result story = cli({QStringLiteral("story"), QStringLiteral("--db"),
                                  path(QStringLiteral("one.sqlite")), QStringLiteral("--order"),
                                  orderId, QStringLiteral("--json")});
        QCOMPARE(story.exitCode, 0);
        const QJsonObject s = QJsonDocument::fromJson(story.out).object();
        QCOMPARE(s[QStringLiteral("order_id")].toString(), orderId);
        QCOMPARE(s[QStringLiteral("origin")].toObject()[QStringLiteral("type")].toString(),
                 QStringLiteral("candle"));
        QCOMPARE(s[QStringLiteral("signals")]
                     .toArray()
                     .first()
                     .toObject()[QStringLiteral("type")]
                     .toString(),
                 QStringLiteral("ema_cross_up"));
        QCOMPARE(s[QStringLiteral("fills")]
                     .toArray()
                     .first()
                     .toObject()[QStringLiteral("price")]
                     .toDouble(),
                 60.75);

        const Result text = cli({QStringLiteral("story"), QStringLiteral("--db"),
                                 path(QStringLiteral("one.sqlite")), QStringLiteral("--trade"),
                                 trade[QStringLiteral("trade_id")].toString()});
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.contains("origin     candle CDL_MSFT_1d_20010119_000000"));
        QVERIFY(text.out.contains("signal     SIG_"));
        QVERIFY(text.out.contains("ema_cross_down"));
    }

    void badDataExitsWithThree() {
        const QString bad = writeFile(
            QStringLiteral("bad.csv"),
            "date,open,high,low,close,volume\n2000-01-03,10,11,9,10.5,100\n2000-01-04,10,11\n");
        const Result r = cli({QStringLiteral("backtest"), QStringLiteral("--data"), bad,
                              QStringLiteral("--strategy"), QStringLiteral("ema_cross"),
                              QStringLiteral("--db"), path(QStringLiteral("bad.sqlite"))});
        QCOMPARE(r.exitCode, 3);
        QCOMPARE(
            QString::fromUtf8(r.err).trimmed(),
            QStringLiteral("causeway-cli backtest: %1:3: expected 6 fields, found 3").arg(bad));
    }

    void usageErrorsExitWithTwo_data() {
        QTest::addColumn<QStringList>("extra");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown strategy")
            << QStringList{QStringLiteral("--strategy"), QStringLiteral("nope")}
            << "unknown strategy 'nope' (available: breakout, confluence, ema_cross, "
               "mean_reversion, structure_retest)";
        QTest::newRow("bad parameter")
            << QStringList{QStringLiteral("--strategy"), QStringLiteral("ema_cross"),
                           QStringLiteral("--param"), QStringLiteral("fast=0")}
            << "invalid value '0' for parameter 'fast': expected an integer from 1 to 1000";
        QTest::newRow("malformed parameter")
            << QStringList{QStringLiteral("--strategy"), QStringLiteral("ema_cross"),
                           QStringLiteral("--param"), QStringLiteral("fast")}
            << "--param takes KEY=VALUE, got 'fast'";
        QTest::newRow("missing strategy") << QStringList{} << "missing required option --strategy";
        QTest::newRow("bad cash") << QStringList{QStringLiteral("--strategy"),
                                                 QStringLiteral("ema_cross"),
                                                 QStringLiteral("--cash"), QStringLiteral("-5")}
                                  << "invalid value '-5' for --cash: expected a number > 0";
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("--strategy"), QStringLiteral("ema_cross"),
                           QStringLiteral("--turbo")}
            << "unknown option --turbo";
    }
    void usageErrorsExitWithTwo() {
        QFETCH(QStringList, extra);
        QFETCH(QString, message);
        const Result r =
            cli(QStringList{QStringLiteral("backtest"), QStringLiteral("--data"), msft(),
                            QStringLiteral("--db"), path(QStringLiteral("usage.sqlite"))} +
                extra);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(QString::fromUtf8(r.err).trimmed(),
                 QStringLiteral("causeway-cli backtest: ") + message);
    }

    void storageErrorsExitWithFour() {
        const Result missing = cli({QStringLiteral("trades"), QStringLiteral("--db"),
                                    path(QStringLiteral("absent.sqlite"))});
        QCOMPARE(missing.exitCode, 4);
        QVERIFY(missing.err.contains("cannot open database"));

        const QString notRun = writeFile(QStringLiteral("text.sqlite"), "this is not a database");
        const Result corrupt = cli({QStringLiteral("trades"), QStringLiteral("--db"), notRun});
        QCOMPARE(corrupt.exitCode, 4);

        const Result unwritable =
            cli({QStringLiteral("backtest"), QStringLiteral("--data"), msft(),
                 QStringLiteral("--strategy"), QStringLiteral("ema_cross"), QStringLiteral("--db"),
                 path(QStringLiteral("no/such/dir/run.sqlite"))});
        QCOMPARE(unwritable.exitCode, 4);
        QVERIFY(unwritable.err.contains("cannot open database"));
    }

    void listsStrategies() {
        const Result r = cli({QStringLiteral("strategies"), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray list = QJsonDocument::fromJson(r.out).array();
        QStringList names;
        for (const auto& entry : list) {
            names.append(entry.toObject()[QStringLiteral("name")].toString());
            QVERIFY(!entry.toObject()[QStringLiteral("params")].toArray().isEmpty());
        }
        QCOMPARE(names, (QStringList{QStringLiteral("breakout"), QStringLiteral("confluence"),
                                     QStringLiteral("ema_cross"), QStringLiteral("mean_reversion"),
                                     QStringLiteral("structure_retest")}));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
