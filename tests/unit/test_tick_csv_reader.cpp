#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "engine/data/csv_source.h"
#include "engine/data/data_error.h"
#include "engine/data/tick_csv_reader.h"

using namespace causeway::engine;

class TestTickCsvReader final : public QObject {
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
            loadTicks(path);
        } catch (const DataError& error) {
            return QString::fromStdString(error.what()).remove(m_dir.path() + QLatin1Char('/'));
        }
        return QStringLiteral("no error");
    }

private Q_SLOTS:
    void readsTheBundledFxSeries() {
        const auto ticks = loadTicks(CAUSEWAY_RESOURCE_DATA_DIR "/usdchf_30m.csv");
        QCOMPARE(ticks.size(), std::size_t(62'496));
        QCOMPARE(ticks.front().symbol.name(), std::string("USDCHF"));
        QCOMPARE(formatIso8601(ticks.front().ts), std::string("1996-03-31T22:00:00Z"));
        QCOMPARE(ticks.front().price.toString(), std::string("1.193"));
        QCOMPARE(formatIso8601(ticks.back().ts), std::string("2001-03-30T21:30:00Z"));
        QCOMPARE(ticks.back().price.toString(), std::string("1.7429"));
        // no size column: every print counts as one unit, no side, no quote
        QCOMPARE(ticks.back().size, Quantity::fromInt(1));
        QCOMPARE(ticks.back().side, AggressorSide::kUnknown);
        QVERIFY(!ticks.back().bid.has_value());
        QVERIFY(!ticks.back().ask.has_value());
    }

    void readsEveryOptionalColumn() {
        const auto path = write(QStringLiteral("btc_trades.csv"),
                                "\xEF\xBB\xBFVenue,\"Time\",PRICE,Qty,Side,Bid,Ask\r\n"
                                "X,1700000000000,37000.5,0.25,BUY,37000.4,37000.6\r\n"
                                "X,1700000000000,37000.4,1.5,s,,\r\n"
                                "\"Y, Ltd\",1700000000123456789,37001,,,37000.9,37001.1\r\n"
                                "\r\n");
        TickCsvReader reader(path);
        QVERIFY(reader.hasSizes());
        QCOMPARE(reader.symbol().name(), std::string("BTC"));
        Tick tick;
        QVERIFY(reader.next(tick));
        QCOMPARE(reader.line(), std::int64_t(2));
        QCOMPARE(formatIso8601(tick.ts), std::string("2023-11-14T22:13:20Z"));
        QCOMPARE(tick.price.toString(), std::string("37000.5"));
        QCOMPARE(tick.size.toString(), std::string("0.25"));
        QCOMPARE(tick.side, AggressorSide::kBuy);
        QCOMPARE(tick.bid->toString(), std::string("37000.4"));
        QCOMPARE(tick.ask->toString(), std::string("37000.6"));

        // equal timestamps are fine for ticks; empty quote cells mean none
        QVERIFY(reader.next(tick));
        QCOMPARE(tick.side, AggressorSide::kSell);
        QVERIFY(!tick.bid.has_value());
        QVERIFY(!tick.ask.has_value());

        // a quoted field may hold a comma; an empty size counts one; epoch ns
        QVERIFY(reader.next(tick));
        QCOMPARE(reader.line(), std::int64_t(4));
        QCOMPARE(formatIso8601(tick.ts), std::string("2023-11-14T22:13:20.123456789Z"));
        QCOMPARE(tick.size, Quantity::fromInt(1));
        QCOMPARE(tick.side, AggressorSide::kUnknown);
        QCOMPARE(tick.ask->toString(), std::string("37001.1"));
        QVERIFY(!reader.next(tick));
    }

    void takesAGivenSymbolAndOtherSpellings() {
        const auto path = write(QStringLiteral("feed.csv"),
                                "datetime,price,volume\n"
                                "2024-01-02 09:30:00,10,300\n"
                                "2024-01-02T09:30:01.5Z,10.01,100\n");
        const auto ticks = loadTicks(path, Symbol("ACME"));
        QCOMPARE(ticks.size(), std::size_t(2));
        QCOMPARE(ticks[1].symbol.name(), std::string("ACME"));
        QCOMPARE(ticks[0].size.toString(), std::string("300"));
        QCOMPARE(formatIso8601(ticks[1].ts), std::string("2024-01-02T09:30:01.5Z"));
    }

    void namesFileLineAndReason_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("error");
        const QByteArray header = "timestamp,price,size,side,bid,ask\n";
        const QByteArray good = "2000-01-03T10:00:00Z,1.5,2,buy,1.4,1.6\n";
        QTest::newRow("malformed row") << header + good + "2000-01-03T10:00:01Z,1.5\n"
                                       << "bad.csv:3: expected 6 fields, found 2";
        QTest::newRow("text price") << header + good + "2000-01-03T10:00:01Z,abc,1,,,\n"
                                    << "bad.csv:3: invalid price 'abc'";
        QTest::newRow("NaN price") << header + "2000-01-03T10:00:01Z,nan,1,,,\n"
                                   << "bad.csv:2: NaN price";
        QTest::newRow("infinite price") << header + "2000-01-03T10:00:01Z,-Infinity,1,,,\n"
                                        << "bad.csv:2: infinite price";
        QTest::newRow("negative price") << header + "2000-01-03T10:00:01Z,-1.5,1,,,\n"
                                        << "bad.csv:2: negative price -1.5";
        QTest::newRow("zero price") << header + "2000-01-03T10:00:01Z,0.000,1,,,\n"
                                    << "bad.csv:2: zero price 0.000";
        QTest::newRow("NaN bid") << header + "2000-01-03T10:00:01Z,1.5,1,,NaN,\n"
                                 << "bad.csv:2: NaN bid price";
        QTest::newRow("negative ask") << header + "2000-01-03T10:00:01Z,1.5,1,,,-2\n"
                                      << "bad.csv:2: negative ask price -2";
        QTest::newRow("bad size") << header + "2000-01-03T10:00:01Z,1.5,-3,,,\n"
                                  << "bad.csv:2: invalid size '-3'";
        QTest::newRow("bad side") << header + "2000-01-03T10:00:01Z,1.5,1,long,,\n"
                                  << "bad.csv:2: invalid side 'long' (expected buy, sell, b or s)";
        QTest::newRow("bad timestamp") << header + "3/1/2000 10:00,1.5,1,,,\n"
                                       << "bad.csv:2: invalid timestamp '3/1/2000 10:00'";
        QTest::newRow("back in time")
            << header + good + "2000-01-03T09:59:59Z,1.5,1,,,\n"
            << "bad.csv:3: timestamp 2000-01-03T09:59:59Z is before the previous row's "
               "2000-01-03T10:00:00Z";
        QTest::newRow("unterminated quote") << header + "2000-01-03T10:00:01Z,\"1.5,1,,,\n"
                                            << "bad.csv:2: field 2 has an unterminated quote";
        QTest::newRow("text after quote") << header + "2000-01-03T10:00:01Z,\"1.5\"x,1,,,\n"
                                          << "bad.csv:2: field 2 has text after its closing quote";
        QTest::newRow("missing column")
            << QByteArray("timestamp,size\n2000-01-03T10:00:01Z,1\n")
            << "bad.csv:1: missing required column 'price' (header: timestamp,size)";
        QTest::newRow("missing time")
            << QByteArray("when,price\n2000-01-03T10:00:01Z,1\n")
            << "bad.csv:1: missing required column 'timestamp' (header: when,price)";
        QTest::newRow("empty file") << QByteArray() << "bad.csv:1: empty file: no header row";
        QTest::newRow("blank lines only")
            << QByteArray("\n  \r\n") << "bad.csv:1: empty file: no header row";
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

    void splitsQuotedAndPaddedFields() {
        CsvSource source(write(QStringLiteral("fields.csv"),
                               "a,b,c,d\n"
                               "\"say \"\"hi\"\", twice\",  padded\t , \"\" ,\n"
                               "  \" x,y \"  ,\"\"\"\",plain,\"\"\"a\"\"\"\n"));
        QVERIFY(source.next());
        QCOMPARE(source.field(0), std::string_view("say \"hi\", twice"));
        QCOMPARE(source.field(1), std::string_view("padded"));
        QCOMPARE(source.field(2), std::string_view(""));
        QCOMPARE(source.field(3), std::string_view(""));
        QVERIFY(source.next());
        QCOMPARE(source.field(0), std::string_view("x,y"));
        QCOMPARE(source.field(1), std::string_view("\""));
        QCOMPARE(source.field(2), std::string_view("plain"));
        QCOMPARE(source.field(3), std::string_view("\"a\""));
        QCOMPARE(source.line(), std::int64_t(3));
        QVERIFY(!source.next());
        QCOMPARE(source.find(csv_columns::kOpen), std::optional<std::size_t>());
        QCOMPARE(source.header(), std::string("a,b,c,d"));
    }

    void detectsBarsAndTicksFromTheHeader_data() {
        QTest::addColumn<QByteArray>("header");
        QTest::addColumn<bool>("bars");
        QTest::newRow("ohlcv") << QByteArray("Date,Open,High,Low,Close,Volume\n") << true;
        QTest::newRow("short names") << QByteArray("t,o,h,l,c\n") << true;
        QTest::newRow("ticks") << QByteArray("timestamp,price\n") << false;
        QTest::newRow("ohlc and price") << QByteArray("ts,price,open,high,low,close\n") << true;
        QTest::newRow("partial ohlc and price") << QByteArray("ts,price,open\n") << false;
        QTest::newRow("partial ohlc") << QByteArray("ts,open,close\n") << true;
        QTest::newRow("neither") << QByteArray("ts,value\n") << false;
    }
    void detectsBarsAndTicksFromTheHeader() {
        QFETCH(QByteArray, header);
        QFETCH(bool, bars);
        const auto kind = detectCsvKind(write(QStringLiteral("kind.csv"), header));
        QCOMPARE(kind == CsvKind::kBars, bars);
    }
};

QTEST_APPLESS_MAIN(TestTickCsvReader)
#include "test_tick_csv_reader.moc"
