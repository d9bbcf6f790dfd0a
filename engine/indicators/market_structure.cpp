#include "engine/indicators/market_structure.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace causeway::engine {

namespace {

std::string where(const char* owner, std::int64_t index, Timestamp ts) {
    return std::string(owner) + ": bar " + std::to_string(index) + " at " + formatIso8601(ts);
}

// The swings and breaks handed to a dependent detector must be the ones
// produced for the bar handed with them.
template <class Event>
void checkSameBar(const char* owner, const char* what, const Candle& bar, std::int64_t index,
                  std::span<const Event> events) {
    for (const Event& event : events) {
        if (event.ts != bar.ts || event.symbol != bar.symbol) {
            throw std::invalid_argument(where(owner, index, bar.ts) + ": got a " + what + " of " +
                                        event.symbol.name() + " produced at " +
                                        formatIso8601(event.ts) + ", not for this bar");
        }
    }
}

template <class Event>
void sortByBar(std::vector<Event>& events, std::size_t from) {
    std::stable_sort(events.begin() + static_cast<std::ptrdiff_t>(from), events.end(),
                     [](const Event& a, const Event& b) { return a.barIndex < b.barIndex; });
}

template <class Event>
void stamp(Event& event, const Candle& bar) {
    event.symbol = bar.symbol;
    event.metadata = bar.metadata;
    event.ts = bar.ts;
    event.timeframe = bar.timeframe;
}

bool bullishCandle(const Candle& bar) {
    return bar.close > bar.open;
}

bool bearishCandle(const Candle& bar) {
    return bar.close < bar.open;
}

}  // namespace

const char* structureTypeName(StructureType type) {
    switch (type) {
        case StructureType::kSwingPoint:
            return "swing_point";
        case StructureType::kFairValueGap:
            return "fair_value_gap";
        case StructureType::kOrderBlock:
            return "order_block";
        case StructureType::kLiquidityLevel:
            return "liquidity_level";
        case StructureType::kStructureBreak:
            return "break_of_structure";
    }
    return "unknown";
}

const char* directionName(Direction direction) {
    return direction == Direction::kBullish ? "bullish" : "bearish";
}

const char* swingTypeName(SwingType type) {
    switch (type) {
        case SwingType::kHigh:
            return "high";
        case SwingType::kHigherHigh:
            return "higher_high";
        case SwingType::kLowerHigh:
            return "lower_high";
        case SwingType::kEqualHigh:
            return "equal_high";
        case SwingType::kLow:
            return "low";
        case SwingType::kHigherLow:
            return "higher_low";
        case SwingType::kLowerLow:
            return "lower_low";
        case SwingType::kEqualLow:
            return "equal_low";
    }
    return "unknown";
}

bool isSwingHigh(SwingType type) {
    return type == SwingType::kHigh || type == SwingType::kHigherHigh ||
           type == SwingType::kLowerHigh || type == SwingType::kEqualHigh;
}

const char* gapStatusName(GapStatus status) {
    switch (status) {
        case GapStatus::kOpened:
            return "opened";
        case GapStatus::kPartiallyFilled:
            return "partially_filled";
        case GapStatus::kFilled:
            return "filled";
    }
    return "unknown";
}

const char* blockStatusName(BlockStatus status) {
    switch (status) {
        case BlockStatus::kFormed:
            return "formed";
        case BlockStatus::kMitigated:
            return "mitigated";
        case BlockStatus::kBroken:
            return "broken";
    }
    return "unknown";
}

const char* liquiditySideName(LiquiditySide side) {
    return side == LiquiditySide::kBuySide ? "buy_side" : "sell_side";
}

const char* liquidityStatusName(LiquidityStatus status) {
    switch (status) {
        case LiquidityStatus::kFormed:
            return "formed";
        case LiquidityStatus::kTouched:
            return "touched";
        case LiquidityStatus::kSwept:
            return "swept";
    }
    return "unknown";
}

const char* breakKindName(BreakKind kind) {
    return kind == BreakKind::kBreakOfStructure ? "bos" : "choch";
}

// ---------------------------------------------------------------- Tolerance

Tolerance Tolerance::absolute(Price distance) {
    if (distance < Price{}) {
        throw std::invalid_argument("tolerance must not be negative, got " + distance.toString());
    }
    return Tolerance(distance, 0);
}

Tolerance Tolerance::basisPoints(std::int64_t bps) {
    if (bps < 0 || bps > 10'000) {
        throw std::invalid_argument("tolerance in basis points must be within 0..10000, got " +
                                    std::to_string(bps));
    }
    return Tolerance(Price{}, bps);
}

Price Tolerance::allowance(Price reference) const {
    if (m_bps == 0) {
        return m_distance;
    }
    const std::int64_t magnitude = reference.raw() < 0 ? -reference.raw() : reference.raw();
    // bps / 10000 as a fixed-point ratio is bps * 10^4 raw units.
    return Price::fromRaw(fixed_detail::mulRaw(magnitude, m_bps * 10'000));
}

bool Tolerance::equal(Price reference, Price price) const {
    const Price distance = price > reference ? price - reference : reference - price;
    return distance <= allowance(reference);
}

// -------------------------------------------------------------- BarSequence

std::int64_t BarSequence::accept(const Candle& bar) {
    const std::int64_t index = m_count;
    if (m_count > 0) {
        if (bar.symbol != m_symbol) {
            throw std::invalid_argument(where(m_owner, index, bar.ts) + ": a bar of " +
                                        bar.symbol.name() + " after bars of " + m_symbol.name());
        }
        if (bar.timeframe != m_timeframe) {
            throw std::invalid_argument(where(m_owner, index, bar.ts) + ": a " +
                                        bar.timeframe.label() + " bar after " +
                                        m_timeframe.label() + " bars");
        }
        if (bar.ts <= m_last) {
            throw std::invalid_argument(where(m_owner, index, bar.ts) +
                                        ": not after the previous bar at " + formatIso8601(m_last));
        }
    }
    const auto outside = [&](const char* name, Price value) {
        return where(m_owner, index, bar.ts) + ": " + name + ' ' + value.toString() +
               " outside its range low " + bar.low.toString() + " .. high " + bar.high.toString();
    };
    if (bar.high < bar.low) {
        throw std::invalid_argument(where(m_owner, index, bar.ts) + ": high " +
                                    bar.high.toString() + " below low " + bar.low.toString());
    }
    if (bar.open < bar.low || bar.open > bar.high) {
        throw std::invalid_argument(outside("open", bar.open));
    }
    if (bar.close < bar.low || bar.close > bar.high) {
        throw std::invalid_argument(outside("close", bar.close));
    }
    m_symbol = bar.symbol;
    m_timeframe = bar.timeframe;
    m_last = bar.ts;
    ++m_count;
    return index;
}

// ------------------------------------------------------------ SwingDetector

SwingDetector::SwingDetector(int strength, Tolerance tolerance)
    : m_strength(strength), m_tolerance(tolerance) {
    if (strength < 1) {
        throw std::invalid_argument("swing strength must be at least 1, got " +
                                    std::to_string(strength));
    }
    m_ring.resize(static_cast<std::size_t>(2 * strength + 1));
}

const Candle& SwingDetector::at(std::int64_t index) const {
    return m_ring[static_cast<std::size_t>(index) % m_ring.size()];
}

// Strictly above the N bars before, at least as high as the N bars after:
// on a flat top the first bar of the plateau is the swing.
bool SwingDetector::isHigh(std::int64_t i) const {
    const Price high = at(i).high;
    for (std::int64_t j = i - m_strength; j < i; ++j) {
        if (at(j).high >= high) {
            return false;
        }
    }
    for (std::int64_t j = i + 1; j <= i + m_strength; ++j) {
        if (at(j).high > high) {
            return false;
        }
    }
    return true;
}

bool SwingDetector::isLow(std::int64_t i) const {
    const Price low = at(i).low;
    for (std::int64_t j = i - m_strength; j < i; ++j) {
        if (at(j).low <= low) {
            return false;
        }
    }
    for (std::int64_t j = i + 1; j <= i + m_strength; ++j) {
        if (at(j).low < low) {
            return false;
        }
    }
    return true;
}

void SwingDetector::emit(const Candle& bar, const Candle& swingBar, std::int64_t swingIndex,
                         bool high) {
    SwingPoint point;
    stamp(point, bar);
    point.price = high ? swingBar.high : swingBar.low;
    point.barIndex = swingIndex;
    point.barTs = swingBar.ts;
    point.strength = m_strength;
    std::optional<Price>& last = high ? m_lastHigh : m_lastLow;
    point.previous = last;
    if (!last) {
        point.swing = high ? SwingType::kHigh : SwingType::kLow;
    } else if (m_tolerance.equal(*last, point.price)) {
        point.swing = high ? SwingType::kEqualHigh : SwingType::kEqualLow;
    } else if (point.price > *last) {
        point.swing = high ? SwingType::kHigherHigh : SwingType::kHigherLow;
    } else {
        point.swing = high ? SwingType::kLowerHigh : SwingType::kLowerLow;
    }
    last = point.price;
    m_events.push_back(point);
}

const std::vector<SwingPoint>& SwingDetector::update(const Candle& bar) {
    m_events.clear();
    const std::int64_t index = m_sequence.accept(bar);
    m_ring[static_cast<std::size_t>(index) % m_ring.size()] = bar;
    const std::int64_t candidate = index - m_strength;
    if (candidate < m_strength) {
        return m_events;
    }
    if (isHigh(candidate)) {
        emit(bar, at(candidate), candidate, true);
    }
    if (isLow(candidate)) {
        emit(bar, at(candidate), candidate, false);
    }
    return m_events;
}

// ----------------------------------------------------- FairValueGapDetector

FairValueGapDetector::FairValueGapDetector(Price minimumSize) : m_minimumSize(minimumSize) {
    if (minimumSize < Price{}) {
        throw std::invalid_argument("minimum gap size must not be negative, got " +
                                    minimumSize.toString());
    }
}

void FairValueGapDetector::fillBullish(const Candle& bar) {
    m_partial.clear();
    auto it = m_bullish.begin();
    while (it != m_bullish.end() && it->first > bar.low) {
        FairValueGap gap = it->second;
        it = m_bullish.erase(it);
        stamp(gap, bar);
        if (bar.low <= gap.low) {
            gap.status = GapStatus::kFilled;
            gap.fillLevel = gap.low;
        } else {
            gap.status = GapStatus::kPartiallyFilled;
            gap.fillLevel = bar.low;
            m_partial.push_back(gap);
        }
        m_events.push_back(gap);
    }
    for (const FairValueGap& gap : m_partial) {
        m_bullish.emplace(gap.fillLevel, gap);
    }
}

void FairValueGapDetector::fillBearish(const Candle& bar) {
    m_partial.clear();
    auto it = m_bearish.begin();
    while (it != m_bearish.end() && it->first < bar.high) {
        FairValueGap gap = it->second;
        it = m_bearish.erase(it);
        stamp(gap, bar);
        if (bar.high >= gap.high) {
            gap.status = GapStatus::kFilled;
            gap.fillLevel = gap.high;
        } else {
            gap.status = GapStatus::kPartiallyFilled;
            gap.fillLevel = bar.high;
            m_partial.push_back(gap);
        }
        m_events.push_back(gap);
    }
    for (const FairValueGap& gap : m_partial) {
        m_bearish.emplace(gap.fillLevel, gap);
    }
}

void FairValueGapDetector::detect(const Candle& bar, std::int64_t index) {
    FairValueGap gap;
    stamp(gap, bar);
    gap.status = GapStatus::kOpened;
    gap.barIndex = index - 1;
    gap.barTs = m_b.ts;
    if (bar.low > m_a.high && bar.low - m_a.high >= m_minimumSize) {
        gap.direction = Direction::kBullish;
        gap.low = m_a.high;
        gap.high = bar.low;
        gap.fillLevel = gap.high;
        m_bullish.emplace(gap.high, gap);
        m_events.push_back(gap);
    } else if (bar.high < m_a.low && m_a.low - bar.high >= m_minimumSize) {
        gap.direction = Direction::kBearish;
        gap.low = bar.high;
        gap.high = m_a.low;
        gap.fillLevel = gap.low;
        m_bearish.emplace(gap.low, gap);
        m_events.push_back(gap);
    }
}

const std::vector<FairValueGap>& FairValueGapDetector::update(const Candle& bar) {
    m_events.clear();
    const std::int64_t index = m_sequence.accept(bar);
    fillBullish(bar);
    fillBearish(bar);
    sortByBar(m_events, 0);
    if (index >= 2) {
        detect(bar, index);
    }
    m_a = m_b;
    m_b = bar;
    return m_events;
}

// -------------------------------------------------------- StructureDetector

void StructureDetector::breakLevel(const Candle& bar, std::int64_t index, const Level& level,
                                   Direction direction) {
    const Trend with = direction == Direction::kBullish ? Trend::kUp : Trend::kDown;
    StructureBreak event;
    stamp(event, bar);
    event.kind = m_trend == Trend::kNone || m_trend == with ? BreakKind::kBreakOfStructure
                                                            : BreakKind::kChangeOfCharacter;
    event.direction = direction;
    event.level = level.price;
    event.close = bar.close;
    event.barIndex = index;
    event.swingIndex = level.index;
    event.swingTs = level.ts;
    m_trend = with;
    m_events.push_back(event);
}

const std::vector<StructureBreak>& StructureDetector::update(const Candle& bar,
                                                             std::span<const SwingPoint> swings) {
    m_events.clear();
    const std::int64_t index = m_sequence.accept(bar);
    checkSameBar("structure detector", "swing", bar, index, swings);
    for (const SwingPoint& swing : swings) {
        (swing.isHigh() ? m_high : m_low) = Level{swing.price, swing.barIndex, swing.barTs};
    }
    if (m_high && bar.close > m_high->price) {
        const Level level = *m_high;
        m_high.reset();
        breakLevel(bar, index, level, Direction::kBullish);
    }
    if (m_low && bar.close < m_low->price) {
        const Level level = *m_low;
        m_low.reset();
        breakLevel(bar, index, level, Direction::kBearish);
    }
    return m_events;
}

// ------------------------------------------------------- OrderBlockDetector

OrderBlockDetector::OrderBlockDetector(int swingStrength) : m_strength(swingStrength) {
    if (swingStrength < 1) {
        throw std::invalid_argument("swing strength must be at least 1, got " +
                                    std::to_string(swingStrength));
    }
    m_ring.resize(static_cast<std::size_t>(swingStrength));
}

std::size_t OrderBlockDetector::activeBlocks() const {
    return m_bullishFresh.size() + m_bearishFresh.size() + m_bullishMitigated.size() +
           m_bearishMitigated.size();
}

// Bullish blocks come from the leg after a swing high: its lowest low and
// the last bearish candle up to it. Bearish blocks mirror that.
void OrderBlockDetector::extend(Leg& leg, const Candle& bar, std::int64_t index, Direction blocks) {
    const bool bullish = blocks == Direction::kBullish;
    if (bullish ? bearishCandle(bar) : bullishCandle(bar)) {
        leg.lastOpposite = bar;
        leg.lastOppositeIndex = index;
    }
    const Price extreme = bullish ? bar.low : bar.high;
    if (!leg.started || (bullish ? extreme <= leg.extreme : extreme >= leg.extreme)) {
        leg.started = true;
        leg.extreme = extreme;
        leg.block = leg.lastOpposite;
        leg.blockIndex = leg.lastOppositeIndex;
    }
}

void OrderBlockDetector::restart(Leg& leg, std::int64_t swingIndex, Direction blocks) const {
    leg = Leg{};
    leg.swingIndex = swingIndex;
    const std::int64_t newest = m_sequence.count() - 1;
    for (std::int64_t i = swingIndex + 1; i <= newest; ++i) {
        extend(leg, m_ring[static_cast<std::size_t>(i) % m_ring.size()], i, blocks);
    }
}

void OrderBlockDetector::form(const Candle& bar, std::int64_t index, const StructureBreak& brk) {
    const bool bullish = brk.direction == Direction::kBullish;
    const Leg& leg = bullish ? m_afterHigh : m_afterLow;
    if (!leg.swingIndex || *leg.swingIndex != brk.swingIndex) {
        throw std::invalid_argument(
            where("order block detector", index, bar.ts) + ": a break of the swing at bar " +
            std::to_string(brk.swingIndex) + " but the latest swing " + (bullish ? "high" : "low") +
            " is " + (leg.swingIndex ? "at bar " + std::to_string(*leg.swingIndex) : "none"));
    }
    std::optional<std::int64_t>& last = bullish ? m_lastBullish : m_lastBearish;
    if (!leg.block || (last && leg.blockIndex <= *last)) {
        return;
    }
    last = leg.blockIndex;
    OrderBlock block;
    stamp(block, bar);
    block.direction = brk.direction;
    block.status = BlockStatus::kFormed;
    block.low = leg.block->low;
    block.high = leg.block->high;
    block.barIndex = leg.blockIndex;
    block.barTs = leg.block->ts;
    block.breakIndex = index;
    if (bullish) {
        m_bullishFresh.emplace(block.high, block);
    } else {
        m_bearishFresh.emplace(block.low, block);
    }
    m_events.push_back(block);
}

void OrderBlockDetector::mitigate(const Candle& bar) {
    const std::size_t from = m_events.size();
    for (auto it = m_bullishFresh.begin(); it != m_bullishFresh.end() && bar.low <= it->first;) {
        OrderBlock block = it->second;
        it = m_bullishFresh.erase(it);
        stamp(block, bar);
        block.status = BlockStatus::kMitigated;
        m_bullishMitigated.emplace(block.low, block);
        m_events.push_back(block);
    }
    for (auto it = m_bearishFresh.begin(); it != m_bearishFresh.end() && bar.high >= it->first;) {
        OrderBlock block = it->second;
        it = m_bearishFresh.erase(it);
        stamp(block, bar);
        block.status = BlockStatus::kMitigated;
        m_bearishMitigated.emplace(block.high, block);
        m_events.push_back(block);
    }
    sortByBar(m_events, from);
}

void OrderBlockDetector::breakMitigated(const Candle& bar) {
    const std::size_t from = m_events.size();
    for (auto it = m_bullishMitigated.begin();
         it != m_bullishMitigated.end() && bar.close < it->first;) {
        OrderBlock block = it->second;
        it = m_bullishMitigated.erase(it);
        stamp(block, bar);
        block.status = BlockStatus::kBroken;
        m_events.push_back(block);
    }
    for (auto it = m_bearishMitigated.begin();
         it != m_bearishMitigated.end() && bar.close > it->first;) {
        OrderBlock block = it->second;
        it = m_bearishMitigated.erase(it);
        stamp(block, bar);
        block.status = BlockStatus::kBroken;
        m_events.push_back(block);
    }
    sortByBar(m_events, from);
}

const std::vector<OrderBlock>& OrderBlockDetector::update(const Candle& bar,
                                                          std::span<const SwingPoint> swings,
                                                          std::span<const StructureBreak> breaks) {
    m_events.clear();
    const std::int64_t index = m_sequence.accept(bar);
    checkSameBar("order block detector", "swing", bar, index, swings);
    checkSameBar("order block detector", "structure break", bar, index, breaks);
    for (const SwingPoint& swing : swings) {
        if (swing.strength != m_strength || swing.barIndex != index - m_strength) {
            throw std::invalid_argument(where("order block detector", index, bar.ts) +
                                        ": a swing of bar " + std::to_string(swing.barIndex) +
                                        " with strength " + std::to_string(swing.strength) +
                                        ", expected the swing of bar " +
                                        std::to_string(index - m_strength) + " with strength " +
                                        std::to_string(m_strength));
        }
    }
    // Blocks formed earlier first: a block is tested from the bar after
    // the break that formed it.
    mitigate(bar);
    breakMitigated(bar);
    for (const StructureBreak& brk : breaks) {
        form(bar, index, brk);
    }
    m_ring[static_cast<std::size_t>(index) % m_ring.size()] = bar;
    extend(m_afterHigh, bar, index, Direction::kBullish);
    extend(m_afterLow, bar, index, Direction::kBearish);
    for (const SwingPoint& swing : swings) {
        if (swing.isHigh()) {
            restart(m_afterHigh, swing.barIndex, Direction::kBullish);
        } else {
            restart(m_afterLow, swing.barIndex, Direction::kBearish);
        }
    }
    return m_events;
}

// --------------------------------------------------- LiquidityLevelDetector

LiquidityLevelDetector::LiquidityLevelDetector(int minimumTouches, Tolerance tolerance)
    : m_minimumTouches(minimumTouches), m_tolerance(tolerance) {
    if (minimumTouches < 2) {
        throw std::invalid_argument("a liquidity level needs at least 2 touches, got " +
                                    std::to_string(minimumTouches));
    }
}

// A cluster is swept by a bar trading beyond its band; only a cluster that
// had become a level reports it.
void LiquidityLevelDetector::sweep(const Candle& bar) {
    while (!m_highs.empty() && m_highs.begin()->second.bandHigh < bar.high) {
        LiquidityLevel level = m_highs.begin()->second;
        m_highs.erase(m_highs.begin());
        if (level.touches >= m_minimumTouches) {
            stamp(level, bar);
            level.status = LiquidityStatus::kSwept;
            m_events.push_back(level);
        }
    }
    while (!m_lows.empty() && std::prev(m_lows.end())->second.bandLow > bar.low) {
        LiquidityLevel level = std::prev(m_lows.end())->second;
        m_lows.erase(std::prev(m_lows.end()));
        if (level.touches >= m_minimumTouches) {
            stamp(level, bar);
            level.status = LiquidityStatus::kSwept;
            m_events.push_back(level);
        }
    }
}

// A swing joins the cluster whose anchor is nearest to its price (ties: the
// lower anchor) when that cluster's band holds the price; otherwise it
// anchors a new cluster.
void LiquidityLevelDetector::join(const Candle& bar, const SwingPoint& swing) {
    const bool high = swing.isHigh();
    std::map<Price, LiquidityLevel>& clusters = high ? m_highs : m_lows;
    const Price p = swing.price;
    auto nearest = clusters.end();
    auto above = clusters.lower_bound(p);
    if (above != clusters.begin()) {
        nearest = std::prev(above);
    }
    if (above != clusters.end() &&
        (nearest == clusters.end() || above->first - p < p - nearest->first)) {
        nearest = above;
    }
    if (nearest != clusters.end() && m_tolerance.equal(nearest->first, p)) {
        LiquidityLevel& level = nearest->second;
        ++level.touches;
        level.price = high ? std::max(level.price, p) : std::min(level.price, p);
        level.barIndex = swing.barIndex;
        if (level.touches >= m_minimumTouches) {
            LiquidityLevel event = level;
            stamp(event, bar);
            event.status = level.touches == m_minimumTouches ? LiquidityStatus::kFormed
                                                             : LiquidityStatus::kTouched;
            m_events.push_back(event);
        }
        return;
    }
    LiquidityLevel level;
    stamp(level, bar);
    level.side = high ? LiquiditySide::kBuySide : LiquiditySide::kSellSide;
    level.price = p;
    level.anchor = p;
    const Price allowance = m_tolerance.allowance(p);
    level.bandLow = p - allowance;
    level.bandHigh = p + allowance;
    level.touches = 1;
    level.firstIndex = swing.barIndex;
    level.barIndex = swing.barIndex;
    clusters.emplace(p, level);
}

const std::vector<LiquidityLevel>& LiquidityLevelDetector::update(
    const Candle& bar, std::span<const SwingPoint> swings) {
    m_events.clear();
    const std::int64_t index = m_sequence.accept(bar);
    checkSameBar("liquidity level detector", "swing", bar, index, swings);
    sweep(bar);
    for (const SwingPoint& swing : swings) {
        join(bar, swing);
    }
    return m_events;
}

}  // namespace causeway::engine
