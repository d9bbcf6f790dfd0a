#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <vector>

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

// Swing highs and lows of a fixed strength N; O(N) per bar.
class SwingDetector final {
public:
    explicit SwingDetector(int strength, Tolerance tolerance = Tolerance::exact());

    const std::vector<SwingPoint>& update(const Candle& bar);
    const std::vector<SwingPoint>& events() const { return m_events; }
    int strength() const { return m_strength; }

private:
    bool isHigh(std::int64_t candidate) const;
    bool isLow(std::int64_t candidate) const;
    const Candle& at(std::int64_t index) const;
    void emit(const Candle& bar, const Candle& swingBar, std::int64_t swingIndex, bool high);

    int m_strength;
    Tolerance m_tolerance;
    BarSequence m_sequence{"swing detector"};
    std::vector<Candle> m_ring;  // the last 2N+1 bars
    std::optional<Price> m_lastHigh;
    std::optional<Price> m_lastLow;
    std::vector<SwingPoint> m_events;
};

// Three-candle imbalances and their filling. Per bar: O(log g) plus the
// gaps the bar trades into (each of which emits an event).
class FairValueGapDetector final {
public:
    explicit FairValueGapDetector(Price minimumSize = Price{});

    const std::vector<FairValueGap>& update(const Candle& bar);
    const std::vector<FairValueGap>& events() const { return m_events; }
    std::size_t openGaps() const { return m_bullish.size() + m_bearish.size(); }

private:
    void fillBullish(const Candle& bar);
    void fillBearish(const Candle& bar);
    void detect(const Candle& bar, std::int64_t index);

    Price m_minimumSize;
    BarSequence m_sequence{"fair value gap detector"};
    Candle m_a;  // the two bars before the current one
    Candle m_b;
    // Open gaps by the edge price must cross next: the unfilled top of a
    // bullish gap (highest first), the unfilled bottom of a bearish one.
    std::multimap<Price, FairValueGap, std::greater<>> m_bullish;
    std::multimap<Price, FairValueGap> m_bearish;
    std::vector<FairValueGap> m_partial;  // scratch, reused
    std::vector<FairValueGap> m_events;
};

// Break of structure and change of character from a SwingDetector's swings.
class StructureDetector final {
public:
    enum class Trend : std::uint8_t { kNone = 0, kUp = 1, kDown = 2 };

    // `swings` are the events the SwingDetector returned for this same bar.
    const std::vector<StructureBreak>& update(const Candle& bar,
                                              std::span<const SwingPoint> swings);
    const std::vector<StructureBreak>& events() const { return m_events; }
    Trend trend() const { return m_trend; }

private:
    struct Level {
        Price price;
        std::int64_t index = 0;
        Timestamp ts = 0;
    };
    void breakLevel(const Candle& bar, std::int64_t index, const Level& level, Direction d);

    BarSequence m_sequence{"structure detector"};
    Trend m_trend = Trend::kNone;
    std::optional<Level> m_high;
    std::optional<Level> m_low;
    std::vector<StructureBreak> m_events;
};

// Order blocks at each structure break, then their mitigation and breaking.
class OrderBlockDetector final {
public:
    // `swingStrength` is the strength of the SwingDetector whose swings and
    // breaks arrive here: the bars between a swing and its confirmation are
    // kept to start the leg that follows it.
    explicit OrderBlockDetector(int swingStrength);

    const std::vector<OrderBlock>& update(const Candle& bar, std::span<const SwingPoint> swings,
                                          std::span<const StructureBreak> breaks);
    const std::vector<OrderBlock>& events() const { return m_events; }
    int swingStrength() const { return m_strength; }
    std::size_t activeBlocks() const;

private:
    // The leg after a swing: its extreme (lowest low after a swing high,
    // highest high after a swing low; ties to the later bar) and the last
    // opposite candle at or before that extreme.
    struct Leg {
        std::optional<std::int64_t> swingIndex;
        bool started = false;
        Price extreme;
        std::optional<Candle> lastOpposite;
        std::int64_t lastOppositeIndex = 0;
        std::optional<Candle> block;
        std::int64_t blockIndex = 0;
    };

    static void extend(Leg& leg, const Candle& bar, std::int64_t index, Direction blocks);
    void restart(Leg& leg, std::int64_t swingIndex, Direction blocks) const;
    void form(const Candle& bar, std::int64_t index, const StructureBreak& brk);
    void mitigate(const Candle& bar);
    void breakMitigated(const Candle& bar);

    int m_strength;
    BarSequence m_sequence{"order block detector"};
    std::vector<Candle> m_ring;  // the last N bars
    Leg m_afterHigh;             // feeds bullish blocks
    Leg m_afterLow;              // feeds bearish blocks
    std::optional<std::int64_t> m_lastBullish;
    std::optional<std::int64_t> m_lastBearish;
    // Unmitigated blocks by the edge price must reach; mitigated ones by
    // the far edge a close must cross to break them.
    std::multimap<Price, OrderBlock, std::greater<>> m_bullishFresh;
    std::multimap<Price, OrderBlock> m_bearishFresh;
    std::multimap<Price, OrderBlock, std::greater<>> m_bullishMitigated;
    std::multimap<Price, OrderBlock> m_bearishMitigated;
    std::vector<OrderBlock> m_events;
};

// Clusters of at least `minimumTouches` equal swing highs (or lows).
class LiquidityLevelDetector final {
public:
    LiquidityLevelDetector(int minimumTouches, Tolerance tolerance);

    const std::vector<LiquidityLevel>& update(const Candle& bar,
                                              std::span<const SwingPoint> swings);
    const std::vector<LiquidityLevel>& events() const { return m_events; }
    // Clusters still resting, formed into levels or not.
    std::size_t clusters() const { return m_highs.size() + m_lows.size(); }

private:
    void sweep(const Candle& bar);
    void join(const Candle& bar, const SwingPoint& swing);

    int m_minimumTouches;
    Tolerance m_tolerance;
    BarSequence m_sequence{"liquidity level detector"};
    // Clusters by anchor price.
    std::map<Price, LiquidityLevel> m_highs;
    std::map<Price, LiquidityLevel> m_lows;
    std::vector<LiquidityLevel> m_events;
};

}  // namespace causeway::engine
