#include <QTest>

#include "engine/core/timeframe.h"
#include "engine/core/timestamp.h"

using namespace causeway::engine;

class TestTimestamp final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesEveryAcceptedSpelling_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("iso");
        QTest::newRow("date") << "2000-09-27"
                              << "2000-09-27T00:00:00Z";
        QTest::newRow("date time Z") << "1996-03-31T22:30:00Z"
                                     << "1996-03-31T22:30:00Z";
        QTest::newRow("space, no seconds") << "1996-03-31 22:30"
                                           << "1996-03-31T22:30:00Z";
        QTest::newRow("fraction") << "2020-01-01T00:00:00.25Z"
                                  << "2020-01-01T00:00:00.25Z";
        QTest::newRow("offset") << "2020-01-01T02:00:00+02:00"
                                << "2020-01-01T00:00:00Z";
        QTest::newRow("epoch seconds") << "946684800"
                                       << "2000-01-01T00:00:00Z";
        QTest::newRow("epoch milliseconds") << "946684800123"
                                            << "2000-01-01T00:00:00.123Z";
        QTest::newRow("epoch microseconds") << "946684800123456"
                                            << "2000-01-01T00:00:00.123456Z";
        QTest::newRow("epoch nanoseconds") << "946684800123456789"
                                           << "2000-01-01T00:00:00.123456789Z";
        QTest::newRow("leap day") << "2000-02-29"
                                  << "2000-02-29T00:00:00Z";
        QTest::newRow("before 1970") << "1969-12-31T23:59:59Z"
                                     << "1969-12-31T23:59:59Z";
    }
    void parsesEveryAcceptedSpelling() {
        QFETCH(QString, text);
        QFETCH(QString, iso);
        const auto ts = parseTimestamp(text.toStdString());
        QVERIFY2(ts.has_value(), qPrintable(text));
        QCOMPARE(QString::fromStdString(formatIso8601(*ts)), iso);
    }

    void refusesMalformedTimes_data() {
        QTest::addColumn<QString>("text");
        for (const char* bad : {"", "2001-02-29", "2000-13-01", "2000-01-01T25:00", "yesterday",
                                "2000-01-01T00:00:00Q", "12.5"}) {
            QTest::newRow(bad) << QString::fromLatin1(bad);
        }
    }
    void refusesMalformedTimes() {
        QFETCH(QString, text);
        QVERIFY(!parseTimestamp(text.toStdString()).has_value());
    }

    void formatsCompactForIds() {
        QCOMPARE(formatCompact(*parseTimestamp("2001-01-19T13:04:05Z")),
                 std::string("20010119_130405"));
    }

    void timeframesAlignToTheEpoch() {
        const auto tf = Timeframe::parse("15m");
        QVERIFY(tf.has_value());
        QCOMPARE(tf->label(), std::string("15m"));
        QCOMPARE(formatIso8601(tf->bucketStart(*parseTimestamp("2000-01-01T10:44:59Z"))),
                 std::string("2000-01-01T10:30:00Z"));
        QCOMPARE(Timeframe::parse("1d")->label(), std::string("1d"));
        QCOMPARE(Timeframe{90 * kNanosPerSecond}.label(), std::string("90s"));
        QVERIFY(!Timeframe::parse("0m").has_value());
        QVERIFY(!Timeframe::parse("5x").has_value());
    }
};

QTEST_APPLESS_MAIN(TestTimestamp)
#include "test_timestamp.moc"
