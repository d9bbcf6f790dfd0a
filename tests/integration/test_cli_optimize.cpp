#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include "cli_runner.h"

// optimize and walk-forward through the real causeway-cli: each row is the
// backtest of its parameters, whatever the thread count, and a walk-forward
// window chooses what an optimization of its in-sample bars alone ranks
// first.
class TestCliOptimize final : public QObject {
    Q_OBJECT

private:
    using Result = causeway::test::CliResult;

    QTemporaryDir m_dir;

    static QString sp500() { return QStringLiteral(CAUSEWAY_RESOURCE_DATA_DIR "/sp500_daily.csv"); }
    static QString msft() { return QStringLiteral(CAUSEWAY_RESOURCE_DATA_DIR "/msft_daily.csv"); }
    QString path(const QString& name) const { return m_dir.filePath(name); }

    static QJsonDocument json(const Result& result) {
        if (result.exitCode != 0) {
            qWarning("causeway-cli failed (%d): %s", result.exitCode, result.err.constData());
        }
        return QJsonDocument::fromJson(result.out);
    }

    static QStringList optimizeArgs(const QString& data, const QStringList& more) {
        return QStringList{QStringLiteral("optimize"),
                           QStringLiteral("--data"),
                           data,
                           QStringLiteral("--strategy"),
                           QStringLiteral("ema_cross"),
                           QStringLiteral("--json")} +
               more;
    }

    // The bars of `source` from `from` (a date, inclusive) to `to`
    // (exclusive), header included.
    QString sliceCsv(const QString& source, const QString& name, const QString& from,
                     const QString& to) {
        QFile in(source);
        if (!in.open(QIODevice::ReadOnly)) {
            qFatal("cannot read %s", qPrintable(source));
        }
        QFile out(path(name));
        if (!out.open(QIODevice::WriteOnly)) {
            qFatal("cannot write %s", qPrintable(name));
        }
        out.write(in.readLine());
        while (!in.atEnd()) {
            const QByteArray line = in.readLine();
            const QString date = QString::fromLatin1(line.left(10));
            if (date >= from && date < to) {
                out.write(line);
            }
        }
        return path(name);
    }

private Q_SLOTS:
    void rowsEqualSeparateBacktests() {
        const Result optimize = causeway::test::runCli(optimizeArgs(
            msft(),
            {QStringLiteral("--grid"), QStringLiteral("fast=5:15:5"), QStringLiteral("--grid"),
             QStringLiteral("slow=20:40:20"), QStringLiteral("--fee-bps"), QStringLiteral("2")}));
        QCOMPARE(optimize.exitCode, 0);
        const QJsonArray rows = json(optimize).array();
        QCOMPARE(rows.size(), 6);  // 3 fast x 2 slow, slow varying fastest
        QCOMPARE(rows[1].toObject()[QStringLiteral("params")].toObject()[QStringLiteral("slow")],
                 QJsonValue(QStringLiteral("40")));
        for (const QJsonValue& value : rows) {
            const QJsonObject row = value.toObject();
            const QJsonObject params = row[QStringLiteral("params")].toObject();
            const QString db =
                path(QStringLiteral("row%1.sqlite").arg(row[QStringLiteral("index")].toInt()));
            const QJsonObject backtest =
                json(causeway::test::runCli(
                         {QStringLiteral("backtest"), QStringLiteral("--data"), msft(),
                          QStringLiteral("--strategy"), QStringLiteral("ema_cross"),
                          QStringLiteral("--param"),
                          QStringLiteral("fast=") + params[QStringLiteral("fast")].toString(),
                          QStringLiteral("--param"),
                          QStringLiteral("slow=") + params[QStringLiteral("slow")].toString(),
                          QStringLiteral("--fee-bps"), QStringLiteral("2"), QStringLiteral("--db"),
                          db, QStringLiteral("--json")}))
                    .object();
            QVERIFY(row[QStringLiteral("error")].isNull());
            for (const char* key :
                 {"bars", "events", "orders", "fills", "trades", "net_pnl", "fees", "return_pct",
                  "max_drawdown_pct", "sharpe", "win_rate", "profit_factor"}) {
                QCOMPARE(row[QLatin1String(key)], backtest[QLatin1String(key)]);
            }
            QCOMPARE(row[QStringLiteral("statistics")], backtest[QStringLiteral("statistics")]);
            QVERIFY(!row.contains(QStringLiteral("ledger_hash")));
        }
        // the sweep is not degenerate: the parameters change the outcome
        QVERIFY(rows[0].toObject()[QStringLiteral("net_pnl")] !=
                rows[5].toObject()[QStringLiteral("net_pnl")]);
    }

    void anyThreadCountGivesTheSameRows() {
        const QStringList grid{QStringLiteral("--grid"), QStringLiteral("fast=4:12:2"),
                               QStringLiteral("--grid"), QStringLiteral("slow=20:60:10"),
                               QStringLiteral("--data"), msft()};
        QJsonArray reference;
        for (const char* threads : {"1", "2", "3"}) {
            const Result result = causeway::test::runCli(optimizeArgs(
                sp500(), grid + QStringList{QStringLiteral("--threads"), QLatin1String(threads)}));
            QCOMPARE(result.exitCode, 0);
            QJsonArray rows = json(result).array();
            QCOMPARE(rows.size(), 25);
            for (auto&& value : rows) {  // wall time is the one figure that may differ
                QJsonObject row = value.toObject();
                row.remove(QStringLiteral("elapsed_s"));
                row.remove(QStringLiteral("events_per_sec"));
                value = row;
            }
            if (reference.isEmpty()) {
                reference = rows;
            } else {
                QCOMPARE(rows, reference);
            }
        }
        QCOMPARE(reference[0].toObject()[QStringLiteral("symbol")],
                 QJsonValue(QStringLiteral("SP500,MSFT")));
    }

    void severalAxesInOneGridValue() {
        const Result one = causeway::test::runCli(optimizeArgs(
            msft(), {QStringLiteral("--grid"), QStringLiteral("fast=5,10 slow=20,40")}));
        const Result two = causeway::test::runCli(
            optimizeArgs(msft(), {QStringLiteral("--grid"), QStringLiteral("fast=5,10"),
                                  QStringLiteral("--grid"), QStringLiteral("slow=20,40")}));
        QCOMPARE(one.exitCode, 0);
        const QJsonArray a = json(one).array();
        const QJsonArray b = json(two).array();
        QCOMPARE(a.size(), 4);
        for (int i = 0; i < a.size(); ++i) {
            QCOMPARE(a[i].toObject()[QStringLiteral("params")],
                     b[i].toObject()[QStringLiteral("params")]);
            QCOMPARE(a[i].toObject()[QStringLiteral("net_pnl")],
                     b[i].toObject()[QStringLiteral("net_pnl")]);
        }
    }

    void aFailingCombinationDoesNotStopTheRest() {
        const Result result = causeway::test::runCli(
            optimizeArgs(msft(), {QStringLiteral("--grid"), QStringLiteral("fast=10,30"),
                                  QStringLiteral("--grid"), QStringLiteral("slow=20,40")}));
        QCOMPARE(result.exitCode, 0);
        const QJsonArray rows = json(result).array();
        QCOMPARE(rows.size(), 4);
        QSet<int> failed;
        for (const QJsonValue& value : rows) {
            const QJsonObject row = value.toObject();
            if (!row[QStringLiteral("error")].isNull()) {
                failed.insert(row[QStringLiteral("index")].toInt());
                QVERIFY(!row.contains(QStringLiteral("net_pnl")));
            } else {
                QVERIFY(row[QStringLiteral("trades")].toInt() > 0);
            }
        }
        QCOMPARE(failed, QSet<int>{2});  // fast=30 with slow=20: fast must be below slow
    }

    void randomSearchIsReproducible() {
        const QStringList grid{QStringLiteral("--grid"),    QStringLiteral("fast=2:40:1"),
                               QStringLiteral("--grid"),    QStringLiteral("slow=50:200:5"),
                               QStringLiteral("--samples"), QStringLiteral("12")};
        const QJsonArray a =
            json(causeway::test::runCli(optimizeArgs(
                     msft(), grid + QStringList{QStringLiteral("--seed"), QStringLiteral("7")})))
                .array();
        const QJsonArray b =
            json(causeway::test::runCli(optimizeArgs(
                     msft(), grid + QStringList{QStringLiteral("--seed"), QStringLiteral("7")})))
                .array();
        const QJsonArray c =
            json(causeway::test::runCli(optimizeArgs(
                     msft(), grid + QStringList{QStringLiteral("--seed"), QStringLiteral("8")})))
                .array();
        QCOMPARE(a.size(), 12);
        QSet<QString> seen;
        for (int i = 0; i < a.size(); ++i) {
            const QJsonObject params = a[i].toObject()[QStringLiteral("params")].toObject();
            QCOMPARE(params, b[i].toObject()[QStringLiteral("params")].toObject());
            seen.insert(QString::fromUtf8(QJsonDocument(params).toJson()));
        }
        QCOMPARE(seen.size(), 12);  // distinct draws
        QVERIFY(a != c);
    }

    void badOptionsAreUsageErrors() {
        for (const QStringList& bad :
             {QStringList{QStringLiteral("--grid"), QStringLiteral("fast=10:5:1")},
              QStringList{QStringLiteral("--grid"), QStringLiteral("fast=1:5:0")},
              QStringList{QStringLiteral("--grid"), QStringLiteral("nosuch=1:5:1")},
              QStringList{QStringLiteral("--grid"), QStringLiteral("fast")},
              QStringList{QStringLiteral("--grid"), QStringLiteral(" ")},
              QStringList{QStringLiteral("--grid"), QStringLiteral("fast=1:5:1"),
                          QStringLiteral("--param"), QStringLiteral("fast=3")},
              QStringList{QStringLiteral("--grid"), QStringLiteral("fast=1:5:1"),
                          QStringLiteral("--objective"), QStringLiteral("luck")},
              QStringList{QStringLiteral("--grid"), QStringLiteral("fast=1:5:1"),
                          QStringLiteral("--walk-forward"), QStringLiteral("365d")},
              QStringList{}}) {
            const Result result = causeway::test::runCli(optimizeArgs(msft(), bad));
            QVERIFY2(result.exitCode == 2 || result.exitCode == 1,
                     qPrintable(bad.join(QLatin1Char(' ')) + QStringLiteral(": ") +
                                QString::number(result.exitCode)));
            QVERIFY2(!result.err.isEmpty(), qPrintable(bad.join(QLatin1Char(' '))));
        }
    }

    void walkForwardChoosesWhatItsInSampleRanksFirst() {
        const QStringList grid{QStringLiteral("--grid"), QStringLiteral("fast=5:20:5"),
                               QStringLiteral("--grid"), QStringLiteral("slow=30:60:10")};
        const Result result = causeway::test::runCli(optimizeArgs(
            sp500(),
            grid + QStringList{QStringLiteral("--walk-forward"), QStringLiteral("1095d:365d"),
                               QStringLiteral("--report"), path(QStringLiteral("wf.html"))}));
        QCOMPARE(result.exitCode, 0);
        const QJsonObject wf = json(result).object();
        QCOMPARE(wf[QStringLiteral("objective")].toString(), QStringLiteral("sharpe"));
        const QJsonArray windows = wf[QStringLiteral("windows")].toArray();
        // 2000-01-03 .. 2020-04-01 of data: the windows step by a year after
        // three years in sample while a whole out-of-sample year fits.
        QCOMPARE(windows.size(), 17);
        int oosTrades = 0;
        for (int i = 0; i < windows.size(); ++i) {
            const QJsonObject w = windows[i].toObject();
            const QString trainFrom = w[QStringLiteral("train_from")].toString();
            const QString testFrom = w[QStringLiteral("test_from")].toString();
            const QString testTo = w[QStringLiteral("test_to")].toString();
            QVERIFY(trainFrom < testFrom && testFrom < testTo);
            if (i > 0) {  // rolling: each test period starts where the last one ended
                QCOMPARE(testFrom, windows[i - 1].toObject()[QStringLiteral("test_to")].toString());
            }
            const QJsonObject oos = w[QStringLiteral("out_of_sample")].toObject();
            oosTrades += oos[QStringLiteral("trades")].toInt();
            if (i % 6 != 0) {
                continue;  // a few windows checked by a separate optimization
            }
            const QString inSample = sliceCsv(sp500(), QStringLiteral("is%1.csv").arg(i),
                                              trainFrom.left(10), testFrom.left(10));
            const QJsonArray rows =
                json(causeway::test::runCli(optimizeArgs(inSample, grid))).array();
            double best = -1e300;
            QJsonObject bestParams;
            for (const QJsonValue& value : rows) {
                const QJsonObject row = value.toObject();
                if (!row[QStringLiteral("error")].isNull()) {
                    continue;
                }
                const double sharpe = row[QStringLiteral("sharpe")].toDouble();
                if (sharpe > best) {
                    best = sharpe;
                    bestParams = row[QStringLiteral("params")].toObject();
                }
            }
            QCOMPARE(w[QStringLiteral("chosen")].toObject(), bestParams);
            QCOMPARE(w[QStringLiteral("in_sample_objective")].toDouble(), best);
            // a year of daily bars out of sample, the in-sample ones only warmed up
            QVERIFY(oos[QStringLiteral("bars")].toInt() > 200);
            QVERIFY(oos[QStringLiteral("bars")].toInt() < 260);
        }
        QCOMPARE(
            wf[QStringLiteral("out_of_sample")].toObject()[QStringLiteral("trade_count")].toInt(),
            oosTrades);
        QFile report(path(QStringLiteral("wf.html")));
        QVERIFY(report.open(QIODevice::ReadOnly));
        const QByteArray html = report.readAll();
        QVERIFY(html.contains("Walk-forward windows"));
        QVERIFY(html.contains("<svg"));
    }
};

QTEST_GUILESS_MAIN(TestCliOptimize)
#include "test_cli_optimize.moc"
