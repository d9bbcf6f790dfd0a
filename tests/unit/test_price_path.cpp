#include <QTest>

#include <stdexcept>
#include <vector>

#include "engine/execution/price_path.h"

using namespace causeway::engine;

namespace causeway::engine {
// Found by QCOMPARE through argument-dependent lookup: prints prices.
inline char* toString(const Price& price) {
    return qstrdup(price.toString().c_str());
}
}  // namespace causeway::engine

namespace {

Price px(const char* text) {
    return *Price::parse(text);
}

Candle bar(const char* open, const char* high, const char* low, const char* close) {
    Candle candle;
    candle.symbol = Symbol("TEST");
    candle.open = px(open);
    candle.high = px(high);
    candle.low = px(low);
    candle.close = px(close);
    return candle;
}

std::vector<Price> points(const PricePath& path) {
    std::vector<Price> found;
    for (std::size_t i = 0; i < path.size(); ++i) {
        found.push_back(path.at(i));
    }
    return found;
}

std::vector<Price> prices(std::initializer_list<const char*> texts) {
    std::vector<Price> found;
    for (const char* text : texts) {
        found.push_back(px(text));
    }
    return found;
}

// 100 -> 98 -> 104 -> 102: the bar most tests walk along.
PricePath lowFirst() {
    return PricePath(prices({"100", "98", "104", "102"}));
}

}  // namespace

// The route a bar's price takes through the simulator, and where levels
// are reached on it.
class TestPricePath final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aBarVisitsTheNearerExtremeFirst() {
        // open 100, high 101 (1 up), low 97 (3 down): the high is nearer
        QCOMPARE(points(PricePath::ofBar(bar("100", "101", "97", "99"))),
                 prices({"100", "101", "97", "99"}));
        // open 100, high 104 (4 up), low 98 (2 down): the low is nearer
        QCOMPARE(points(PricePath::ofBar(bar("100", "104", "98", "102"))),
                 prices({"100", "98", "104", "102"}));
    }

    void aTieGoesLowFirstWhenTheBarClosedUp() {
        // open 100, high 103, low 97: 3 either way; closed up at 101
        QCOMPARE(points(PricePath::ofBar(bar("100", "103", "97", "101"))),
                 prices({"100", "97", "103", "101"}));
        // the same extremes, closed down at 99: the high first
        QCOMPARE(points(PricePath::ofBar(bar("100", "103", "97", "99"))),
                 prices({"100", "103", "97", "99"}));
    }

    void aSinglePriceIsAPathOfOnePoint() {
        const PricePath path = PricePath::single(px("50"));
        QCOMPARE(path.size(), std::size_t{1});
        QCOMPARE(path.end(), 0.0);
        QCOMPARE(path.start().price, px("50"));
        QVERIFY(!path.firstReach(path.start(), px("51"), false).has_value());
        // nothing to move along: every t is the one point
        QCOMPARE(path.pointAt(0.7).t, 0.0);
        QCOMPARE(path.pointAt(0.7).price, px("50"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, PricePath(std::vector<Price>{}));
    }

    void firstReachAtTheStartIsTheStart() {
        const PricePath path = lowFirst();
        // the open 100 is already at or below 101 / at or above 99: the
        // start itself, at its own price (not the level)
        auto reach = path.firstReach(path.start(), px("101"), true);
        QVERIFY(reach.has_value());
        QCOMPARE(reach->t, 0.0);
        QCOMPARE(reach->price, px("100"));
        reach = path.firstReach(path.start(), px("99"), false);
        QVERIFY(reach.has_value());
        QCOMPARE(reach->t, 0.0);
        QCOMPARE(reach->price, px("100"));
        // exactly at the level counts as there, with `through` too, even
        // where the path then moves away from it
        const PricePath rising(prices({"100", "102", "101", "103"}));
        for (const bool through : {false, true}) {
            reach = rising.firstReach(rising.start(), px("100"), true, through);
            QVERIFY(reach.has_value());
            QCOMPARE(reach->t, 0.0);
            QCOMPARE(reach->price, px("100"));
        }
    }

    void firstReachCrossesOnASegment() {
        const PricePath path = lowFirst();
        // up to 103: not on 100 -> 98; on 98 -> 104 at 5/6 of the way
        auto reach = path.firstReach(path.start(), px("103"), false);
        QVERIFY(reach.has_value());
        QCOMPARE(reach->t, 1.0 + 5.0 / 6.0);
        QCOMPARE(reach->price, px("103"));
        // down to 99: half way along 100 -> 98
        reach = path.firstReach(path.start(), px("99"), true);
        QVERIFY(reach.has_value());
        QCOMPARE(reach->t, 0.5);
        QCOMPARE(reach->price, px("99"));
        // down to 103 once past the high: 104 -> 102 half way
        reach = path.firstReach(PathPoint{2.0, px("104")}, px("103"), true);
        QVERIFY(reach.has_value());
        QCOMPARE(reach->t, 2.5);
        QCOMPARE(reach->price, px("103"));
    }

    void firstReachLooksOnlyAfterFrom() {
        const PricePath path = lowFirst();
        // from t 1.5 (101, on the way up) the low 98 lies behind
        QVERIFY(!path.firstReach(PathPoint{1.5, px("101")}, px("99"), true).has_value());
        // up to 103: (1.5, 101) -> (2, 104), 2/3 of the half step
        const auto reach = path.firstReach(PathPoint{1.5, px("101")}, px("103"), false);
        QVERIFY(reach.has_value());
        QCOMPARE(reach->t, 1.5 + 0.5 * 2.0 / 3.0);
        QCOMPARE(reach->price, px("103"));
    }

    void throughNeedsAPriceBeyondTheLevel() {
        const PricePath path = lowFirst();
        // the high 104 touches 104: a touch reaches it at t 2 ...
        auto reach = path.firstReach(path.start(), px("104"), false);
        QVERIFY(reach.has_value());
        QCOMPARE(reach->t, 2.0);
        QCOMPARE(reach->price, px("104"));
        // ... but nothing trades above it
        QVERIFY(!path.firstReach(path.start(), px("104"), false, true).has_value());
        // the low 98 likewise
        reach = path.firstReach(path.start(), px("98"), true);
        QVERIFY(reach.has_value());
        QCOMPARE(reach->t, 1.0);
        QVERIFY(!path.firstReach(path.start(), px("98"), true, true).has_value());
        // strictly beyond, it is found where the path crosses the level
        reach = path.firstReach(path.start(), px("103.9"), false, true);
        QVERIFY(reach.has_value());
        QCOMPARE(reach->t, 1.0 + 5.9 / 6.0);
        QCOMPARE(reach->price, px("103.9"));
    }

    void firstReachOfALevelNeverTraded() {
        const PricePath path = lowFirst();
        QVERIFY(!path.firstReach(path.start(), px("104.01"), false).has_value());
        QVERIFY(!path.firstReach(path.start(), px("97.99"), true).has_value());
    }

    void pointAtInterpolatesAndClamps() {
        const PricePath path = lowFirst();
        QCOMPARE(path.end(), 3.0);
        // 100 -> 98, half way
        QCOMPARE(path.pointAt(0.5).price, px("99"));
        QCOMPARE(path.pointAt(0.5).t, 0.5);
        // 98 -> 104, half way
        QCOMPARE(path.pointAt(1.5).price, px("101"));
        // 104 -> 102, a quarter of the way
        QCOMPARE(path.pointAt(2.25).price, px("103.5"));
        // on a point
        QCOMPARE(path.pointAt(2.0).price, px("104"));
        // before the start and past the end: the ends
        QCOMPARE(path.pointAt(-1.0).t, 0.0);
        QCOMPARE(path.pointAt(-1.0).price, px("100"));
        QCOMPARE(path.pointAt(5.0).t, 3.0);
        QCOMPARE(path.pointAt(5.0).price, px("102"));
    }

    void crossingIsWhereASegmentPassesALevel() {
        // 100 -> 110 over t 0..1 passes 104 at 0.4
        PathPoint at = PricePath::crossing({0.0, px("100")}, {1.0, px("110")}, px("104"));
        QCOMPARE(at.t, 0.4);
        QCOMPARE(at.price, px("104"));
        // 100 -> 90 over t 1..3 passes 95 half way, at 2
        at = PricePath::crossing({1.0, px("100")}, {3.0, px("90")}, px("95"));
        QCOMPARE(at.t, 2.0);
        QCOMPARE(at.price, px("95"));
        // a flat segment is at its level from its start
        at = PricePath::crossing({1.25, px("100")}, {2.0, px("100")}, px("100"));
        QCOMPARE(at.t, 1.25);
        QCOMPARE(at.price, px("100"));
    }

    void segmentsAreVisitedInOrderFromAPoint() {
        const PricePath path = lowFirst();
        std::vector<double> starts;
        std::vector<Price> ends;
        path.forEachSegment(PathPoint{0.5, px("99")}, [&](PathPoint a, PathPoint b) {
            starts.push_back(a.t);
            ends.push_back(b.price);
            return true;
        });
        QCOMPARE(starts, (std::vector<double>{0.5, 1.0, 2.0}));
        QCOMPARE(ends, prices({"98", "104", "102"}));
        // returning false stops the walk
        int visited = 0;
        path.forEachSegment(path.start(), [&](PathPoint, PathPoint) {
            ++visited;
            return false;
        });
        QCOMPARE(visited, 1);
    }
};

QTEST_APPLESS_MAIN(TestPricePath)
#include "test_price_path.moc"
