#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

#include "cli_runner.h"

// `causeway-cli diff` on runs of the real backtest: the same strategy on
// MSFT with and without slippage, with other parameters, and run twice.
class TestCliDiff final : public QObject {
    Q_OBJECT

private:
    using Result = causeway::test::CliResult;

    QTemporaryDir m_dir;
    int m_trades = 0;

    QString path(const QString& name) const { return m_dir.filePath(name); }

    static QJsonObject json(const Result& result) {
        return QJsonDocument::fromJson(result.out).object();
    }

    // A backtest of ema_cross on MSFT daily into `db`; returns its --json.
    static QJsonObject backtest(const QString& db, const QStringList& extra) {
        const Result r = causeway::test::runCli(
            QStringList{QStringLiteral("backtest"), QStringLiteral("--data"),
                        QStringLiteral(CAUSEWAY_RESOURCE_DATA_DIR "/msft_daily.csv"),
                        QStringLiteral("--strategy"), QStringLiteral("ema_cross"),
                        QStringLiteral("--db"), db, QStringLiteral("--json")} +
            extra);
        if (r.exitCode != 0) {
            qFatal("backtest failed: %s", r.err.constData());
        }
        return json(r);
    }

    Result diff(const QString& a, const QString& b, bool asJson = true) {
        QStringList args{QStringLiteral("diff"), QStringLiteral("--db"), path(a),
                         QStringLiteral("--db"), path(b)};
        if (asJson) {
            args << QStringLiteral("--json");
        }
        return causeway::test::runCli(args);
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        const QStringList none{QStringLiteral("--slippage-bps"), QStringLiteral("0")};
        m_trades =
            backtest(path(QStringLiteral("a.sqlite")), none)[QStringLiteral("trades")].toInt();
        QVERIFY(m_trades > 0);
        backtest(path(QStringLiteral("a2.sqlite")), none);
        backtest(path(QStringLiteral("b.sqlite")),
                 {QStringLiteral("--slippage-bps"), QStringLiteral("10")});
        backtest(path(QStringLiteral("fast.sqlite")),
                 {QStringLiteral("--param"), QStringLiteral("fast=5")});
    }

    void slippageMovesEveryFillOfTheSameTrades() {
        const Result r = diff(QStringLiteral("a.sqlite"), QStringLiteral("b.sqlite"));
        QCOMPARE(r.exitCode, 0);
        const QJsonObject d = json(r);
        QCOMPARE(d[QStringLiteral("matched")].toInt(), m_trades);
        QCOMPARE(d[QStringLiteral("only_a")].toInt(), 0);
        QCOMPARE(d[QStringLiteral("only_b")].toInt(), 0);
        QCOMPARE(d[QStringLiteral("agree")].toBool(), false);
        const QJsonArray trades = d[QStringLiteral("trades")].toArray();
        QCOMPARE(trades.size(), m_trades);
        for (const auto& value : trades) {
            const QJsonObject differences =
                value.toObject()[QStringLiteral("differences")].toObject();
            // A - B: a buy in B paid 10 bp more, a sell received 10 bp less
            const QJsonObject entry = differences[QStringLiteral("entry_price")].toObject();
            const double entryA = entry[QStringLiteral("a")].toDouble();
            QVERIFY(std::abs(entry[QStringLiteral("b")].toDouble() - entryA * 1.001) < 1e-9);
            QVERIFY(std::abs(entry[QStringLiteral("diff")].toDouble() + entryA * 0.001) < 1e-9);
            const QJsonObject exit = differences[QStringLiteral("exit_price")].toObject();
            const double exitA = exit[QStringLiteral("a")].toDouble();
            QVERIFY(std::abs(exit[QStringLiteral("diff")].toDouble() - exitA * 0.001) < 1e-9);
            const QJsonObject arrival =
                differences[QStringLiteral("entry_arrival_slippage_bps")].toObject();
            QVERIFY(std::abs(arrival[QStringLiteral("diff")].toDouble() + 10.0) < 1e-6);
            QVERIFY(
                differences[QStringLiteral("pnl")].toObject()[QStringLiteral("diff")].toDouble() >
                0.0);
            QVERIFY(!differences.contains(QStringLiteral("qty")));
        }

        const QJsonObject first = d[QStringLiteral("first_divergence")].toObject();
        QCOMPARE(first[QStringLiteral("kind")].toString(), QStringLiteral("fill_price"));
        QVERIFY(first[QStringLiteral("reason")].toString().startsWith(QLatin1String("fill price")));
        // the first trade's entry fill, at the open after its signal
        QCOMPARE(first[QStringLiteral("time")].toString(),
                 trades[0].toObject()[QStringLiteral("entry_time")].toString());
        QVERIFY(first[QStringLiteral("time")].toString().endsWith(QLatin1Char('Z')));
        QCOMPARE(first[QStringLiteral("a")].toObject()[QStringLiteral("price")].toDouble(),
                 trades[0]
                     .toObject()[QStringLiteral("differences")]
                     .toObject()[QStringLiteral("entry_price")]
                     .toObject()[QStringLiteral("a")]
                     .toDouble());

        const QJsonArray settings = d[QStringLiteral("settings")].toArray();
        QCOMPARE(settings.size(), 1);
        QCOMPARE(settings[0].toObject()[QStringLiteral("key")].toString(),
                 QStringLiteral("slippage_bps"));
    }

    void otherParametersTradeOtherwise() {
        const Result r = diff(QStringLiteral("a.sqlite"), QStringLiteral("fast.sqlite"));
        QCOMPARE(r.exitCode, 0);
        const QJsonObject d = json(r);
        const int matched = d[QStringLiteral("matched")].toInt();
        QCOMPARE(matched + d[QStringLiteral("only_a")].toInt(), m_trades);
        QCOMPARE(matched + d[QStringLiteral("only_b")].toInt(),
                 d[QStringLiteral("b")].toObject()[QStringLiteral("trades")].toInt());
        QVERIFY(d[QStringLiteral("only_a")].toInt() + d[QStringLiteral("only_b")].toInt() > 0);
        const QJsonObject first = d[QStringLiteral("first_divergence")].toObject();
        // a signal that fired in one run only (fast=5 crosses sooner), taken or not
        const QString kind = first[QStringLiteral("kind")].toString();
        QVERIFY2(kind == QLatin1String("decision") || kind == QLatin1String("decision_rejected"),
                 qPrintable(kind));
        QVERIFY(!first[QStringLiteral("only_in")].toString().isEmpty());
        QVERIFY(
            first[QStringLiteral("reason")].toString().contains(QLatin1String("signal ema_cross")));
        bool params = false;
        for (const auto& s : d[QStringLiteral("settings")].toArray()) {
            params =
                params || s.toObject()[QStringLiteral("key")].toString() == QLatin1String("params");
        }
        QVERIFY(params);
    }

    void identicalRunsAgree() {
        const Result r = diff(QStringLiteral("a.sqlite"), QStringLiteral("a2.sqlite"));
        QCOMPARE(r.exitCode, 0);
        const QJsonObject d = json(r);
        QVERIFY(d.contains(QStringLiteral("first_divergence")));
        QVERIFY(d[QStringLiteral("first_divergence")].isNull());
        QCOMPARE(d[QStringLiteral("agree")].toBool(), true);
        QCOMPARE(d[QStringLiteral("matched")].toInt(), m_trades);
        QVERIFY(d[QStringLiteral("trades")].toArray().isEmpty());

        const Result text = diff(QStringLiteral("a.sqlite"), QStringLiteral("a2.sqlite"), false);
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.contains("first divergence: none"));
        QVERIFY(text.out.contains(QStringLiteral("matched %1 (0 differ)").arg(m_trades).toUtf8()));
    }

    void usageErrorsExit2() {
        const QString a = path(QStringLiteral("a.sqlite"));
        const Result one = causeway::test::runCli(
            {QStringLiteral("diff"), QStringLiteral("--db"), a, QStringLiteral("--json")});
        QCOMPARE(one.exitCode, 2);
        QVERIFY(one.err.contains("exactly two runs"));
        const Result three =
            causeway::test::runCli({QStringLiteral("diff"), QStringLiteral("--db"), a,
                                    QStringLiteral("--db"), a, QStringLiteral("--db"), a});
        QCOMPARE(three.exitCode, 2);
        QCOMPARE(causeway::test::runCli({QStringLiteral("diff")}).exitCode, 2);
        QCOMPARE(causeway::test::runCli({QStringLiteral("diff"), QStringLiteral("--db"), a,
                                         QStringLiteral("--db"), a, QStringLiteral("--frob")})
                     .exitCode,
                 2);
    }

    void storageErrorsExit4NamingTheFile() {
        const QString missing = path(QStringLiteral("missing.sqlite"));
        const Result r = diff(QStringLiteral("a.sqlite"), QStringLiteral("missing.sqlite"));
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.contains(missing.toUtf8()), r.err.constData());
        QVERIFY(r.out.isEmpty());
        QVERIFY(!QFile::exists(missing));

        QFile junk(path(QStringLiteral("junk.sqlite")));
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write(QByteArray(4096, 'x'));
        junk.close();
        const Result corrupt = diff(QStringLiteral("junk.sqlite"), QStringLiteral("a.sqlite"));
        QCOMPARE(corrupt.exitCode, 4);
        QVERIFY2(corrupt.err.contains(junk.fileName().toUtf8()), corrupt.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCliDiff)
#include "test_cli_diff.moc"
