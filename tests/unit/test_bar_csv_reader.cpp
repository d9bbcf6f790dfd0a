#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "engine/data/bar_csv_reader.h"
#include "engine/data/data_error.h"

using namespace causeway::engine;

class TestBarCsvReader final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    std::string write(const QString& name, const QByteArray& content) {
        const QString path = m_dir.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly)) {
            qFatal("cannot write test file");
        }
        file.write(content);
        return path.toStdString();
    }

    // Loads the file and returns the error text with the directory removed.
    QString errorOf(const std::string& path) {
        try {
            loadBars(path);
        } catch (const DataError& error) {
            return QString::fromStdString(error.what()).remove(m_dir.path() + QLatin1Char('/'));
        }
        return QStringLiteral("no error");
    }

private Q_SLOTS:
    void readsTheBundledFiles() {
        const auto msft = loadBars(CAUSEWAY_RESOURCE_DATA_DIR "/msft_daily.csv");
        QCOMPARE(msft.size(), std::size_t(249));
        QCOMPARE(msft.front().symbol.name(), std::string("MSFT"));
        QCOMPARE(formatIso8601(msft.front().ts), std::string("2000-09-27T00:00:00Z"));
        QCOMPARE(msft.front().open.toString(), std::string("63.4375"));
        QCOMPARE(msft.front().volume.toString(), std::string("53077800"));
        QCOMPARE(msft.front().timeframe.label(), std::string("1d"));

        // extra adjclose column ignored; volumes beyond 32 bits kept exactly
        const auto spx = loadBars(CAUSEWAY_RESOURCE_DATA_DIR "/sp500_daily.csv");
        QCOMPARE(spx.size(), std::size_t(5105));
        QCOMPARE(spx.front().close.toString(), std::string("1455.219971"));
        Quantity largest;
        for (const auto& bar : spx) {
            largest = std::max(largest, bar.volume);
        }
        QVERIFY(largest > Quantity::fromInt(4'294'967'295LL));
    }

    void toleratesOtherSpellingsAndOrders() {
        const auto path = write(QStringLiteral("vendor.csv"),
                                "\xEF\xBB\xBF\"Close\",VOL,Time,Low,High,Open,Note\r\n"
                                "10.5,100,1700000000,10,11,10.2,x\r\n"
                                "10.7,200,1700000060,10.1,10.9,10.5,y\r\n"
                                "\r\n");
        const auto bars = loadBars(path);
        QCOMPARE(bars.size(), std::size_t(2));
        QCOMPARE(bars[1].close.toString(), std::string("10.7"));
        QCOMPARE(bars[1].open.toString(), std::string("10.5"));
        QCOMPARE(bars[1].volume.toString(), std::string("200"));
        QCOMPARE(formatIso8601(bars[0].ts), std::string("2023-11-14T22:13:20Z"));
        QCOMPARE(bars[0].timeframe.label(), std::string("1m"));
        QCOMPARE(bars[0].symbol.name(), std::string("VENDOR"));
    }

    void namesFileLineAndReason_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("error");
        const QByteArray header = "date,open,high,low,close,volume\n";
        const QByteArray good = "2000-01-03,10,11,9,10.5,100\n";
        QTest::newRow("malformed row") << header + good + "2000-01-04,10,11,9\n"
                                       << "bad.csv:3: expected 6 fields, found 4";
        QTest::newRow("NaN price") << header + good + "2000-01-04,10,11,9,NaN,100\n"
                                   << "bad.csv:3: NaN close price";
        QTest::newRow("negative price") << header + "2000-01-03,10,11,-9,10.5,100\n"
                                        << "bad.csv:2: negative low price -9";
        QTest::newRow("text price") << header + "2000-01-03,ten,11,9,10.5,100\n"
                                    << "bad.csv:2: invalid open price 'ten'";
        QTest::newRow("bad timestamp") << header + "03/01/2000,10,11,9,10.5,100\n"
                                       << "bad.csv:2: invalid timestamp '03/01/2000'";
        QTest::newRow("out of order")
            << header + good + "2000-01-02,10,11,9,10.5,100\n"
            << "bad.csv:3: timestamp 2000-01-02T00:00:00Z is not after the previous "
               "row's 2000-01-03T00:00:00Z";
        QTest::newRow("inconsistent bar")
            << header + "2000-01-03,10,11,9,12,100\n"
            << "bad.csv:2: inconsistent bar: high 11, low 9 do not contain open 10 "
               "and close 12";
        QTest::newRow("bad volume") << header + "2000-01-03,10,11,9,10.5,lots\n"
                                    << "bad.csv:2: invalid volume 'lots'";
        QTest::newRow("missing column")
            << QByteArray("date,open,high,low,volume\n2000-01-03,10,11,9,100\n")
            << "bad.csv:1: missing required column 'close' (header: "
               "date,open,high,low,volume)";
        QTest::newRow("empty file") << QByteArray() << "bad.csv:1: empty file: no header row";
        QTest::newRow("header only") << header << "bad.csv:1: no data rows after the header";
    }
    void namesFileLineAndReason() {
        QFETCH(QByteArray, content);
        QFETCH(QString, error);
        QCOMPARE(errorOf(write(QStringLiteral("bad.csv"), content)), error);
    }

    void reportsAMissingFile() {
        QCOMPARE(errorOf(m_dir.filePath(QStringLiteral("absent.csv")).toStdString()),
                 QStringLiteral("absent.csv:0: cannot open file"));
    }

    void refusesZeroAndInfinitePrices_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("error");
        const QByteArray header = "date,open,high,low,close,volume\n";
        QTest::newRow("zero price") << header + "2000-01-03,0,0,0,0,100\n"
                                    << "bad.csv:2: zero open price 0";
        QTest::newRow("infinite price") << header + "2000-01-03,10,inf,9,10.5,100\n"
                                        << "bad.csv:2: infinite high price";
        QTest::newRow("NaN volume") << header + "2000-01-03,10,11,9,10.5,NaN\n"
                                    << "bad.csv:2: invalid volume 'NaN'";
        QTest::newRow("unterminated quote") << header + "2000-01-03,\"10,11,9,10.5,100\n"
                                            << "bad.csv:2: field 2 has an unterminated quote";
    }
    void refusesZeroAndInfinitePrices() {
        QFETCH(QByteArray, content);
        QFETCH(QString, error);
        QCOMPARE(errorOf(write(QStringLiteral("bad.csv"), content)), error);
    }

    void readsQuotedFieldsEpochTimesAndALastLineWithoutNewline() {
        const auto path = write(QStringLiteral("quoted.csv"),
                                "ts,o,h,l,c,v,comment\n"
                                "946684800000,\"10\",11,9,10.5,100,\"say \"\"hi\"\", twice\"\n"
                                "946684860000, 10.5 ,11,9,10,200,plain");
        const auto bars = loadBars(path);
        QCOMPARE(bars.size(), std::size_t(2));
        QCOMPARE(formatIso8601(bars[0].ts), std::string("2000-01-01T00:00:00Z"));
        QCOMPARE(bars[0].open.toString(), std::string("10"));
        QCOMPARE(bars[1].open.toString(), std::string("10.5"));
        QCOMPARE(bars[1].volume.toString(), std::string("200"));
        QCOMPARE(bars[1].timeframe.label(), std::string("1m"));
    }

    void streamsFilesLargerThanOneReadBlock() {
        // 60,000 rows of ~45 bytes: several 1 MiB blocks, rows cut at block
        // edges, and one row longer than a block.
        QByteArray content = "timestamp,open,high,low,close,volume,note\n";
        for (int i = 0; i < 60'000; ++i) {
            content += QByteArray::number(1'000'000'000LL + i * 60) + ",1.5,2.25,1.25,2," +
                       QByteArray::number(i) + ',' +
                       (i == 30'000 ? QByteArray(1 << 21, 'x') : QByteArray("n")) + '\n';
        }
        BarCsvReader reader(write(QStringLiteral("big.csv"), content));
        Candle bar;
        std::int64_t rows = 0;
        std::int64_t volumeSum = 0;
        while (reader.next(bar)) {
            QCOMPARE(bar.ts, (1'000'000'000LL + rows * 60) * kNanosPerSecond);
            volumeSum += bar.volume.raw() / Quantity::kScale;
            ++rows;
        }
        QCOMPARE(rows, std::int64_t(60'000));
        QCOMPARE(volumeSum, std::int64_t(59'999) * 60'000 / 2);
        QCOMPARE(reader.line(), std::int64_t(60'001));
        QCOMPARE(bar.close.toString(), std::string("2"));
    }
};

QTEST_APPLESS_MAIN(TestBarCsvReader)
#include "test_bar_csv_reader.moc"
