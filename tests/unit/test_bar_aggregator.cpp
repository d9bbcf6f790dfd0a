#include <QTest>

#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/data/bar_aggregator.h"

using namespace causeway::engine;

namespace {

Timestamp at(const char* iso) {
    return *parseTimestamp(iso);
}

Timeframe tf(const char* text) {
    return *Timeframe::parse(text);
}

Tick tick(const char* iso, const char* price, std::int64_t size = 1) {
    Tick t;
    t.symbol = Symbol("BTCUSD");
    t.ts = at(iso);
    t.price = *Price::parse(price);
    t.size = Quantity::fromInt(size);
    return t;
}

Candle bar(const char* iso, const char* o, const char* h, const char* l, const char* c,
           std::int64_t volume, const char* timeframe = "30m") {
    Candle b;
    b.symbol = Symbol("BTCUSD");
    b.ts = at(iso);
    b.timeframe = tf(timeframe);
    b.open = *Price::parse(o);
    b.high = *Price::parse(h);
    b.low = *Price::parse(l);
    b.close = *Price::parse(c);
    b.volume = Quantity::fromInt(volume);
    return b;
}

// "2024-01-02T10:00:00Z 1m 10 12 9 9 6"
std::string describe(const Candle& c) {
    return formatIso8601(c.ts) + ' ' + c.timeframe.label() + ' ' + c.open.toString() + ' ' +
           c.high.toString() + ' ' + c.low.toString() + ' ' + c.close.toString() + ' ' +
           c.volume.toString();
}

std::string errorOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const std::exception& error) {
        return error.what();
    }
    return "no error";
}

}  // namespace

class TestBarAggregator final : public QObject {
    Q_OBJECT

private:
    std::vector<std::string> m_bars;

    BarAggregator::Sink sink() {
        m_bars.clear();
        return [this](const Candle& c) {
            QCOMPARE(c.symbol.name(), std::string("BTCUSD"));
            QCOMPARE(c.type, MessageType::kCandle);
            m_bars.push_back(describe(c));
        };
    }

private Q_SLOTS:
    void aggregatesTicksAndEmitsWhenTheNextBucketStarts() {
        BarAggregator aggregator(Timeframe{}, {tf("1m")}, sink());
        aggregator.add(tick("2024-01-02T10:00:05Z", "10", 2));
        aggregator.add(tick("2024-01-02T10:00:30Z", "12"));
        aggregator.add(tick("2024-01-02T10:00:59.999Z", "9", 3));
        QVERIFY(m_bars.empty());
        // 10:01 has no data and gets no bar
        aggregator.add(tick("2024-01-02T10:02:10Z", "11"));
        QCOMPARE(m_bars, std::vector<std::string>{"2024-01-02T10:00:00Z 1m 10 12 9 9 6"});
        aggregator.add(tick("2024-01-02T10:02:10Z", "11.5", 4));  // same instant is fine
        aggregator.flush();
        QCOMPARE(m_bars, (std::vector<std::string>{"2024-01-02T10:00:00Z 1m 10 12 9 9 6",
                                                   "2024-01-02T10:02:00Z 1m 11 11.5 11 11.5 5"}));
        aggregator.flush();  // nothing left open
        QCOMPARE(m_bars.size(), std::size_t(2));
    }

    void feedsSeveralTimeframesInOnePass() {
        BarAggregator aggregator(Timeframe{}, {tf("1m"), tf("5m")}, sink());
        aggregator.add(tick("2024-01-02T10:03:00Z", "5"));
        aggregator.add(tick("2024-01-02T10:04:59Z", "7"));
        aggregator.add(tick("2024-01-02T10:05:00Z", "6"));
        aggregator.add(tick("2024-01-02T10:09:30Z", "4"));
        aggregator.flush();
        QCOMPARE(m_bars, (std::vector<std::string>{
                             "2024-01-02T10:03:00Z 1m 5 5 5 5 1",
                             "2024-01-02T10:04:00Z 1m 7 7 7 7 1",
                             "2024-01-02T10:00:00Z 5m 5 7 5 7 2",
                             "2024-01-02T10:05:00Z 1m 6 6 6 6 1",
                             "2024-01-02T10:09:00Z 1m 4 4 4 4 1",
                             "2024-01-02T10:05:00Z 5m 6 6 4 4 2",
                         }));
    }

    void aggregatesBarsIntoMultiples() {
        BarAggregator aggregator(tf("30m"), {tf("1h"), tf("4h")}, sink());
        aggregator.add(bar("2024-01-02T00:00:00Z", "10", "12", "9", "11", 100));
        aggregator.add(bar("2024-01-02T00:30:00Z", "11", "15", "10", "14", 50));
        aggregator.add(bar("2024-01-02T01:30:00Z", "14", "14", "8", "9", 25));
        aggregator.add(bar("2024-01-02T04:00:00Z", "9", "10", "9", "10", 1));
        aggregator.flush();
        QCOMPARE(m_bars, (std::vector<std::string>{
                             "2024-01-02T00:00:00Z 1h 10 15 9 14 150",
                             "2024-01-02T01:00:00Z 1h 14 14 8 9 25",
                             "2024-01-02T00:00:00Z 4h 10 15 8 9 175",
                             "2024-01-02T04:00:00Z 1h 9 10 9 10 1",
                             "2024-01-02T04:00:00Z 4h 9 10 9 10 1",
                         }));
        QCOMPARE(aggregator.source(), tf("30m"));
        QCOMPARE(aggregator.targets().size(), std::size_t(2));
    }

    void emitsABarAsSoonAsItsLastSourceBarArrives() {
        BarAggregator aggregator(tf("1m"), {tf("15m")}, sink());
        for (int minute = 0; minute < 14; ++minute) {
            aggregator.add(bar(
                qPrintable(
                    QStringLiteral("2024-01-02T10:%1:00Z").arg(minute, 2, 10, QLatin1Char('0'))),
                "10", "11", "9", "10", 1, "1m"));
        }
        QVERIFY(m_bars.empty());
        // the 10:14 bar ends at 10:15, where the 15m bucket ends: complete now
        aggregator.add(bar("2024-01-02T10:14:00Z", "10", "12", "8", "11", 1, "1m"));
        QCOMPARE(m_bars, (std::vector<std::string>{"2024-01-02T10:00:00Z 15m 10 12 8 11 15"}));
        // a bucket whose last minute is missing still closes with the next bucket
        aggregator.add(bar("2024-01-02T10:15:00Z", "11", "11", "11", "11", 1, "1m"));
        aggregator.add(bar("2024-01-02T10:31:00Z", "12", "12", "12", "12", 1, "1m"));
        QCOMPARE(m_bars.size(), std::size_t(2));
        QCOMPARE(m_bars.back(), std::string("2024-01-02T10:15:00Z 15m 11 11 11 11 1"));
        aggregator.flush();
        QCOMPARE(m_bars.size(), std::size_t(3));
    }

    void alignsBucketsToTheEpochEvenBefore1970() {
        BarAggregator aggregator(Timeframe{}, {tf("1m"), tf("1d")}, sink());
        aggregator.add(tick("1969-12-31T23:59:30Z", "3"));
        aggregator.add(tick("1970-01-01T00:00:00Z", "4"));
        aggregator.flush();
        QCOMPARE(m_bars, (std::vector<std::string>{
                             "1969-12-31T23:59:00Z 1m 3 3 3 3 1",
                             "1969-12-31T00:00:00Z 1d 3 3 3 3 1",
                             "1970-01-01T00:00:00Z 1m 4 4 4 4 1",
                             "1970-01-01T00:00:00Z 1d 4 4 4 4 1",
                         }));
    }

    void refusesTargetsThatAreNoMultiple() {
        const auto build = [](const char* source, std::vector<Timeframe> targets) {
            return errorOf([&] { BarAggregator(tf(source), std::move(targets), {}); });
        };
        QCOMPARE(build("30m", {tf("1h"), tf("45m")}),
                 std::string("cannot aggregate 30m bars into 45m bars: 45m is not a multiple "
                             "of 30m"));
        QCOMPARE(build("1h", {tf("30m")}),
                 std::string("cannot aggregate 1h bars into 30m bars: 30m is not a multiple "
                             "of 1h"));
        QCOMPARE(build("1m", {tf("5m"), tf("5m")}), std::string("target timeframe 5m given twice"));
        QCOMPARE(build("1m", {}), std::string("no target timeframe to aggregate into"));
        QCOMPARE(errorOf([] { BarAggregator(Timeframe{}, {Timeframe{}}, {}); }),
                 std::string("target timeframe must be positive"));
    }

    void refusesInputItCannotAggregate() {
        BarAggregator bars(tf("30m"), {tf("1h")}, sink());
        QCOMPARE(errorOf([&] { bars.add(tick("2024-01-02T00:00:00Z", "1")); }),
                 std::string("aggregator of 30m bars got a tick"));
        QCOMPARE(
            errorOf([&] { bars.add(bar("2024-01-02T00:00:00Z", "1", "1", "1", "1", 1, "1h")); }),
            std::string("aggregator of 30m bars got a 1h bar"));
        bars.add(bar("2024-01-02T00:30:00Z", "1", "1", "1", "1", 1));
        QCOMPARE(errorOf([&] { bars.add(bar("2024-01-02T00:30:00Z", "1", "1", "1", "1", 1)); }),
                 std::string("bar at 2024-01-02T00:30:00Z is not after the previous one at "
                             "2024-01-02T00:30:00Z"));
        Candle other = bar("2024-01-02T01:00:00Z", "1", "1", "1", "1", 1);
        other.symbol = Symbol("ETHUSD");
        QCOMPARE(errorOf([&] { bars.add(other); }),
                 std::string("aggregator of BTCUSD got a bar of ETHUSD"));

        BarAggregator ticks(Timeframe{}, {tf("1m")}, sink());
        QCOMPARE(
            errorOf([&] { ticks.add(bar("2024-01-02T00:00:00Z", "1", "1", "1", "1", 1, "1m")); }),
            std::string("aggregator of ticks got a 1m bar"));
        ticks.add(tick("2024-01-02T00:00:02Z", "1"));
        QCOMPARE(errorOf([&] { ticks.add(tick("2024-01-02T00:00:01Z", "1")); }),
                 std::string("tick at 2024-01-02T00:00:01Z is not after the previous one at "
                             "2024-01-02T00:00:02Z"));
    }

    void refusesAVolumeBeyondQuantity() {
        BarAggregator aggregator(tf("1d"), {tf("2d")}, sink());
        Candle first = bar("2024-01-02T00:00:00Z", "1", "1", "1", "1", 0, "1d");
        first.volume = Quantity::fromRaw(std::numeric_limits<std::int64_t>::max() - 5);
        aggregator.add(first);
        Candle second = bar("2024-01-03T00:00:00Z", "2", "2", "2", "2", 0, "1d");
        second.volume = Quantity::fromRaw(6);
        QCOMPARE(errorOf([&] { aggregator.add(second); }),
                 std::string("the volume of the 2d bar at 2024-01-02T00:00:00Z exceeds the "
                             "largest quantity 92233720368.54775807"));
        aggregator.flush();  // the bar is as it was before the refused one
        QCOMPARE(m_bars,
                 std::vector<std::string>{"2024-01-02T00:00:00Z 2d 1 1 1 1 92233720368.54775802"});
    }
};

QTEST_APPLESS_MAIN(TestBarAggregator)
#include "test_bar_aggregator.moc"
