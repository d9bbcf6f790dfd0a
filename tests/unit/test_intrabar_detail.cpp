#include <QTest>

#include <stdexcept>

#include "engine/execution/intrabar_detail.h"

using namespace causeway::engine;

namespace {

constexpr Timestamp kHour = 3'600'000'000'000;

Candle bar(Timestamp ts, const char* tf, double o, double h, double l, double c) {
    Candle candle;
    candle.symbol = Symbol("DET");
    candle.ts = ts;
    candle.timeframe = *Timeframe::parse(tf);
    candle.open = Price::fromDouble(o);
    candle.high = Price::fromDouble(h);
    candle.low = Price::fromDouble(l);
    candle.close = Price::fromDouble(c);
    candle.volume = Quantity::fromInt(10);
    return candle;
}

Tick tick(Timestamp ts, double price) {
    Tick t;
    t.symbol = Symbol("DET");
    t.ts = ts;
    t.price = Price::fromDouble(price);
    return t;
}

std::vector<double> prices(const PricePath& path) {
    std::vector<double> out;
    for (std::size_t i = 0; i < path.size(); ++i) {
        out.push_back(path.at(i).toDouble());
    }
    return out;
}

}  // namespace

class TestIntraBarDetail final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // A bar that closed up is guessed to visit its low first; the hourly
    // detail says the high came first, and the path follows the detail.
    void barDetailReplacesTheGuess() {
        const std::vector<Candle> bars{bar(0, "2h", 100, 106, 94, 101),
                                       bar(2 * kHour, "2h", 101, 102, 100, 102)};
        const std::vector<Candle> detail{bar(0, "1h", 100, 106, 100, 105),
                                         bar(kHour, "1h", 105, 105, 94, 101)};
        QCOMPARE(prices(PricePath::ofBar(bars[0])), (std::vector<double>{100, 94, 106, 101}));
        const auto detailed = IntraBarDetail::fromBars(bars, detail, "detail.csv");
        QCOMPARE(detailed.barsCovered(), std::int64_t{1});
        QCOMPARE(detailed.rowsUsed(), std::int64_t{2});
        QCOMPARE(detailed.rowsOutside(), std::int64_t{0});
        const auto path = detailed.path(0, bars[0]);
        QVERIFY(path);
        QCOMPARE(prices(*path), (std::vector<double>{100, 106, 105, 94, 101}));
        QVERIFY(!detailed.path(1, bars[1]));  // no detail: the guess stays
        QVERIFY(detailed.ticks(0).empty());
    }

    // Prints belong to the bar whose time holds them; those before the
    // first bar or in a gap of the main data are counted, not used.
    void ticksAreSplitByBar() {
        const std::vector<Candle> bars{bar(kHour, "1h", 1, 1, 1, 1),
                                       bar(3 * kHour, "1h", 1, 1, 1, 1)};
        const auto detailed =
            IntraBarDetail::fromTicks(bars,
                                      {tick(0, 1.0), tick(kHour, 1.1), tick(kHour + 5, 1.2),
                                       tick(2 * kHour + 1, 1.3), tick(3 * kHour, 1.4)},
                                      "ticks.csv");
        QVERIFY(detailed.hasTicks());
        QCOMPARE(detailed.ticks(0).size(), std::size_t{2});
        QCOMPARE(detailed.ticks(0)[1].price.toDouble(), 1.2);
        QCOMPARE(detailed.ticks(1).size(), std::size_t{1});
        QCOMPARE(detailed.ticks(1)[0].price.toDouble(), 1.4);
        QCOMPARE(detailed.rowsOutside(), std::int64_t{2});
        QCOMPARE(detailed.barsCovered(), std::int64_t{2});
        QVERIFY(!detailed.path(0, bars[0]));
    }

    void refusesDetailThatIsNotFinerOrCoversNothing() {
        const std::vector<Candle> bars{bar(0, "1h", 1, 1, 1, 1)};
        try {
            IntraBarDetail::fromBars(bars, {bar(0, "1h", 1, 1, 1, 1)}, "same.csv");
            QFAIL("accepted detail as coarse as the bars");
        } catch (const std::invalid_argument& error) {
            QCOMPARE(std::string(error.what()),
                     std::string("detail same.csv has 1h bars, not finer than the 1h bars it "
                                 "should detail"));
        }
        try {
            IntraBarDetail::fromTicks(bars, {tick(5 * kHour, 1.0)}, "late.csv");
            QFAIL("accepted detail outside every bar");
        } catch (const std::invalid_argument& error) {
            QCOMPARE(std::string(error.what()),
                     std::string("detail late.csv covers none of the bars (no row falls inside "
                                 "a bar's time)"));
        }
    }
};

QTEST_APPLESS_MAIN(TestIntraBarDetail)
#include "test_intrabar_detail.moc"
