#pragma once

#include <cstdint>
#include <optional>

#include "engine/core/market_data.h"

namespace causeway::engine {

// Market-structure events (reference 002's catalog): each carries the
// common fields of the catalog — symbol, a type discriminator, metadata,
// the timestamp of the bar whose close produced it (point in time: never
// before the event was knowable) and the timeframe — and its payload.
// Bars are numbered from 0 in the order a detector received them. The
// definitions are in README.md ("Market structure").
enum class StructureType : std::uint8_t {
    kSwingPoint = 1,
    kFairValueGap = 2,
    kOrderBlock = 3,
    kLiquidityLevel = 4,
    kStructureBreak = 5,
};

const char* structureTypeName(StructureType type);

enum class Direction : std::uint8_t { kBullish = 1, kBearish = 2 };

const char* directionName(Direction direction);

// How close two prices must be to count as equal: an absolute distance
// (a number of ticks times the tick size) or basis points of the reference
// price, rounded half away from zero to the 8th decimal.
class Tolerance final {
public:
    static Tolerance absolute(Price distance);
    static Tolerance basisPoints(std::int64_t bps);
    static Tolerance exact() { return absolute(Price{}); }

    // The largest distance from `reference` that still counts as equal.
    Price allowance(Price reference) const;
    bool equal(Price reference, Price price) const;

private:
    Tolerance(Price distance, std::int64_t bps) : m_distance(distance), m_bps(bps) {}
    Price m_distance;
    std::int64_t m_bps = 0;
};

enum class SwingType : std::uint8_t {
    kHigh = 1,  // the first swing high: nothing to compare with yet
    kHigherHigh,
    kLowerHigh,
    kEqualHigh,
    kLow,  // the first swing low
    kHigherLow,
    kLowerLow,
    kEqualLow,
};

const char* swingTypeName(SwingType type);
bool isSwingHigh(SwingType type);

struct SwingPoint {
    static constexpr StructureType kType = StructureType::kSwingPoint;

    Symbol symbol;
    StructureType type = kType;
    MetadataId metadata = kNoMetadata;
    Timestamp ts = 0;  // the confirming bar, strength bars after the swing
    Timeframe timeframe;
    SwingType swing = SwingType::kHigh;
    Price price;                    // the swing bar's high (or low)
    std::int64_t barIndex = 0;      // the swing bar
    Timestamp barTs = 0;            // the swing bar's timestamp
    int strength = 0;               // bars on each side that confirmed it
    std::optional<Price> previous;  // the previous swing of the same side

    bool isHigh() const { return isSwingHigh(swing); }
};

enum class GapStatus : std::uint8_t { kOpened = 1, kPartiallyFilled = 2, kFilled = 3 };

const char* gapStatusName(GapStatus status);

// A three-candle imbalance a, b, c: bullish when c.low > a.high (gap
// [a.high, c.low]), bearish when c.high < a.low (gap [c.high, a.low]).
struct FairValueGap {
    static constexpr StructureType kType = StructureType::kFairValueGap;

    Symbol symbol;
    StructureType type = kType;
    MetadataId metadata = kNoMetadata;
    Timestamp ts = 0;
    Timeframe timeframe;
    Direction direction = Direction::kBullish;
    GapStatus status = GapStatus::kOpened;
    Price low;  // the gap as it opened
    Price high;
    // How far price has traded into the gap: the near edge when opened (high
    // of a bullish gap, low of a bearish one), the deepest price reached when
    // partially filled, the far edge when filled.
    Price fillLevel;
    std::int64_t barIndex = 0;  // candle b, the displacement; the gap's identity
    Timestamp barTs = 0;

    Price size() const { return high - low; }
};

enum class BlockStatus : std::uint8_t { kFormed = 1, kMitigated = 2, kBroken = 3 };

const char* blockStatusName(BlockStatus status);

// The last opposite-colour candle before the displacement leg that broke
// structure; its range is the zone.
struct OrderBlock {
    static constexpr StructureType kType = StructureType::kOrderBlock;

    Symbol symbol;
    StructureType type = kType;
    MetadataId metadata = kNoMetadata;
    Timestamp ts = 0;
    Timeframe timeframe;
    Direction direction = Direction::kBullish;
    BlockStatus status = BlockStatus::kFormed;
    Price low;  // the zone: the order-block candle's range
    Price high;
    std::int64_t barIndex = 0;  // the order-block candle; the block's identity
    Timestamp barTs = 0;
    std::int64_t breakIndex = 0;  // the bar whose close broke structure
};

enum class LiquiditySide : std::uint8_t { kBuySide = 1, kSellSide = 2 };
enum class LiquidityStatus : std::uint8_t { kFormed = 1, kTouched = 2, kSwept = 3 };

const char* liquiditySideName(LiquiditySide side);
const char* liquidityStatusName(LiquidityStatus status);

// A cluster of equal swing highs (buy-side liquidity rests above them) or
// equal swing lows (sell-side, below them).
struct LiquidityLevel {
    static constexpr StructureType kType = StructureType::kLiquidityLevel;

    Symbol symbol;
    StructureType type = kType;
    MetadataId metadata = kNoMetadata;
    Timestamp ts = 0;
    Timeframe timeframe;
    LiquiditySide side = LiquiditySide::kBuySide;
    LiquidityStatus status = LiquidityStatus::kFormed;
    Price price;   // the outermost member: highest high or lowest low
    Price anchor;  // the first member's price; the band is anchor ± tolerance
    Price bandLow;
    Price bandHigh;
    int touches = 0;              // member swings
    std::int64_t firstIndex = 0;  // the first member's bar; the level's identity
    std::int64_t barIndex = 0;    // the latest member's bar
};

enum class BreakKind : std::uint8_t { kBreakOfStructure = 1, kChangeOfCharacter = 2 };

const char* breakKindName(BreakKind kind);

// The catalog's BreakOfStructure: a close beyond the latest swing, BOS when
// it continues the trend, CHoCH when it goes against it.
struct StructureBreak {
    static constexpr StructureType kType = StructureType::kStructureBreak;

    Symbol symbol;
    StructureType type = kType;
    MetadataId metadata = kNoMetadata;
    Timestamp ts = 0;
    Timeframe timeframe;
    BreakKind kind = BreakKind::kBreakOfStructure;
    Direction direction = Direction::kBullish;
    Price level;                // the broken swing's price
    Price close;                // the breaking close
    std::int64_t barIndex = 0;  // the breaking bar
    std::int64_t swingIndex = 0;
    Timestamp swingTs = 0;
};

// Checks that a detector's bars are one series: one symbol and timeframe,
// strictly increasing time, a consistent OHLC. Throws std::invalid_argument
// naming the detector, the bar and the defect.
class BarSequence final {
public:
    explicit BarSequence(const char* owner) : m_owner(owner) {}
    // The accepted bar's index.
    std::int64_t accept(const Candle& bar);
    std::int64_t count() const { return m_count; }

private:
    const char* m_owner;
    Symbol m_symbol;
    Timeframe m_timeframe;
    Timestamp m_last = 0;
    std::int64_t m_count = 0;
};

// Every detector's update returns the events of that bar, in a buffer that
// is reused: valid until the next update.

}  // namespace causeway::engine
