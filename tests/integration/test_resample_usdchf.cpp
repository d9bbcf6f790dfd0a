#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <map>
#include <string>
#include <vector>

#include "cli_runner.h"
#include "engine/data/bar_aggregator.h"
#include "engine/data/replay_feed.h"
#include "engine/data/tick_csv_reader.h"

using namespace causeway::engine;

// USD/CHF every 30 minutes (a price-only tick stream), aggregated to 1h, 4h
// and 1d bars, against golden files written by tests/tools/
// resample_reference.py, an independent implementation of DESIGN.md's
// resample rules. Also drives `causeway-cli resample` and its error exits.
class TestResampleUsdchf final : public QObject {
    Q_OBJECT

private:
    using Result = causeway::test::CliResult;

    QTemporaryDir m_dir;

    static QString usdchf() { return QStringLiteral(CAUSEWAY_RESOURCE_DATA_DIR "/usdchf_30m.csv"); }
    static QString golden(const char* timeframe) {
        return QStringLiteral(CAUSEWAY_GOLDEN_DIR "/usdchf_30m_%1.csv")
            .arg(QLatin1String(timeframe));
    }

    static QByteArray readAll(const QString& path) {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            qFatal("cannot read %s", qPrintable(path));
        }
        return file.readAll();
    }

    Result cli(const QStringList& args) {
        return causeway::test::runCli(QStringList{QStringLiteral("resample")} + args);
    }

    QString writeFile(const QString& name, const QByteArray& content) {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly)) {
            qFatal("cannot write test file");
        }
        file.write(content);
        return path;
    }

private Q_SLOTS:
    void aggregatesThreeTimeframesInOnePassLikeTheReference() {
        std::map<std::string, std::vector<Candle>> bars;
        BarAggregator aggregator(
            Timeframe{},
            {*Timeframe::parse("1h"), *Timeframe::parse("4h"), *Timeframe::parse("1d")},
            [&bars](const Candle& bar) { bars[bar.timeframe.label()].push_back(bar); });
        TickCsvReader reader(usdchf().toStdString());
        ReplayFeed<Tick> feed(reader);
        QCOMPARE(feed.run([&aggregator](const Tick& tick) { aggregator.add(tick); }),
                 std::int64_t(62'496));
        aggregator.flush();

        for (const char* timeframe : {"1h", "4h", "1d"}) {
            const QList<QByteArray> lines = readAll(golden(timeframe)).split('\n');
            QCOMPARE(lines.first(), QByteArray("timestamp,open,high,low,close,volume"));
            QVERIFY(lines.last().isEmpty());  // ends with a newline
            const std::vector<Candle>& ours = bars[timeframe];
            QCOMPARE(ours.size(), static_cast<std::size_t>(lines.size() - 2));
            std::int64_t volume = 0;
            for (std::size_t i = 0; i < ours.size(); ++i) {
                const QList<QByteArray> cells = lines[static_cast<qsizetype>(i + 1)].split(',');
                QCOMPARE(cells.size(), 6);
                const Candle& bar = ours[i];
                const QByteArray where =
                    QByteArray(timeframe) + " row " + QByteArray::number(i + 2);
                QVERIFY2(bar.ts == *parseTimestamp(cells[0].toStdString()), where.constData());
                QVERIFY2(bar.open == *Price::parse(cells[1].toStdString()), where.constData());
                QVERIFY2(bar.high == *Price::parse(cells[2].toStdString()), where.constData());
                QVERIFY2(bar.low == *Price::parse(cells[3].toStdString()), where.constData());
                QVERIFY2(bar.close == *Price::parse(cells[4].toStdString()), where.constData());
                QVERIFY2(bar.volume == *Quantity::parse(cells[5].toStdString()), where.constData());
                QCOMPARE(bar.symbol.name(), std::string("USDCHF"));
                volume += bar.volume.raw() / Quantity::kScale;
            }
            // every 30-minute price lands in exactly one bar
            QCOMPARE(volume, std::int64_t(62'496));
        }
    }

    void cliOutputIsTheGoldenFileByteForByte() {
        const Result fourHours = cli({QStringLiteral("--data"), usdchf(),
                                      QStringLiteral("--timeframe"), QStringLiteral("4h")});
        QCOMPARE(fourHours.exitCode, 0);
        QVERIFY(fourHours.err.isEmpty());
        QCOMPARE(fourHours.out, readAll(golden("4h")));

        const QString out = m_dir.filePath(QStringLiteral("daily.csv"));
        const Result daily = cli({QStringLiteral("--data"), usdchf(), QStringLiteral("--timeframe"),
                                  QStringLiteral("1d"), QStringLiteral("--out"), out});
        QCOMPARE(daily.exitCode, 0);
        QVERIFY(daily.out.isEmpty());
        QCOMPARE(readAll(out), readAll(golden("1d")));
    }

    void cliResamplesBarsToo() {
        const QString bars = writeFile(QStringLiteral("bars.csv"),
                                       "Date,Open,High,Low,Close,Volume,Adj\n"
                                       "2024-01-01T00:00:00Z,10,12,9,11,100,x\n"
                                       "2024-01-01T00:30:00Z,11,15,10.5,14.25,50,x\n"
                                       "2024-01-01T02:00:00Z,14,14,8,9,25,x\n");
        const Result r = cli({QStringLiteral("--data"), bars, QStringLiteral("--timeframe=1h")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QByteArray("timestamp,open,high,low,close,volume\n"
                                   "2024-01-01T00:00:00Z,10,15,9,14.25,150\n"
                                   "2024-01-01T02:00:00Z,14,14,8,9,25\n"));
    }

    void badDataExitsWithThree_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("reason");
        const QByteArray header = "timestamp,price\n";
        const QByteArray good = "2000-01-03T10:00:00Z,1.5\n";
        QTest::newRow("malformed row") << header + good + "2000-01-03T10:00:01Z,1.5,7\n"
                                       << ":3: expected 2 fields, found 3";
        QTest::newRow("text price") << header + good + "2000-01-03T10:00:01Z,abc\n"
                                    << ":3: invalid price 'abc'";
        QTest::newRow("NaN price") << header + "2000-01-03T10:00:01Z,NaN\n"
                                   << ":2: NaN price";
        QTest::newRow("negative price") << header + "2000-01-03T10:00:01Z,-1.2\n"
                                        << ":2: negative price -1.2";
        QTest::newRow("missing column")
            << QByteArray("timestamp,size\n2000-01-03T10:00:01Z,3\n")
            << ":1: missing required column 'price' (header: timestamp,size)";
        QTest::newRow("empty file") << QByteArray() << ":1: empty file: no header row";
        QTest::newRow("header only") << header << ":1: no data rows after the header";
        QTest::newRow("bars: NaN close") << QByteArray(
                                                "date,open,high,low,close\n"
                                                "2000-01-03,1,2,1,nan\n")
                                         << ":2: NaN close price";
        QTest::newRow("bars: missing close")
            << QByteArray("date,open,high,low\n2000-01-03,1,2,1\n")
            << ":1: missing required column 'close' (header: date,open,high,low)";
    }
    void badDataExitsWithThree() {
        QFETCH(QByteArray, content);
        QFETCH(QString, reason);
        const QString data = writeFile(QStringLiteral("bad.csv"), content);
        const QString out = m_dir.filePath(QStringLiteral("never.csv"));
        const Result r = cli({QStringLiteral("--data"), data, QStringLiteral("--timeframe"),
                              QStringLiteral("1h"), QStringLiteral("--out"), out});
        QCOMPARE(r.exitCode, 3);
        QCOMPARE(QString::fromUtf8(r.err).trimmed(),
                 QStringLiteral("causeway-cli resample: ") + data + reason);
        QVERIFY(!QFile::exists(out));  // all or nothing

        const Result toStdout = cli(
            {QStringLiteral("--data"), data, QStringLiteral("--timeframe"), QStringLiteral("1h")});
        QCOMPARE(toStdout.exitCode, 3);
        if (reason.startsWith(QLatin1String(":1:"))) {
            QVERIFY(toStdout.out.isEmpty());  // no header printed for no bars
        }
    }

    void aVolumeBeyondQuantityIsBadData() {
        // S&P 500 volumes summed over four weeks pass Quantity's 9.2e10
        const QString sp500 = QStringLiteral(CAUSEWAY_RESOURCE_DATA_DIR "/sp500_daily.csv");
        const Result r = cli(
            {QStringLiteral("--data"), sp500, QStringLiteral("--timeframe"), QStringLiteral("4w")});
        QCOMPARE(r.exitCode, 3);
        QCOMPARE(QString::fromUtf8(r.err).trimmed(),
                 QStringLiteral("causeway-cli resample: %1:2149: the volume of the 4w bar at "
                                "2008-06-26T00:00:00Z exceeds the largest quantity "
                                "92233720368.54775807")
                     .arg(sp500));
    }

    void usageErrorsExitWithTwo_data() {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        const QString msft = QStringLiteral(CAUSEWAY_RESOURCE_DATA_DIR "/msft_daily.csv");
        QTest::newRow("bad timeframe")
            << QStringList{QStringLiteral("--data"), usdchf(), QStringLiteral("--timeframe"),
                           QStringLiteral("90")}
            << "invalid timeframe '90': expected a whole number and a unit s, m, h, d or w, "
               "e.g. 1s, 30s, 1m, 5m, 15m, 1h, 4h, 1d";
        QTest::newRow("unknown unit")
            << QStringList{QStringLiteral("--data"), usdchf(), QStringLiteral("--timeframe"),
                           QStringLiteral("1y")}
            << "invalid timeframe '1y': expected a whole number and a unit s, m, h, d or w, "
               "e.g. 1s, 30s, 1m, 5m, 15m, 1h, 4h, 1d";
        QTest::newRow("not a multiple")
            << QStringList{QStringLiteral("--data"), msft, QStringLiteral("--timeframe"),
                           QStringLiteral("36h")}
            << QStringLiteral("--timeframe 36h is not a multiple of the 1d bars in ") + msft;
        QTest::newRow("missing timeframe") << QStringList{QStringLiteral("--data"), usdchf()}
                                           << "missing required option --timeframe";
        QTest::newRow("missing data")
            << QStringList{QStringLiteral("--timeframe"), QStringLiteral("1h")}
            << "missing required option --data";
    }
    void usageErrorsExitWithTwo() {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const Result r = cli(args);
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(QString::fromUtf8(r.err).trimmed(),
                 QStringLiteral("causeway-cli resample: ") + message);
        QVERIFY(r.out.isEmpty());
    }

    void anUnwritableOutputExitsWithFour() {
        const Result r = cli({QStringLiteral("--data"), usdchf(), QStringLiteral("--timeframe"),
                              QStringLiteral("1d"), QStringLiteral("--out"),
                              m_dir.filePath(QStringLiteral("no/such/dir/out.csv"))});
        QCOMPARE(r.exitCode, 4);
        QVERIFY2(r.err.startsWith("causeway-cli resample: cannot write "), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestResampleUsdchf)
#include "test_resample_usdchf.moc"
