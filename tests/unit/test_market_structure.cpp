#include <QTest>

#include <algorithm>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "engine/dag/graph.h"
#include "engine/data/bar_csv_reader.h"
#include "engine/indicators/fair_value_gap_detector.h"
#include "engine/indicators/liquidity_level_detector.h"
#include "engine/indicators/market_structure.h"
#include "engine/indicators/order_block_detector.h"
#include "engine/indicators/structure_detector.h"
#include "engine/indicators/structure_nodes.h"
#include "engine/indicators/swing_detector.h"

using namespace causeway::engine;

namespace causeway::engine {
// Found by QCOMPARE through argument-dependent lookup: prints prices.
inline char* toString(const Price& price) {
    return qstrdup(price.toString().c_str());
}
}  // namespace causeway::engine

namespace {

const Timestamp kStart = *parseTimestamp("2024-01-01");

Price px(const char* text) {
    return *Price::parse(text);
}

// Daily bars of TEST built one at a time; `day` skips ahead to leave a gap
// in time.
class Bars final {
public:
    Bars& add(const char* o, const char* h, const char* l, const char* c) {
        Candle bar;
        bar.symbol = Symbol("TEST");
        bar.timeframe = *Timeframe::parse("1d");
        bar.ts = kStart + m_day * kNanosPerDay;
        bar.open = px(o);
        bar.high = px(h);
        bar.low = px(l);
        bar.close = px(c);
        bar.volume = Quantity::fromInt(100);
        m_bars.push_back(bar);
        ++m_day;
        return *this;
    }
    // A bar where only the range matters: opens at the low, closes at the high.
    Bars& range(const char* h, const char* l) { return add(l, h, l, h); }
    Bars& skipDays(int days) {
        m_day += days;
        return *this;
    }
    const std::vector<Candle>& bars() const { return m_bars; }

private:
    std::vector<Candle> m_bars;
    std::int64_t m_day = 0;
};

std::int64_t dayOf(Timestamp ts) {
    return (ts - kStart) / kNanosPerDay;
}

// "@4 high 15 bar 2 s2" : emitted on day 4, the swing of bar 2.
std::string describe(const SwingPoint& s) {
    return "@" + std::to_string(dayOf(s.ts)) + ' ' + swingTypeName(s.swing) + ' ' +
           s.price.toString() + " bar " + std::to_string(s.barIndex) + " s" +
           std::to_string(s.strength);
}

std::string describe(const FairValueGap& g) {
    return "@" + std::to_string(dayOf(g.ts)) + ' ' + directionName(g.direction) + ' ' +
           gapStatusName(g.status) + ' ' + g.low.toString() + '-' + g.high.toString() + " fill " +
           g.fillLevel.toString() + " bar " + std::to_string(g.barIndex);
}

std::string describe(const StructureBreak& b) {
    return "@" + std::to_string(dayOf(b.ts)) + ' ' + breakKindName(b.kind) + ' ' +
           directionName(b.direction) + ' ' + b.level.toString() + " swing " +
           std::to_string(b.swingIndex) + " close " + b.close.toString();
}

std::string describe(const OrderBlock& o) {
    return "@" + std::to_string(dayOf(o.ts)) + ' ' + directionName(o.direction) + ' ' +
           blockStatusName(o.status) + ' ' + o.low.toString() + '-' + o.high.toString() + " bar " +
           std::to_string(o.barIndex) + " break " + std::to_string(o.breakIndex);
}

std::string describe(const LiquidityLevel& l) {
    return "@" + std::to_string(dayOf(l.ts)) + ' ' + liquiditySideName(l.side) + ' ' +
           liquidityStatusName(l.status) + ' ' + l.price.toString() + " band " +
           l.bandLow.toString() + '-' + l.bandHigh.toString() + " x" + std::to_string(l.touches) +
           " bars " + std::to_string(l.firstIndex) + ".." + std::to_string(l.barIndex);
}

template <class Event>
void append(std::vector<std::string>& out, const std::vector<Event>& events) {
    for (const Event& event : events) {
        out.push_back(describe(event));
    }
}

std::string joined(const std::vector<std::string>& lines) {
    std::string out;
    for (const std::string& line : lines) {
        out += line + '\n';
    }
    return out;
}

// Every detector over one bar series, all events described in order.
struct Run {
    std::vector<std::string> swings;
    std::vector<std::string> gaps;
    std::vector<std::string> breaks;
    std::vector<std::string> blocks;
    std::vector<std::string> levels;
};

Run runAll(const std::vector<Candle>& bars, int strength, Tolerance tolerance = Tolerance::exact(),
           int touches = 2) {
    SwingDetector swing(strength, tolerance);
    FairValueGapDetector fvg;
    StructureDetector structure;
    OrderBlockDetector blocks(strength);
    LiquidityLevelDetector liquidity(touches, tolerance);
    Run run;
    for (const Candle& bar : bars) {
        const auto& swings = swing.update(bar);
        const auto& breaks = structure.update(bar, swings);
        append(run.swings, swings);
        append(run.gaps, fvg.update(bar));
        append(run.breaks, breaks);
        append(run.blocks, blocks.update(bar, swings, breaks));
        append(run.levels, liquidity.update(bar, swings));
    }
    return run;
}

std::string errorOf(const std::function<void()>& action) {
    try {
        action();
    } catch (const std::exception& error) {
        return error.what();
    }
    return "no error";
}

// The structure walk used by several tests, strength 1 (o h l c):
//  0  10   11   9.5 10.5
//  1  10.5 12  10   11.5   swing high 12 (11 before, 11.5 after)
//  2  11.5 11.5 9   9.5    swing low 9, a bearish candle
//  3  9.5  11   9.2 10.8
//  4  10.8 12.5 10.5 12.4  closes above 12: first break, so BOS up
//  5  12.4 15  12.2 14.5   swing high 15
//  6  14.5 14.8 11  11.5   swing low 11 (higher low)
//  7  11.5 12  11.2 11.8   a bullish candle
//  8  11.8 12  10.5 10.6   closes below 11 against the up trend: CHoCH down
//  9  10.6 13  10.6 12.8   swing low 10.5 (bar 8, lower low); swing high 13
// 10  12.8 12.9 9   9.2    closes below 10.5 with the down trend: BOS down
// 11  9.2  9.5  8   8.5    swing low 8
// 12  8.5  13.5 8.4 13.2   closes above 13 (the lower high of bar 9): CHoCH up
std::vector<Candle> structureWalk() {
    Bars b;
    b.add("10", "11", "9.5", "10.5")
        .add("10.5", "12", "10", "11.5")
        .add("11.5", "11.5", "9", "9.5")
        .add("9.5", "11", "9.2", "10.8")
        .add("10.8", "12.5", "10.5", "12.4")
        .add("12.4", "15", "12.2", "14.5")
        .add("14.5", "14.8", "11", "11.5")
        .add("11.5", "12", "11.2", "11.8")
        .add("11.8", "12", "10.5", "10.6")
        .add("10.6", "13", "10.6", "12.8")
        .add("12.8", "12.9", "9", "9.2")
        .add("9.2", "9.5", "8", "8.5")
        .add("8.5", "13.5", "8.4", "13.2");
    return b.bars();
}

}  // namespace

class TestMarketStructure final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void swingIsConfirmedStrengthBarsLater() {
        // Strength 2: bar 2's high 15 beats the highs 10, 11 before it and
        // is not exceeded by 12, 11 after it, so it is known on bar 4; bar
        // 4's low 7 is below 12, 10 before and not undercut by 8, 9 after,
        // known on bar 6.
        Bars b;
        b.range("10", "8").range("11", "9").range("15", "12").range("12", "10");
        b.range("11", "7").range("12", "8").range("13", "9");
        SwingDetector swing(2);
        std::vector<std::string> events;
        for (const Candle& bar : b.bars()) {
            const auto& out = swing.update(bar);
            append(events, out);
            QCOMPARE(&out, &swing.events());
        }
        QCOMPARE(joined(events), std::string("@4 high 15 bar 2 s2\n"
                                             "@6 low 7 bar 4 s2\n"));
    }

    void swingsAreClassifiedAgainstThePreviousOfTheirSide() {
        // Lows are flat (never strictly below the bar before: no swing
        // lows). Highs 12, 14, 13, 13.05 each stand alone between bars of
        // 10: first, higher, lower, then equal within 0.1 of 13.
        Bars b;
        for (const char* high : {"10", "12", "10", "14", "10", "13", "10", "13.05", "10"}) {
            b.range(high, "5");
        }
        SwingDetector swing(1, Tolerance::absolute(px("0.1")));
        std::vector<std::string> events;
        std::vector<std::string> previous;
        for (const Candle& bar : b.bars()) {
            for (const SwingPoint& s : swing.update(bar)) {
                events.push_back(describe(s));
                previous.push_back(s.previous ? s.previous->toString() : "none");
            }
        }
        QCOMPARE(joined(events), std::string("@2 high 12 bar 1 s1\n"
                                             "@4 higher_high 14 bar 3 s1\n"
                                             "@6 lower_high 13 bar 5 s1\n"
                                             "@8 equal_high 13.05 bar 7 s1\n"));
        QCOMPARE(joined(previous), std::string("none\n12\n14\n13\n"));

        // Mirror image for lows, with a relative tolerance: 10 bps of 100
        // is 0.1, so 99.9 equals 100 but 99.89 would not.
        Bars lows;
        for (const char* low : {"110", "100", "110", "99.9", "110", "101", "110", "99", "110"}) {
            lows.range("120", low);
        }
        SwingDetector lowSwing(1, Tolerance::basisPoints(10));
        events.clear();
        for (const Candle& bar : lows.bars()) {
            append(events, lowSwing.update(bar));
        }
        QCOMPARE(joined(events), std::string("@2 low 100 bar 1 s1\n"
                                             "@4 equal_low 99.9 bar 3 s1\n"
                                             "@6 higher_low 101 bar 5 s1\n"
                                             "@8 lower_low 99 bar 7 s1\n"));
        QCOMPARE(Tolerance::basisPoints(10).allowance(px("100")), px("0.1"));
        QVERIFY(!Tolerance::basisPoints(10).equal(px("100"), px("99.89")));
        QCOMPARE(Tolerance::basisPoints(10).allowance(px("-100")), px("0.1"));
    }

    void plateauTopsCountOnceAtTheirFirstBar() {
        // 10, 12, 12, 10: bar 1 is above the bar before and not below the
        // bar after; bar 2 ties the bar before it, so it is not a swing.
        Bars plateau;
        plateau.range("10", "5").range("12", "5").range("12", "5").range("10", "5");
        SwingDetector swing(1);
        std::vector<std::string> events;
        for (const Candle& bar : plateau.bars()) {
            append(events, swing.update(bar));
        }
        QCOMPARE(joined(events), std::string("@2 high 12 bar 1 s1\n"));

        // Twin lows 7, 7 with strength 2: the first one is the swing low.
        Bars twin;
        for (const char* low : {"9", "8", "7", "7", "8", "9"}) {
            twin.range("20", low);
        }
        SwingDetector twinSwing(2);
        events.clear();
        for (const Candle& bar : twin.bars()) {
            append(events, twinSwing.update(bar));
        }
        QCOMPARE(joined(events), std::string("@4 low 7 bar 2 s2\n"));
    }

    void outsideBarIsBothSwingHighAndLow() {
        // Bar 1 (12 / 6) engulfs both neighbours: one high and one low,
        // the high first.
        Bars b;
        b.range("10", "8").range("12", "6").range("11", "7");
        SwingDetector swing(1);
        std::vector<std::string> events;
        for (const Candle& bar : b.bars()) {
            append(events, swing.update(bar));
        }
        QCOMPARE(joined(events), std::string("@2 high 12 bar 1 s1\n"
                                             "@2 low 6 bar 1 s1\n"));
    }

    void flatBarsAndASingleBarProduceNothing() {
        Bars flat;
        for (int i = 0; i < 12; ++i) {
            flat.add("10", "10", "10", "10");
        }
        const Run run = runAll(flat.bars(), 1);
        QVERIFY(run.swings.empty());
        QVERIFY(run.gaps.empty());
        QVERIFY(run.breaks.empty());
        QVERIFY(run.blocks.empty());
        QVERIFY(run.levels.empty());

        Bars one;
        one.add("10", "12", "9", "11");
        const Run single = runAll(one.bars(), 1);
        QVERIFY(single.swings.empty() && single.gaps.empty() && single.breaks.empty());
    }

    void fairValueGapOpensFillsPartlyThenFully() {
        // a (10 / 8), b (14 / 9.5), c (15 / 12): c's low 12 is above a's
        // high 10, a bullish gap 10-12 of bar b, known on bar 2. Bar 3
        // dips to 11 (partly filled, 11-12 traded); bar 4 stays above 11
        // (nothing new); bar 5 reaches 9.9, through the bottom: filled.
        // Bar 5 follows a gap of three days: time does not matter, the
        // sequence of bars does.
        Bars b;
        b.range("10", "8").range("14", "9.5").range("15", "12").range("15.5", "11");
        b.range("13", "11.5").skipDays(3).range("12", "9.9").range("12", "9");
        FairValueGapDetector fvg;
        std::vector<std::string> events;
        std::vector<std::size_t> open;
        for (const Candle& bar : b.bars()) {
            append(events, fvg.update(bar));
            open.push_back(fvg.openGaps());
        }
        QCOMPARE(joined(events), std::string("@2 bullish opened 10-12 fill 12 bar 1\n"
                                             "@3 bullish partially_filled 10-12 fill 11 bar 1\n"
                                             "@8 bullish filled 10-12 fill 10 bar 1\n"));
        QCOMPARE(open, (std::vector<std::size_t>{0, 0, 1, 1, 1, 0, 0}));
    }

    void bearishGapIsFilledByTouchingItsTop() {
        // a (20 / 18), b (17.5 / 14), c (16 / 13): c's high 16 is below a's
        // low 18, a bearish gap 16-18. Bar 3 rises to exactly 18, the far
        // edge: the whole gap has traded, so it is filled at once.
        Bars b;
        b.range("20", "18").range("17.5", "14").range("16", "13").range("18", "15");
        FairValueGapDetector fvg;
        std::vector<std::string> events;
        for (const Candle& bar : b.bars()) {
            append(events, fvg.update(bar));
        }
        QCOMPARE(joined(events), std::string("@2 bearish opened 16-18 fill 16 bar 1\n"
                                             "@3 bearish filled 16-18 fill 18 bar 1\n"));
    }

    void gapsSmallerThanTheMinimumOrTouchingAreIgnored() {
        // A minimum size of 1: gaps of 0.5 are ignored, and c.low equal to
        // a.high is no gap at all.
        Bars b;
        b.range("10", "9").range("11", "9.5").range("12", "10.5");  // gap 0.5
        b.range("13", "11.5").range("14", "12").range("15", "12.5");
        FairValueGapDetector fvg(px("1"));
        std::vector<std::string> events;
        for (const Candle& bar : b.bars()) {
            append(events, fvg.update(bar));
        }
        // Triples: (0,1,2) gap 10-10.5 too small; (1,2,3) 11-11.5 too small;
        // (2,3,4) 12-12 touching; (3,4,5) 13-12.5 none.
        QVERIFY2(events.empty(), joined(events).c_str());

        Bars exact;
        exact.range("10", "9").range("12", "9.5").range("13", "11");
        FairValueGapDetector minimum(px("1"));
        events.clear();
        for (const Candle& bar : exact.bars()) {
            append(events, minimum.update(bar));
        }
        QCOMPARE(joined(events), std::string("@2 bullish opened 10-11 fill 11 bar 1\n"));
    }

    void breaksOfStructureAndChangesOfCharacter() {
        const Run run = runAll(structureWalk(), 1);
        QCOMPARE(joined(run.swings), std::string("@2 high 12 bar 1 s1\n"
                                                 "@3 low 9 bar 2 s1\n"
                                                 "@6 higher_high 15 bar 5 s1\n"
                                                 "@7 higher_low 11 bar 6 s1\n"
                                                 "@9 lower_low 10.5 bar 8 s1\n"
                                                 "@10 lower_high 13 bar 9 s1\n"
                                                 "@12 lower_low 8 bar 11 s1\n"));
        // Bar 4: no trend yet, so the first break is a BOS. Bar 8: the
        // latest swing low is bar 6's 11 (it replaced 9); closing below it
        // in an up trend is a CHoCH. Bar 10: down trend, BOS. Bar 12: the
        // latest swing high is 13 (bar 9, it replaced 15): CHoCH up.
        QCOMPARE(joined(run.breaks), std::string("@4 bos bullish 12 swing 1 close 12.4\n"
                                                 "@8 choch bearish 11 swing 6 close 10.6\n"
                                                 "@10 bos bearish 10.5 swing 8 close 9.2\n"
                                                 "@12 choch bullish 13 swing 9 close 13.2\n"));
    }

    void closingExactlyOnTheLevelIsNotABreak() {
        // Swing high 12 at bar 1; bar 3 closes at 12, bar 4 at 12.01.
        Bars b;
        b.add("10", "11", "9", "10").add("10", "12", "9.5", "11").add("11", "11.5", "10", "10.5");
        b.add("10.5", "12", "10.4", "12").add("12", "12.2", "11.9", "12.01");
        StructureDetector structure;
        SwingDetector swing(1);
        std::vector<std::string> breaks;
        for (const Candle& bar : b.bars()) {
            append(breaks, structure.update(bar, swing.update(bar)));
        }
        QCOMPARE(joined(breaks), std::string("@4 bos bullish 12 swing 1 close 12.01\n"));
        QCOMPARE(structure.trend(), StructureDetector::Trend::kUp);
    }

    void orderBlocksFormAreMitigatedAndBroken() {
        const Run run = runAll(structureWalk(), 1);
        // BOS up on bar 4 broke bar 1's high: the leg after it bottoms at
        // bar 2 (low 9), itself bearish: block 9-11.5. Price returns to it
        // on bar 6 (low 11) and closes below 9 on bar 11 (8.5).
        // CHoCH down on bar 8 broke bar 6's low: the leg after it tops at
        // bar 7 (high 12), bullish: block 11.2-12; bar 9 trades into it and
        // closes above 12 (12.8), so mitigated and broken on the same bar.
        // BOS down on bar 10 broke bar 8's low: leg bar 9, bullish, block
        // 10.6-13; bar 12 reaches 13.5 and closes at 13.2 above it.
        // CHoCH up on bar 12 broke bar 9's high: the leg after it bottoms
        // at bar 11 (low 8), bearish: block 8-9.5, formed after the
        // older blocks' updates of that bar.
        QCOMPARE(joined(run.blocks), std::string("@4 bullish formed 9-11.5 bar 2 break 4\n"
                                                 "@6 bullish mitigated 9-11.5 bar 2 break 4\n"
                                                 "@8 bearish formed 11.2-12 bar 7 break 8\n"
                                                 "@9 bearish mitigated 11.2-12 bar 7 break 8\n"
                                                 "@9 bearish broken 11.2-12 bar 7 break 8\n"
                                                 "@10 bearish formed 10.6-13 bar 9 break 10\n"
                                                 "@11 bullish broken 9-11.5 bar 2 break 4\n"
                                                 "@12 bearish mitigated 10.6-13 bar 9 break 10\n"
                                                 "@12 bearish broken 10.6-13 bar 9 break 10\n"
                                                 "@12 bullish formed 8-9.5 bar 11 break 12\n"));
    }

    void orderBlockNeedsAnOppositeCandleInTheLeg() {
        // Swing high 12 at bar 1, then only bullish candles until the break
        // on bar 4: no bearish candle in the leg, so no block.
        Bars b;
        b.add("9", "11", "9", "10").add("10", "12", "10", "11").add("10", "11", "9", "10.5");
        b.add("10.5", "11.5", "10", "11").add("11", "12.5", "10.8", "12.3");
        const Run run = runAll(b.bars(), 1);
        QCOMPARE(joined(run.breaks), std::string("@4 bos bullish 12 swing 1 close 12.3\n"));
        QVERIFY2(run.blocks.empty(), joined(run.blocks).c_str());
    }

    void orderBlockLegTiesGoToTheLaterExtreme() {
        // Swing high 12 at bar 1. The leg after it reaches 9 twice: bar 2
        // (bearish) and bar 4 (bearish again, after a bullish bar 3). The
        // later low is where the move that breaks 12 on bar 5 started, so
        // bar 4 is the block.
        Bars b;
        b.add("10", "11", "9.5", "10.5").add("10.5", "12", "10", "11.5");
        b.add("11.5", "11.6", "9", "9.5").add("9.5", "11", "9.5", "10.8");
        b.add("10.8", "11", "9", "9.6").add("9.6", "12.5", "9.6", "12.3");
        const Run run = runAll(b.bars(), 1);
        QCOMPARE(joined(run.breaks), std::string("@5 bos bullish 12 swing 1 close 12.3\n"));
        QCOMPARE(joined(run.blocks), std::string("@5 bullish formed 9-11 bar 4 break 5\n"));
    }

    void orderBlockIsEmittedOnceAndMitigatedAtItsEdge() {
        // Strength 3. Swing high 12 at bar 3 (confirmed on 6). Bar 7 spikes
        // to 14 but closes at 11.9; bar 8 is bearish with the lowest low of
        // the leg (10); bar 9 closes at 12.5 above 12: block bar 8, 10-12.
        // Bar 7's 14 is confirmed only on bar 10, and the leg after it
        // still bottoms at bar 8 when bar 12 closes above 14: the same
        // candle is not a new block. Bar 13 comes down to exactly 12, the
        // top of the zone: mitigated.
        Bars b;
        b.add("10", "10.5", "9.5", "10.2").add("10.2", "11", "10", "10.8");
        b.add("10.8", "11.5", "10.5", "11.2").add("11.2", "12", "11", "11.5");
        b.add("11.5", "11.8", "11", "11.2").add("11.2", "11.6", "10.8", "11");
        b.add("11", "11.4", "10.6", "11.3").add("11.3", "14", "11.2", "11.9");
        b.add("11.9", "12", "10", "10.2").add("10.2", "13", "10.1", "12.5");
        b.add("12.5", "13.5", "12.2", "13").add("13", "13.8", "12.6", "13.5");
        b.add("13.5", "14.5", "13.2", "14.3").add("14.3", "14.4", "12", "12.2");
        const Run run = runAll(b.bars(), 3);
        QCOMPARE(joined(run.breaks), std::string("@9 bos bullish 12 swing 3 close 12.5\n"
                                                 "@12 bos bullish 14 swing 7 close 14.3\n"));
        QCOMPARE(joined(run.blocks), std::string("@9 bullish formed 10-12 bar 8 break 9\n"
                                                 "@13 bullish mitigated 10-12 bar 8 break 9\n"));
    }

    void equalHighsAndLowsBecomeLiquidityLevels() {
        // Strength 1, two touches, tolerance 0.1. Swing highs 12 (bar 1),
        // 12.05 (bar 3), 11.98 (bar 5) are equal within 0.1 of the first:
        // a buy-side level of 12.05 with band 11.9-12.1, formed when the
        // second is confirmed (bar 4), touched again on bar 6, swept by bar
        // 7's high 12.2 above the band. Swing lows 9.5 (bar 2) and 9.6 (bar
        // 4) make a sell-side level at 9.5 (band 9.4-9.6), formed on bar 5;
        // 9.7 (bar 6) is 0.2 away: a new cluster of its own, which bar 8's
        // low 9.3 takes out silently (it never became a level) just before
        // sweeping the 9.5 level.
        Bars b;
        b.range("10", "9").range("12", "10").range("11", "9.5").range("12.05", "10");
        b.range("11", "9.6").range("11.98", "10").range("11", "9.7").range("12.2", "10.5");
        b.range("12", "9.3");
        const Run run = runAll(b.bars(), 1, Tolerance::absolute(px("0.1")));
        QCOMPARE(joined(run.levels),
                 std::string("@4 buy_side formed 12.05 band 11.9-12.1 x2 bars 1..3\n"
                             "@5 sell_side formed 9.5 band 9.4-9.6 x2 bars 2..4\n"
                             "@6 buy_side touched 12.05 band 11.9-12.1 x3 bars 1..5\n"
                             "@7 buy_side swept 12.05 band 11.9-12.1 x3 bars 1..5\n"
                             "@8 sell_side swept 9.5 band 9.4-9.6 x2 bars 2..4\n"));
    }

    void liquidityLevelWaitsForEnoughTouches() {
        // Three equal highs of 12 with a minimum of three touches: formed
        // only on the third; exact tolerance; a bar at 12 does not sweep.
        Bars b;
        for (const char* high : {"10", "12", "10", "12", "10", "12", "10", "12.5"}) {
            b.range(high, "5");
        }
        const Run run = runAll(b.bars(), 1, Tolerance::exact(), 3);
        QCOMPARE(joined(run.levels), std::string("@6 buy_side formed 12 band 12-12 x3 bars 1..5\n"
                                                 "@7 buy_side swept 12 band 12-12 x3 bars 1..5\n"));
    }

    void badInputIsRefusedWithItsPlace() {
        SwingDetector swing(1);
        Bars b;
        b.add("10", "11", "9", "10").add("10", "11", "9", "10");
        swing.update(b.bars()[0]);
        QCOMPARE(errorOf([&] { swing.update(b.bars()[0]); }),
                 std::string("swing detector: bar 1 at 2024-01-01T00:00:00Z: not after the "
                             "previous bar at 2024-01-01T00:00:00Z"));

        Candle bad = b.bars()[1];
        bad.close = px("13");
        QCOMPARE(errorOf([&] { swing.update(bad); }),
                 std::string("swing detector: bar 1 at 2024-01-02T00:00:00Z: close 13 outside "
                             "its range low 9 .. high 11"));
        bad = b.bars()[1];
        bad.high = px("8");
        bad.open = px("8.5");
        bad.close = px("8.5");
        QCOMPARE(errorOf([&] { swing.update(bad); }),
                 std::string("swing detector: bar 1 at 2024-01-02T00:00:00Z: high 8 below low 9"));
        bad = b.bars()[1];
        bad.symbol = Symbol("OTHER");
        QCOMPARE(errorOf([&] { swing.update(bad); }),
                 std::string("swing detector: bar 1 at 2024-01-02T00:00:00Z: a bar of OTHER "
                             "after bars of TEST"));
        bad = b.bars()[1];
        bad.timeframe = *Timeframe::parse("1h");
        QCOMPARE(errorOf([&] { swing.update(bad); }),
                 std::string("swing detector: bar 1 at 2024-01-02T00:00:00Z: a 1h bar after 1d "
                             "bars"));

        QCOMPARE(errorOf([] { SwingDetector(0); }),
                 std::string("swing strength must be at least 1, got 0"));
        QCOMPARE(errorOf([] { Tolerance::absolute(px("-0.1")); }),
                 std::string("tolerance must not be negative, got -0.1"));
        QCOMPARE(errorOf([] { Tolerance::basisPoints(10'001); }),
                 std::string("tolerance in basis points must be within 0..10000, got 10001"));
        QCOMPARE(errorOf([] { FairValueGapDetector(px("-1")); }),
                 std::string("minimum gap size must not be negative, got -1"));
        QCOMPARE(errorOf([] { LiquidityLevelDetector(1, Tolerance::exact()); }),
                 std::string("a liquidity level needs at least 2 touches, got 1"));
        QCOMPARE(errorOf([] { OrderBlockDetector(0); }),
                 std::string("swing strength must be at least 1, got 0"));
    }

    void dependentDetectorsRefuseEventsOfAnotherBar() {
        const std::vector<Candle> bars = structureWalk();
        SwingDetector swing(1);
        swing.update(bars[0]);
        swing.update(bars[1]);
        const std::vector<SwingPoint> ofBar2 = swing.update(bars[2]);
        QCOMPARE(ofBar2.size(), std::size_t{1});

        StructureDetector structure;
        structure.update(bars[0], {});
        structure.update(bars[1], {});
        QCOMPARE(errorOf([&] { structure.update(bars[3], ofBar2); }),
                 std::string("structure detector: bar 2 at 2024-01-04T00:00:00Z: got a swing of "
                             "TEST produced at 2024-01-03T00:00:00Z, not for this bar"));

        // A swing detector of strength 2 feeding an order-block detector of
        // strength 1.
        OrderBlockDetector blocks(1);
        blocks.update(bars[0], {}, {});
        blocks.update(bars[1], {}, {});
        SwingPoint wrong = ofBar2.front();
        wrong.strength = 2;
        wrong.barIndex = 0;
        QCOMPARE(errorOf([&] { blocks.update(bars[2], std::vector<SwingPoint>{wrong}, {}); }),
                 std::string("order block detector: bar 2 at 2024-01-03T00:00:00Z: a swing of "
                             "bar 0 with strength 2, expected the swing of bar 1 with "
                             "strength 1"));

        // A break whose swing is not the latest one the detector saw.
        OrderBlockDetector lone(1);
        StructureBreak brk;
        brk.symbol = bars[0].symbol;
        brk.ts = bars[0].ts;
        brk.swingIndex = 5;
        QCOMPARE(errorOf([&] { lone.update(bars[0], {}, std::vector<StructureBreak>{brk}); }),
                 std::string("order block detector: bar 0 at 2024-01-01T00:00:00Z: a break of "
                             "the swing at bar 5 but the latest swing high is none"));
    }

    // Properties that must hold on real data, whatever the exact events.
    void propertiesHoldOnMsftDaily() {
        const std::vector<Candle> bars = loadBars(CAUSEWAY_RESOURCE_DATA_DIR "/msft_daily.csv");
        QVERIFY(bars.size() > 200);
        constexpr int kStrength = 3;
        SwingDetector swing(kStrength, Tolerance::basisPoints(20));
        FairValueGapDetector fvg;
        StructureDetector structure;
        OrderBlockDetector blocks(kStrength);
        LiquidityLevelDetector liquidity(2, Tolerance::basisPoints(50));
        std::vector<SwingPoint> swings;
        std::vector<FairValueGap> gaps;
        std::vector<StructureBreak> breaks;
        std::vector<OrderBlock> obs;
        std::vector<LiquidityLevel> levels;
        for (std::size_t t = 0; t < bars.size(); ++t) {
            const Candle& bar = bars[t];
            const auto& s = swing.update(bar);
            const auto& b = structure.update(bar, s);
            for (const auto& e : s) {
                QCOMPARE(e.ts, bar.ts);
            }
            swings.insert(swings.end(), s.begin(), s.end());
            const auto& g = fvg.update(bar);
            for (const auto& e : g) {
                QCOMPARE(e.ts, bar.ts);
            }
            gaps.insert(gaps.end(), g.begin(), g.end());
            breaks.insert(breaks.end(), b.begin(), b.end());
            const auto& o = blocks.update(bar, s, b);
            obs.insert(obs.end(), o.begin(), o.end());
            const auto& l = liquidity.update(bar, s);
            levels.insert(levels.end(), l.begin(), l.end());
        }
        const auto count = [](const auto& events, auto predicate) {
            return std::count_if(events.begin(), events.end(), predicate);
        };
        QVERIFY(swings.size() > 20);
        QVERIFY(count(gaps, [](const auto& g) { return g.status == GapStatus::kFilled; }) > 0);
        QVERIFY(count(breaks,
                      [](const auto& b) { return b.kind == BreakKind::kChangeOfCharacter; }) > 0);
        QVERIFY(count(breaks,
                      [](const auto& b) { return b.kind == BreakKind::kBreakOfStructure; }) > 0);
        QVERIFY(count(obs, [](const auto& o) { return o.status == BlockStatus::kMitigated; }) > 0);
        QVERIFY(count(levels, [](const auto& l) { return l.status == LiquidityStatus::kSwept; }) >
                0);
        std::map<Timestamp, std::size_t> barAt;
        for (std::size_t t = 0; t < bars.size(); ++t) {
            barAt[bars[t].ts] = t;
        }

        const auto index = [](std::int64_t i) { return static_cast<std::size_t>(i); };
        for (const SwingPoint& s : swings) {
            const std::size_t i = index(s.barIndex);
            QCOMPARE(s.strength, kStrength);
            QCOMPARE(s.ts, bars[i + kStrength].ts);
            QCOMPARE(s.price, s.isHigh() ? bars[i].high : bars[i].low);
            for (std::size_t j = i - kStrength; j <= i + kStrength; ++j) {
                if (s.isHigh()) {
                    QVERIFY2(bars[j].high <= s.price, "a swing high is the max of its window");
                    QVERIFY(j >= i || bars[j].high < s.price);
                } else {
                    QVERIFY2(bars[j].low >= s.price, "a swing low is the min of its window");
                    QVERIFY(j >= i || bars[j].low > s.price);
                }
            }
        }
        for (const FairValueGap& g : gaps) {
            const std::size_t b = index(g.barIndex);
            QVERIFY(g.low < g.high);
            if (g.status == GapStatus::kOpened) {
                QCOMPARE(g.ts, bars[b + 1].ts);
                if (g.direction == Direction::kBullish) {
                    QCOMPARE(g.low, bars[b - 1].high);
                    QCOMPARE(g.high, bars[b + 1].low);
                } else {
                    QCOMPARE(g.low, bars[b + 1].high);
                    QCOMPARE(g.high, bars[b - 1].low);
                }
            } else {
                // The bar of the event traded to the fill level.
                const Candle& bar = bars[barAt.at(g.ts)];
                QVERIFY(g.ts > bars[b + 1].ts);
                QVERIFY(g.fillLevel >= g.low && g.fillLevel <= g.high);
                QVERIFY(g.direction == Direction::kBullish ? bar.low <= g.fillLevel
                                                           : bar.high >= g.fillLevel);
                QCOMPARE(g.status == GapStatus::kFilled,
                         g.fillLevel == (g.direction == Direction::kBullish ? g.low : g.high));
            }
        }
        for (std::size_t k = 0; k < breaks.size(); ++k) {
            const StructureBreak& b = breaks[k];
            QVERIFY(b.direction == Direction::kBullish ? b.close > b.level : b.close < b.level);
            const bool sameAsBefore = k == 0 || breaks[k - 1].direction == b.direction;
            QCOMPARE(b.kind == BreakKind::kBreakOfStructure, sameAsBefore);
        }
        // Every block formed and not yet broken is still tracked.
        QCOMPARE(static_cast<std::ptrdiff_t>(blocks.activeBlocks()),
                 count(obs, [](const auto& o) { return o.status == BlockStatus::kFormed; }) -
                     count(obs, [](const auto& o) { return o.status == BlockStatus::kBroken; }));
        QVERIFY(liquidity.clusters() > 0 && liquidity.clusters() <= swings.size());
        for (const OrderBlock& o : obs) {
            const Candle& candle = bars[index(o.barIndex)];
            QCOMPARE(o.low, candle.low);
            QCOMPARE(o.high, candle.high);
            QVERIFY(o.direction == Direction::kBullish ? candle.close < candle.open
                                                       : candle.close > candle.open);
            QVERIFY(o.barIndex < o.breakIndex);
        }
        for (const LiquidityLevel& l : levels) {
            QVERIFY(l.touches >= 2);
            QVERIFY(l.bandLow <= l.price && l.price <= l.bandHigh);
            if (l.status == LiquidityStatus::kSwept) {
                const Candle& bar = bars[barAt.at(l.ts)];
                QVERIFY(l.side == LiquiditySide::kBuySide ? bar.high > l.bandHigh
                                                          : bar.low < l.bandLow);
            }
        }
        const auto ordered = [](const auto& events) {
            for (std::size_t k = 1; k < events.size(); ++k) {
                if (events[k].ts < events[k - 1].ts) {
                    return false;
                }
            }
            return true;
        };
        QVERIFY(ordered(swings) && ordered(gaps) && ordered(breaks) && ordered(obs) &&
                ordered(levels));

        // Determinism: a second run describes the same events.
        const Run first = runAll(bars, kStrength, Tolerance::basisPoints(20));
        const Run second = runAll(bars, kStrength, Tolerance::basisPoints(20));
        QVERIFY(!first.swings.empty());
        QCOMPARE(joined(first.swings), joined(second.swings));
        QCOMPARE(joined(first.gaps), joined(second.gaps));
        QCOMPARE(joined(first.breaks), joined(second.breaks));
        QCOMPARE(joined(first.blocks), joined(second.blocks));
        QCOMPARE(joined(first.levels), joined(second.levels));
    }

    void nodesExposeTheEventsOfTheLatestBar() {
        Graph graph;
        auto& candles = graph.emplace<CandleNode>("candles");
        auto& swings = graph.emplace<SwingNode>("swings", "candles", 1);
        auto& gaps = graph.emplace<FairValueGapNode>("fvg", "candles");
        auto& structure = graph.emplace<StructureNode>("structure", "candles", "swings");
        auto& blocks = graph.emplace<OrderBlockNode>("blocks", "candles", "swings", "structure");
        auto& levels =
            graph.emplace<LiquidityLevelNode>("levels", "candles", "swings", 2, Tolerance::exact());
        graph.finalize();

        Run viaNodes;
        for (const Candle& bar : structureWalk()) {
            candles.set(bar);
            QCOMPARE(graph.propagate(candles), std::size_t{6});
            append(viaNodes.swings, swings.events());
            append(viaNodes.gaps, gaps.events());
            append(viaNodes.breaks, structure.events());
            append(viaNodes.blocks, blocks.events());
            append(viaNodes.levels, levels.events());
        }
        const Run direct = runAll(structureWalk(), 1);
        QCOMPARE(joined(viaNodes.swings), joined(direct.swings));
        QCOMPARE(joined(viaNodes.gaps), joined(direct.gaps));
        QCOMPARE(joined(viaNodes.breaks), joined(direct.breaks));
        QCOMPARE(joined(viaNodes.blocks), joined(direct.blocks));
        QCOMPARE(joined(viaNodes.levels), joined(direct.levels));
        QVERIFY(!viaNodes.blocks.empty());
        QCOMPARE(structure.trend(), StructureDetector::Trend::kUp);
        // The last bar (12) broke structure: its events are still there.
        QCOMPARE(structure.events().size(), std::size_t{1});

        Graph wrong;
        wrong.emplace<CandleNode>("candles");
        wrong.emplace<SwingNode>("swings", "candles", 1);
        wrong.emplace<StructureNode>("structure", "swings", "candles");
        QCOMPARE(errorOf([&] { wrong.finalize(); }),
                 std::string("node 'structure': input 'swings' has the wrong type"));
    }
};

QTEST_GUILESS_MAIN(TestMarketStructure)
#include "test_market_structure.moc"
