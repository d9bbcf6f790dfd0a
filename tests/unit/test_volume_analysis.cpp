#include <QTest>

#include <functional>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/indicators/volume_analysis.h"

using namespace causeway::engine;

namespace causeway::engine {
// Found by QCOMPARE through argument-dependent lookup.
inline char* toString(const Price& value) {
    return qstrdup(value.toString().c_str());
}
inline char* toString(const Quantity& value) {
    return qstrdup(value.toString().c_str());
}
}  // namespace causeway::engine

namespace {

const Timestamp kTen = *parseTimestamp("2024-01-02T10:00:00Z");

Price px(const char* text) {
    return *Price::parse(text);
}

Quantity qty(const char* text) {
    return *Quantity::parse(text);
}

struct TickSpec {
    double seconds = 0;  // after 10:00:00
    const char* price = "0";
    const char* size = "1";
    AggressorSide side = AggressorSide::kUnknown;
    const char* bid = nullptr;
    const char* ask = nullptr;
};

Tick tick(const TickSpec& spec) {
    Tick t;
    t.symbol = Symbol("TEST");
    t.ts = kTen + static_cast<Timestamp>(spec.seconds * 1e9);
    t.price = px(spec.price);
    t.size = qty(spec.size);
    t.side = spec.side;
    if (spec.bid != nullptr) {
        t.bid = px(spec.bid);
    }
    if (spec.ask != nullptr) {
        t.ask = px(spec.ask);
    }
    return t;
}

constexpr AggressorSide kBuy = AggressorSide::kBuy;
constexpr AggressorSide kSell = AggressorSide::kSell;
constexpr AggressorSide kNone = AggressorSide::kUnknown;

// "10:01 buy 6 sell 1 unclassified 0 delta 5 trades 2/0"
std::string describe(const DeltaVolume& bar) {
    return formatIso8601(bar.ts).substr(11, 5) + " buy " + bar.buyVolume.toString() + " sell " +
           bar.sellVolume.toString() + " unclassified " + bar.unclassifiedVolume.toString() +
           " delta " + bar.delta.toString() + " trades " + std::to_string(bar.trades) + '/' +
           std::to_string(bar.unclassifiedTrades);
}

std::string levelsOf(const VolumeProfile& profile) {
    std::string out;
    for (const VolumeLevel& level : profile.levels) {
        out += (out.empty() ? "" : " ") + level.price.toString() + ':' + level.volume.toString();
    }
    return out;
}

// "100:2/1 -1" bid/ask, delta, then flags B (buy imbalance) S (sell).
std::string levelsOf(const Footprint& bar) {
    std::string out;
    for (const FootprintLevel& level : bar.levels) {
        out += (out.empty() ? "" : " | ") + level.price.toString() + ':' +
               level.bidVolume.toString() + '/' + level.askVolume.toString() + ' ' +
               level.delta.toString() + (level.buyImbalance ? " B" : "") +
               (level.sellImbalance ? " S" : "");
    }
    return out;
}

std::string errorOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const std::exception& error) {
        return error.what();
    }
    return "no error";
}

VolumeProfile profileOf(const std::vector<TickSpec>& specs, const char* bucket, int percent = 70) {
    VolumeProfileBuilder builder(px(bucket), Timeframe{}, percent);
    for (const TickSpec& spec : specs) {
        if (builder.update(tick(spec))) {
            throw std::logic_error("an unbounded profile never closes on its own");
        }
    }
    return *builder.flush();
}

}  // namespace

class TestVolumeAnalysis final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void classifiesBySideThenQuoteThenTickRule() {
        const std::vector<TickSpec> specs{
            {0, "100"},                                   // first, nothing to compare: unclassified
            {1, "101"},                                   // uptick: buy
            {2, "101"},                                   // zero tick: as before, buy
            {3, "100.5"},                                 // downtick: sell
            {4, "100.5", "1", kBuy},                      // the feed says buy
            {5, "100.5"},                                 // zero tick after a buy: buy
            {6, "100.4", "1", kNone, "100.3", "100.4"},   // at the ask: buy, though a downtick
            {7, "100.45", "1", kNone, "100.4", "100.5"},  // inside the spread: uptick, buy
            {8, "100.45", "1", kNone, "100.45", "100.5"},  // at the bid: sell
            {9, "100.6", "1", kNone, "100.7", "100.65"},   // crossed quote ignored: uptick, buy
            {10, "100.6", "1", kSell},                     // the feed says sell
            {11, "100.8", "1", kNone, "100.9", "101"},     // below the bid: sell, though an uptick
        };
        TradeClassifier withQuotes;
        TradeClassifier ticksOnly(false);
        std::string quoted;
        std::string plain;
        for (const TickSpec& spec : specs) {
            quoted += std::string(tradeSideName(withQuotes.classify(tick(spec)))) + ' ';
            plain += std::string(tradeSideName(ticksOnly.classify(tick(spec)))) + ' ';
        }
        QCOMPARE(quoted, std::string("unclassified buy buy sell buy buy buy buy sell buy sell "
                                     "sell "));
        // Without the quote rule: 100.4 is a downtick (sell), 100.45 an
        // uptick, the repeat of 100.45 a zero tick (buy), 100.8 an uptick.
        QCOMPARE(plain, std::string("unclassified buy buy sell buy buy sell buy buy buy sell "
                                    "buy "));

        // The quote rule needs no previous trade.
        TradeClassifier fresh;
        QCOMPARE(fresh.classify(tick({0, "100", "1", kNone, "99", "100"})), TradeSide::kBuy);
    }

    void deltaVolumePerBarSkipsEmptyMinutes() {
        const std::vector<TickSpec> specs{
            {5, "100", "2"},        // first trade without side: unclassified
            {10, "100.5", "3"},     // uptick: buy 3
            {10, "100.5", "2"},     // same time, zero tick: buy 2
            {30, "100.75", "0"},    // a zero-size print: counted, adds nothing
            {59.5, "100.25", "4"},  // downtick: sell 4
            {60, "100.25", "1", kSell},
            {90, "100.3", "6"},  // uptick: buy 6
            // nothing in 10:02
            {195, "100.1", "2"},  // 10:03, downtick: sell 2
        };
        DeltaVolumeBuilder builder(*Timeframe::parse("1m"));
        CumulativeDeltaTracker cumulative;
        std::vector<std::string> bars;
        std::vector<std::string> running;
        const auto take = [&](const DeltaVolume& bar) {
            QCOMPARE(bar.type, VolumeType::kDeltaVolume);
            QCOMPARE(bar.symbol.name(), std::string("TEST"));
            QCOMPARE(bar.timeframe.label(), std::string("1m"));
            bars.push_back(describe(bar));
            const CumulativeDelta c = cumulative.update(bar);
            running.push_back(c.cumulative.toString() + " since " +
                              formatIso8601(c.anchor).substr(11, 5));
        };
        std::vector<int> closedAt;
        for (std::size_t i = 0; i < specs.size(); ++i) {
            if (const auto closed = builder.update(tick(specs[i]))) {
                take(*closed);
                closedAt.push_back(static_cast<int>(i));
            }
        }
        QVERIFY(builder.current().has_value());
        take(*builder.flush());
        QVERIFY(!builder.flush());
        QCOMPARE(bars, (std::vector<std::string>{
                           "10:00 buy 5 sell 4 unclassified 2 delta 1 trades 5/1",
                           "10:01 buy 6 sell 1 unclassified 0 delta 5 trades 2/0",
                           "10:03 buy 0 sell 2 unclassified 0 delta -2 trades 1/0",
                       }));
        // The 10:00 bar closes with the 10:01:00 trade, 10:01 with 10:03:15.
        QCOMPARE(closedAt, (std::vector<int>{5, 7}));
        QCOMPARE(running,
                 (std::vector<std::string>{"1 since 10:00", "6 since 10:00", "4 since 10:00"}));
    }

    void cumulativeDeltaRestartsEachSession() {
        // Hourly bars around midnight UTC with deltas +3, -1, +2, +5.
        std::vector<DeltaVolume> bars;
        const Timestamp start = *parseTimestamp("2024-01-01T22:00:00Z");
        for (const char* delta : {"3", "-1", "2", "5"}) {
            DeltaVolume bar;
            bar.symbol = Symbol("TEST");
            bar.timeframe = *Timeframe::parse("1h");
            bar.ts = start + static_cast<Timestamp>(bars.size()) * 3'600 * kNanosPerSecond;
            bar.delta = qty(delta);
            bars.push_back(bar);
        }
        CumulativeDeltaTracker daily(*Timeframe::parse("1d"));
        CumulativeDeltaTracker never;
        std::string dailyOut;
        std::string neverOut;
        for (const DeltaVolume& bar : bars) {
            const CumulativeDelta d = daily.update(bar);
            const CumulativeDelta n = never.update(bar);
            QCOMPARE(d.type, VolumeType::kCumulativeDelta);
            dailyOut += d.cumulative.toString() + '@' + formatIso8601(d.anchor) + ' ';
            neverOut += n.cumulative.toString() + ' ';
        }
        // 3, 2 on the 1st; the 00:00 bar starts the 2nd: 2, then 7.
        QCOMPARE(dailyOut, std::string("3@2024-01-01T00:00:00Z 2@2024-01-01T00:00:00Z "
                                       "2@2024-01-02T00:00:00Z 7@2024-01-02T00:00:00Z "));
        QCOMPARE(neverOut, std::string("3 2 4 9 "));

        QCOMPARE(errorOf([&] { daily.update(bars[1]); }),
                 std::string("cumulative delta: bar at 2024-01-01T23:00:00Z: not after the "
                             "previous bar at 2024-01-02T01:00:00Z"));
    }

    void volumeProfileValueAreaByTheCbotRule() {
        // Buckets of 1: 98:5, 99:10, 100:20, 101:15, 102:5, 103:5 (60 in
        // all; 70% is 42). From the POC 100 (20): above 101+102 = 20 beats
        // below 99+98 = 15, so 100..102 (40, short of 42); then above is
        // only 103 = 5 against 15 below: 98..102 holds 55.
        const VolumeProfile profile = profileOf({{0, "98.2", "5"},
                                                 {1, "99.9", "4"},
                                                 {2, "99.1", "6"},
                                                 {3, "100", "8"},
                                                 {4, "100.5", "12"},
                                                 {5, "101.75", "15"},
                                                 {6, "102.3", "5"},
                                                 {7, "103.99", "5"}},
                                                "1");
        QCOMPARE(profile.type, VolumeType::kVolumeProfile);
        QCOMPARE(levelsOf(profile), std::string("98:5 99:10 100:20 101:15 102:5 103:5"));
        QCOMPARE(profile.totalVolume, qty("60"));
        QCOMPARE(*profile.pointOfControl, px("100"));
        QCOMPARE(*profile.valueAreaLow, px("98"));
        QCOMPARE(*profile.valueAreaHigh, px("102"));
        QCOMPARE(profile.valueAreaVolume, qty("55"));
        // (491 + 399.6 + 594.6 + 800 + 1206 + 1526.25 + 511.5 + 519.95) / 60
        QCOMPARE(*profile.meanPrice, px("100.815"));
        QCOMPARE(profile.ts, kTen);
    }

    void pointOfControlTiesGoNearestTheMeanThenLower() {
        // 99.5 x10, 100.5 x5, 101.5 x10, 102.5 x3: the mean is 2820 / 28 =
        // 100.714..., nearer the middle of bucket 101 (101.5) than of 99.
        const VolumeProfile leaning = profileOf(
            {{0, "99.5", "10"}, {1, "100.5", "5"}, {2, "101.5", "10"}, {3, "102.5", "3"}}, "1");
        QCOMPARE(*leaning.pointOfControl, px("101"));
        QCOMPARE(*leaning.meanPrice, px("100.71428571"));

        // Symmetric: the mean 100.5 is as far from 99.5 as from 101.5.
        const VolumeProfile even =
            profileOf({{0, "99.5", "10"}, {1, "100.5", "5"}, {2, "101.5", "10"}}, "1");
        QCOMPARE(*even.pointOfControl, px("99"));
    }

    void valueAreaTakesBothPairsOnATieAndSkipsEmptyBuckets() {
        // 98:5 99:10 100:20 101:10 102:5, target 35: 15 above equals 15
        // below, both pairs join, 50. One side alone would have stopped at
        // 35 with a lopsided area.
        const VolumeProfile tied = profileOf({{0, "98.5", "5"},
                                              {1, "99.5", "10"},
                                              {2, "100.5", "20"},
                                              {3, "101.5", "10"},
                                              {4, "102.5", "5"}},
                                             "1");
        QCOMPARE(*tied.valueAreaLow, px("98"));
        QCOMPARE(*tied.valueAreaHigh, px("102"));
        QCOMPARE(tied.valueAreaVolume, qty("50"));

        // 90:1 100:10 105:1 106:1 at 90%: 11.7 of 13 needed. The next
        // traded buckets above are 105 and 106 (2), below only 90 (1).
        const VolumeProfile sparse = profileOf(
            {{0, "90", "1"}, {1, "100", "10"}, {2, "105", "1"}, {3, "106", "1"}}, "1", 90);
        QCOMPARE(*sparse.pointOfControl, px("100"));
        QCOMPARE(*sparse.valueAreaLow, px("100"));
        QCOMPARE(*sparse.valueAreaHigh, px("106"));
        QCOMPARE(sparse.valueAreaVolume, qty("12"));

        // At 100% the value area is the whole profile.
        const VolumeProfile all = profileOf(
            {{0, "90", "1"}, {1, "100", "10"}, {2, "105", "1"}, {3, "106", "1"}}, "1", 100);
        QCOMPARE(*all.valueAreaLow, px("90"));
        QCOMPARE(*all.valueAreaHigh, px("106"));
    }

    void profileSessionsAndEmptyProfiles() {
        VolumeProfileBuilder daily(px("0.5"), *Timeframe::parse("1d"));
        Tick late = tick({0, "100.2", "3"});
        late.ts = *parseTimestamp("2024-01-01T23:59:59Z");
        QVERIFY(!daily.update(late));
        Tick early = tick({0, "101.7", "2"});
        early.ts = *parseTimestamp("2024-01-02T00:00:00Z");
        const auto first = daily.update(early);
        QVERIFY(first.has_value());
        QCOMPARE(formatIso8601(first->ts), std::string("2024-01-01T00:00:00Z"));
        QCOMPARE(first->timeframe.label(), std::string("1d"));
        QCOMPARE(levelsOf(*first), std::string("100:3"));
        QCOMPARE(levelsOf(daily.snapshot()), std::string("101.5:2"));
        QCOMPARE(formatIso8601(daily.snapshot().ts), std::string("2024-01-02T00:00:00Z"));

        // Only zero-size prints: a session without volume has no POC.
        VolumeProfileBuilder empty(px("1"));
        empty.update(tick({0, "100", "0"}));
        const VolumeProfile none = empty.snapshot();
        QVERIFY(none.levels.empty());
        QVERIFY(!none.pointOfControl && !none.valueAreaLow && !none.meanPrice);
        QCOMPARE(none.totalVolume, Quantity{});
        QVERIFY(!VolumeProfileBuilder(px("1")).flush());

        QCOMPARE(bucketOf(px("-0.5"), px("1")), px("-1"));
        QCOMPARE(bucketOf(px("-1"), px("1")), px("-1"));
        QCOMPARE(bucketOf(px("2.99999999"), px("0.25")), px("2.75"));
        QCOMPARE(bucketOf(px("0.3"), px("0.1")), px("0.3"));
    }

    void footprintLevelsAndDiagonalImbalances() {
        // Buckets of 0.5, imbalance at 300%:
        //   100.0: sells 2, buys 1
        //   100.5: sells 1, buys 9  -> 9 against 2 sold at 100.0: 450%, buy imbalance
        //   101.0: sells 4, buys 1 + 2 (101.1 is an uptick from 101.0)
        //          -> 3 against 1 sold at 100.5: exactly 300%, buy imbalance
        // No sell imbalance: 100.0 sells 2 vs 9 bought at 100.5; 100.5
        // sells 1 vs 3 at 101.0; 101.0 has no bucket above to compare with.
        const std::vector<TickSpec> specs{
            {1, "100.1", "2", kSell}, {2, "100.2", "1", kBuy},   {3, "100.6", "9", kBuy},
            {4, "100.7", "1", kSell}, {5, "101.2", "1", kBuy},   {6, "101", "4", kSell},
            {7, "101.1", "2"},        {61, "100.9", "5", kSell},
        };
        FootprintBuilder footprint(*Timeframe::parse("1m"), px("0.5"), 300);
        DeltaVolumeBuilder delta(*Timeframe::parse("1m"));
        std::vector<Footprint> bars;
        std::vector<DeltaVolume> deltas;
        for (const TickSpec& spec : specs) {
            if (auto closed = footprint.update(tick(spec))) {
                bars.push_back(std::move(*closed));
            }
            if (auto closed = delta.update(tick(spec))) {
                deltas.push_back(*closed);
            }
        }
        bars.push_back(*footprint.flush());
        deltas.push_back(*delta.flush());
        QVERIFY(!footprint.flush());
        QCOMPARE(bars.size(), std::size_t{2});
        QCOMPARE(bars[0].type, VolumeType::kFootprint);
        QCOMPARE(bars[0].ts, kTen);
        QCOMPARE(levelsOf(bars[0]), std::string("100:2/1 -1 | 100.5:1/9 8 B | 101:4/3 -1 B"));
        QCOMPARE(bars[0].buyVolume, qty("13"));
        QCOMPARE(bars[0].sellVolume, qty("7"));
        QCOMPARE(bars[0].delta, qty("6"));
        QCOMPARE(levelsOf(bars[1]), std::string("100.5:5/0 -5"));
        for (std::size_t i = 0; i < bars.size(); ++i) {
            QCOMPARE(bars[i].buyVolume, deltas[i].buyVolume);
            QCOMPARE(bars[i].sellVolume, deltas[i].sellVolume);
        }

        // Without a ratio nothing is flagged.
        FootprintBuilder plain(*Timeframe::parse("1m"), px("0.5"));
        std::optional<Footprint> unflagged;
        for (const TickSpec& spec : specs) {
            if (auto closed = plain.update(tick(spec))) {
                unflagged = std::move(closed);
            }
        }
        QVERIFY(unflagged.has_value());
        QCOMPARE(levelsOf(*unflagged), std::string("100:2/1 -1 | 100.5:1/9 8 | 101:4/3 -1"));
    }

    // Generated trades, every builder over them: totals agree with each
    // other and with the input, and a second run is identical.
    void buildersAgreeOnGeneratedTrades() {
        const auto run = [](std::string& trace) {
            std::uint64_t state = 7;
            const auto next = [&state](std::uint64_t range) {
                state = state * 6364136223846793005ULL + 1442695040888963407ULL;
                return (state >> 33) % range;
            };
            DeltaVolumeBuilder delta(*Timeframe::parse("1m"));
            FootprintBuilder footprint(*Timeframe::parse("1m"), px("0.05"), 300);
            VolumeProfileBuilder profile(px("0.1"));
            std::vector<DeltaVolume> deltas;
            std::vector<Footprint> bars;
            std::int64_t cents = 10'000;
            Quantity total;
            Timestamp ts = kTen;
            for (int i = 0; i < 5'000; ++i) {
                Tick t;
                t.symbol = Symbol("TEST");
                ts += static_cast<Timestamp>(next(3)) * kNanosPerSecond;  // repeats allowed
                t.ts = ts;
                cents += static_cast<std::int64_t>(next(5)) - 2;
                t.price = Price::fromRaw(cents * 1'000'000);
                t.size = Quantity::fromInt(static_cast<std::int64_t>(next(4)));  // zero too
                t.side = static_cast<AggressorSide>(next(3));
                if (next(2) == 0) {
                    t.bid = Price::fromRaw((cents - 1) * 1'000'000);
                    t.ask = Price::fromRaw((cents + 1) * 1'000'000);
                }
                total += t.size;
                if (auto closed = delta.update(t)) {
                    deltas.push_back(*closed);
                }
                if (auto closed = footprint.update(t)) {
                    bars.push_back(std::move(*closed));
                }
                QVERIFY(!profile.update(t));
            }
            deltas.push_back(*delta.flush());
            bars.push_back(*footprint.flush());
            const VolumeProfile p = *profile.flush();

            QCOMPARE(bars.size(), deltas.size());
            QVERIFY(bars.size() > 50);
            Quantity seen;
            for (std::size_t i = 0; i < bars.size(); ++i) {
                const Footprint& bar = bars[i];
                const DeltaVolume& d = deltas[i];
                QCOMPARE(bar.ts, d.ts);
                QCOMPARE(bar.buyVolume, d.buyVolume);
                QCOMPARE(bar.sellVolume, d.sellVolume);
                QCOMPARE(bar.unclassifiedVolume, d.unclassifiedVolume);
                QCOMPARE(d.delta, d.buyVolume - d.sellVolume);
                Quantity bid;
                Quantity ask;
                for (std::size_t k = 0; k < bar.levels.size(); ++k) {
                    QVERIFY(k == 0 || bar.levels[k - 1].price < bar.levels[k].price);
                    bid += bar.levels[k].bidVolume;
                    ask += bar.levels[k].askVolume;
                    QCOMPARE(bar.levels[k].delta,
                             bar.levels[k].askVolume - bar.levels[k].bidVolume);
                }
                QCOMPARE(bid, d.sellVolume);
                QCOMPARE(ask, d.buyVolume);
                seen += d.buyVolume + d.sellVolume + d.unclassifiedVolume;
                trace += describe(d) + levelsOf(bar) + '\n';
            }
            QCOMPARE(seen, total);
            QCOMPARE(p.totalVolume, total);
            Quantity inProfile;
            Quantity inArea;
            for (const VolumeLevel& level : p.levels) {
                inProfile += level.volume;
                if (level.price >= *p.valueAreaLow && level.price <= *p.valueAreaHigh) {
                    inArea += level.volume;
                }
            }
            QCOMPARE(inProfile, total);
            QCOMPARE(inArea, p.valueAreaVolume);
            QVERIFY(*p.valueAreaLow <= *p.pointOfControl && *p.pointOfControl <= *p.valueAreaHigh);
            QVERIFY(p.valueAreaVolume.raw() * 10 >= total.raw() * 7);
            trace += levelsOf(p) + ' ' + p.pointOfControl->toString();
        };
        std::string first;
        run(first);
        if (QTest::currentTestFailed()) {
            return;
        }
        std::string second;
        run(second);
        QVERIFY(!first.empty());
        QCOMPARE(first, second);
    }

    void badInputIsRefusedWithItsPlace() {
        QCOMPARE(errorOf([] { DeltaVolumeBuilder(Timeframe{}); }),
                 std::string("delta volume: the bar timeframe must be positive"));
        QCOMPARE(errorOf([] { VolumeProfileBuilder(Price{}); }),
                 std::string("volume profile: the bucket size must be positive, got 0"));
        QCOMPARE(errorOf([] { VolumeProfileBuilder(px("1"), Timeframe{}, 0); }),
                 std::string("volume profile: the value area must be 1..100 percent, got 0"));
        QCOMPARE(errorOf([] { FootprintBuilder(*Timeframe::parse("1m"), px("1"), 50); }),
                 std::string("footprint: the imbalance ratio must be 0 (off) or at least 100 "
                             "percent, got 50"));
        QCOMPARE(errorOf([] { CumulativeDeltaTracker(Timeframe{-1}); }),
                 std::string("cumulative delta: the session length must not be negative"));

        DeltaVolumeBuilder delta(*Timeframe::parse("1m"));
        QCOMPARE(errorOf([&] {
                     delta.update(tick({0, "100", "-1"}));
                 }),
                 std::string("delta volume: tick 0 at 2024-01-02T10:00:00Z: size -1 is "
                             "negative"));
        FootprintBuilder footprint(*Timeframe::parse("1m"), px("1"));
        footprint.update(tick({0, "100"}));
        QCOMPARE(errorOf([&] {
                     footprint.update(tick({-1, "100"}));
                 }),
                 std::string("footprint: tick 1 at 2024-01-02T09:59:59Z: before the previous "
                             "tick at 2024-01-02T10:00:00Z"));
        VolumeProfileBuilder profile(px("1"));
        profile.update(tick({0, "100"}));
        Tick other = tick({1, "100"});
        other.symbol = Symbol("OTHER");
        QCOMPARE(errorOf([&] { profile.update(other); }),
                 std::string("volume profile: tick 1 at 2024-01-02T10:00:01Z: a tick of OTHER "
                             "after ticks of TEST"));

        Tick huge = tick({0, "100", "1", kBuy});
        huge.size = Quantity::fromRaw(std::numeric_limits<std::int64_t>::max());
        DeltaVolumeBuilder overflowing(*Timeframe::parse("1m"));
        overflowing.update(huge);
        huge.ts += 1;
        QCOMPARE(errorOf([&] { overflowing.update(huge); }),
                 std::string("delta volume: the buy volume of a bar exceeds the largest "
                             "quantity 92233720368.54775807"));
    }
};

QTEST_GUILESS_MAIN(TestVolumeAnalysis)
#include "test_volume_analysis.moc"
