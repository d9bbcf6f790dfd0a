#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cmath>

#include "cli_runner.h"

// `causeway-cli indicators --data BARS.csv --spec SPEC[,SPEC...] [--out
// OUT.csv]` against the golden files: the header names every column as
// DESIGN.md says, every warm-up cell is empty exactly where TA-Lib's is, and
// every value agrees with TA-Lib (or, for keltner, donchian, vwap and
// ichimoku, with the independent Python reference) within 1e-9 relative,
// with an absolute floor of 1e-9 below magnitude 1. Bad specs exit 2 with a
// message listing what is valid; bad data exits 3 naming file and line.
class TestCliIndicators final : public QObject {
    Q_OBJECT

private:
    using Result = causeway::test::CliResult;

    QTemporaryDir m_dir;

    static Result cli(const QStringList& args) {
        return causeway::test::runCli(QStringList{QStringLiteral("indicators")} + args);
    }

    static QString msft() { return QStringLiteral(CAUSEWAY_RESOURCE_DATA_DIR "/msft_daily.csv"); }

    static QList<QByteArray> lines(const QByteArray& text) {
        QList<QByteArray> result = text.split('\n');
        if (!result.isEmpty() && result.last().isEmpty()) {
            result.removeLast();
        }
        return result;
    }

    static QList<QByteArray> goldenLines(const char* name) {
        QFile file(QStringLiteral(CAUSEWAY_GOLDEN_DIR "/") + QLatin1String(name));
        if (!file.open(QIODevice::ReadOnly)) {
            qFatal("cannot open golden file %s", name);
        }
        return lines(file.readAll());
    }

    // The specs of the golden columns, in order: "bbands_5_1.5.upper" is
    // spec "bbands:5:1.5" (a trailing ".field" starts with a letter).
    static QString specsOf(const QByteArray& header) {
        QStringList specs;
        const QList<QByteArray> columns = header.split(',');
        for (qsizetype c = 1; c < columns.size(); ++c) {
            QString base = QString::fromLatin1(columns[c]);
            const qsizetype dot = base.lastIndexOf(QLatin1Char('.'));
            if (dot >= 0 && base.at(dot + 1).isLetter()) {
                base.truncate(dot);
            }
            base.replace(QLatin1Char('_'), QLatin1Char(':'));
            if (specs.isEmpty() || specs.last() != base) {
                specs.append(base);
            }
        }
        return specs.join(QLatin1Char(','));
    }

    // Runs the golden file's specs on its bars and compares every cell.
    void reproduces(const char* goldenName) {
        const QList<QByteArray> golden = goldenLines(goldenName);
        const Result result =
            cli({QStringLiteral("--data"), msft(), QStringLiteral("--spec"), specsOf(golden[0])});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.err.isEmpty());
        const QList<QByteArray> ours = lines(result.out);
        QCOMPARE(ours.size(), golden.size());
        QCOMPARE(ours[0], "timestamp" + golden[0].mid(golden[0].indexOf(',')));

        qsizetype values = 0;
        qsizetype identical = 0;
        for (qsizetype row = 1; row < golden.size(); ++row) {
            const QList<QByteArray> expected = golden[row].split(',');
            const QList<QByteArray> actual = ours[row].split(',');
            QCOMPARE(actual.size(), expected.size());
            QCOMPARE(actual[0], expected[0] + "T00:00:00Z");
            for (qsizetype c = 1; c < expected.size(); ++c) {
                const QByteArray where = golden[0].split(',')[c] + " on " + expected[0];
                QVERIFY2(actual[c].isEmpty() == expected[c].isEmpty(),
                         QByteArray(where + ": '" + actual[c] + "' vs '" + expected[c] + "'")
                             .constData());
                if (expected[c].isEmpty()) {
                    continue;
                }
                bool ok = false;
                const double ourValue = actual[c].toDouble(&ok);
                QVERIFY2(ok, QByteArray(where + ": not a number: " + actual[c]).constData());
                const double theirs = expected[c].toDouble();
                QVERIFY2(std::abs(ourValue - theirs) <= 1e-9 * std::max(1.0, std::abs(theirs)),
                         QByteArray(where + ": " + actual[c] + " vs " + expected[c]).constData());
                ++values;
                identical += ourValue == theirs ? 1 : 0;
            }
        }
        QVERIFY(values > 5000);
        qInfo("%s: %lld cells, %lld bit-identical after the round trip through text", goldenName,
              static_cast<long long>(values), static_cast<long long>(identical));
    }

    QString writeFile(const QString& name, const QByteArray& content) {
        QFile file(m_dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly)) {
            qFatal("cannot write test file");
        }
        file.write(content);
        return m_dir.filePath(name);
    }

    // Exit code 2 and the message, exactly, for a spec that is not valid.
    static void refuses(const QString& spec, const QByteArray& message) {
        const Result result =
            cli({QStringLiteral("--data"), msft(), QStringLiteral("--spec"), spec});
        QCOMPARE(result.exitCode, 2);
        QCOMPARE(result.err, "causeway-cli indicators: " + message + "\n");
        QVERIFY(result.out.isEmpty());
    }

private Q_SLOTS:
    void reproducesTaLibOnMsft() { reproduces("indicators_msft_daily.csv"); }

    void reproducesTheReferenceOnMsft() { reproduces("extra_msft_daily.csv"); }

    // TA-Lib's golden files, character for character: same values to the
    // last bit, same number format, same empty warm-up cells.
    void printsTaLibsValuesCharacterForCharacter_data() {
        QTest::addColumn<QString>("data");
        QTest::addColumn<QString>("golden");
        const QString resources = QStringLiteral(CAUSEWAY_RESOURCE_DATA_DIR "/");
        const QString tests = QStringLiteral(CAUSEWAY_TEST_DATA_DIR "/");
        for (const auto& [data, golden] : std::initializer_list<std::pair<QString, const char*>>{
                 {resources + QStringLiteral("msft_daily.csv"), "indicators_msft_daily.csv"},
                 {resources + QStringLiteral("sp500_daily.csv"), "indicators_sp500_daily.csv"},
                 {tests + QStringLiteral("edge_flat.csv"), "indicators_edge_flat.csv"},
                 {tests + QStringLiteral("edge_zero_volume.csv"),
                  "indicators_edge_zero_volume.csv"},
                 {tests + QStringLiteral("edge_single_bar.csv"), "indicators_edge_single_bar.csv"},
                 {tests + QStringLiteral("edge_gap.csv"), "indicators_edge_gap.csv"},
             }) {
            QTest::newRow(golden) << data << QString::fromLatin1(golden);
        }
    }
    void printsTaLibsValuesCharacterForCharacter() {
        QFETCH(QString, data);
        QFETCH(QString, golden);
        const QList<QByteArray> expected = goldenLines(qPrintable(golden));
        const Result result =
            cli({QStringLiteral("--data"), data, QStringLiteral("--spec"), specsOf(expected[0])});
        QCOMPARE(result.exitCode, 0);
        const QList<QByteArray> ours = lines(result.out);
        QCOMPARE(ours.size(), expected.size());
        for (qsizetype row = 1; row < expected.size(); ++row) {
            // the golden's date column vs our ISO 8601 timestamp
            const QByteArray theirs = expected[row].mid(expected[row].indexOf(','));
            const QByteArray mine = ours[row].mid(ours[row].indexOf(','));
            QVERIFY2(mine == theirs,
                     qPrintable(QStringLiteral("row %1 differs:\n%2\n%3")
                                    .arg(row)
                                    .arg(QString::fromLatin1(mine), QString::fromLatin1(theirs))));
        }
    }

    void writesTheSameRowsToAFile() {
        const QStringList args{QStringLiteral("--data"), msft(), QStringLiteral("--spec"),
                               QStringLiteral("rsi:14,bbands:20:2,obv")};
        const Result printed = cli(args);
        QCOMPARE(printed.exitCode, 0);
        const QString path = m_dir.filePath(QStringLiteral("out.csv"));
        const Result written = cli(args + QStringList{QStringLiteral("--out"), path});
        QCOMPARE(written.exitCode, 0);
        QVERIFY(written.out.isEmpty());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray content = file.readAll();
        QCOMPARE(content, printed.out);
        QVERIFY(content.startsWith(
            "timestamp,rsi_14,bbands_20_2.upper,bbands_20_2.middle,bbands_20_2.lower,obv\n"
            "2000-09-27T00:00:00Z,,,,,53077800\n"));
        QCOMPARE(lines(content).size(), 250);
    }

    void refusesBadSpecsListingWhatIsValid() {
        refuses(QStringLiteral("sma:20,foo"),
                "unknown indicator 'foo' (valid: ad, adx, atr, bbands, cci, dema, donchian, ema, "
                "ichimoku, keltner, macd, mfi, mom, natr, obv, roc, rsi, sar, sma, stoch, "
                "stochrsi, tema, vwap, willr, wma)");
        refuses(QStringLiteral("rsi:x"),
                "indicator 'rsi': parameter 'period' must be an integer from 2 to 100000, got 'x'");
        refuses(QStringLiteral("macd:12:26"),
                "indicator 'macd': expected macd:FAST:SLOW:SIGNAL, got 'macd:12:26'");
        refuses(QStringLiteral("vwap:day"),
                "indicator 'vwap': parameter 'anchor' must be one of session, week, month, none, "
                "got 'day'");
        refuses(QStringLiteral("sma:20,,ema:5"), "empty indicator spec in --spec 'sma:20,,ema:5'");
        refuses(QStringLiteral("sma:20,sma:20"), "indicator spec 'sma:20' given twice");

        const Result missing = cli({QStringLiteral("--data"), msft()});
        QCOMPARE(missing.exitCode, 2);
        QCOMPARE(missing.err,
                 QByteArray("causeway-cli indicators: missing required option --spec\n"));
    }

    void badDataExitsThreeNamingFileAndLine() {
        const QString bad = writeFile(QStringLiteral("bad.csv"),
                                      "date,open,high,low,close,volume\n"
                                      "2024-01-01,1,2,0.5,1.5,10\n"
                                      "2024-01-02,1,2,0.5,abc,10\n");
        const QString out = m_dir.filePath(QStringLiteral("never.csv"));
        const Result result = cli({QStringLiteral("--data"), bad, QStringLiteral("--spec"),
                                   QStringLiteral("sma:2"), QStringLiteral("--out"), out});
        QCOMPARE(result.exitCode, 3);
        QVERIFY2(
            result.err.startsWith(QByteArray("causeway-cli indicators: " + bad.toUtf8() + ":3: ")),
            result.err.constData());
        QVERIFY(!QFile::exists(out));  // all or nothing

        const QString empty =
            writeFile(QStringLiteral("empty.csv"), "date,open,high,low,close,volume\n");
        const Result none = cli(
            {QStringLiteral("--data"), empty, QStringLiteral("--spec"), QStringLiteral("sma:2")});
        QCOMPARE(none.exitCode, 3);
        QCOMPARE(none.err, "causeway-cli indicators: " + empty.toUtf8() +
                               ":1: no data rows after the header\n");
        QVERIFY(none.out.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestCliIndicators)
#include "test_cli_indicators.moc"
