#include "engine/indicators/market_structure.h"

#include <stdexcept>
#include <string>

#include "engine/indicators/structure_detail.h"

namespace causeway::engine {

using structure_detail::where;

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

}  // namespace causeway::engine
