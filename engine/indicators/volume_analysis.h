#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/core/market_data.h"

namespace causeway::engine {

// Volume analysis from trades (reference 002's catalog): DeltaVolume,
// CumulativeDelta, VolumeProfile and Footprint, each with the catalog's
// common fields (symbol, type discriminator, metadata, timestamp, timeframe).
// Quantities are exact; the definitions are in README.md ("Volume analysis").
enum class VolumeType : std::uint8_t {
    kDeltaVolume = 1,
    kCumulativeDelta = 2,
    kVolumeProfile = 3,
    kFootprint = 4,
};

const char* volumeTypeName(VolumeType type);

enum class TradeSide : std::uint8_t { kUnclassified = 0, kBuy = 1, kSell = 2 };

const char* tradeSideName(TradeSide side);

// Who initiated each trade. Precedence: the feed's aggressor side; then,
// when enabled and the tick carries an uncrossed bid and ask, the quote
// rule (at or above the ask: buy; at or below the bid: sell); then the tick
// rule (above the previous trade: buy; below: sell; same price: the
// previous trade's side). A trade none of these decides is unclassified.
class TradeClassifier final {
public:
    explicit TradeClassifier(bool useQuoteRule = true) : m_useQuoteRule(useQuoteRule) {}
    TradeSide classify(const Tick& tick);

private:
    bool m_useQuoteRule;
    std::optional<Price> m_lastPrice;
    TradeSide m_lastSide = TradeSide::kUnclassified;
};

// Checks that an analyser's ticks are one series: one symbol, time never
// going back, sizes not negative. Throws std::invalid_argument naming the
// analyser, the tick and the defect.
class TickSequence final {
public:
    explicit TickSequence(const char* owner) : m_owner(owner) {}
    void accept(const Tick& tick);
    std::int64_t count() const { return m_count; }

private:
    const char* m_owner;
    Symbol m_symbol;
    Timestamp m_last = 0;
    std::int64_t m_count = 0;
};

// Buy and sell volume of one bar.
struct DeltaVolume {
    static constexpr VolumeType kType = VolumeType::kDeltaVolume;

    Symbol symbol;
    VolumeType type = kType;
    MetadataId metadata = kNoMetadata;
    Timestamp ts = 0;  // the bar's start, aligned to the timeframe
    Timeframe timeframe;
    Quantity buyVolume;
    Quantity sellVolume;
    Quantity unclassifiedVolume;  // left out of the delta
    Quantity delta;               // buy - sell
    std::int64_t trades = 0;
    std::int64_t unclassifiedTrades = 0;
};

struct CumulativeDelta {
    static constexpr VolumeType kType = VolumeType::kCumulativeDelta;

    Symbol symbol;
    VolumeType type = kType;
    MetadataId metadata = kNoMetadata;
    Timestamp ts = 0;  // the bar's start
    Timeframe timeframe;
    Quantity delta;        // this bar's
    Quantity cumulative;   // since `anchor`, this bar included
    Timestamp anchor = 0;  // the session start, or the first bar's when never reset
};

struct VolumeLevel {
    Price price;  // the bucket's lower edge: it holds [price, price + bucket size)
    Quantity volume;
};

struct VolumeProfile {
    static constexpr VolumeType kType = VolumeType::kVolumeProfile;

    Symbol symbol;
    VolumeType type = kType;
    MetadataId metadata = kNoMetadata;
    Timestamp ts = 0;     // the session start (the first trade's time when unbounded)
    Timeframe timeframe;  // the session length; zero for one unbounded session
    Price bucketSize;
    std::vector<VolumeLevel> levels;  // buckets with volume, lowest price first
    Quantity totalVolume;
    // Empty while the profile holds no volume.
    std::optional<Price> meanPrice;  // volume-weighted, rounded half away from zero
    std::optional<Price> pointOfControl;
    std::optional<Price> valueAreaLow;   // lowest bucket of the value area
    std::optional<Price> valueAreaHigh;  // highest bucket of the value area
    Quantity valueAreaVolume;
};

struct FootprintLevel {
    Price price;         // the bucket's lower edge
    Quantity bidVolume;  // sells, hitting the bid
    Quantity askVolume;  // buys, lifting the ask
    Quantity unclassifiedVolume;
    Quantity delta;              // ask - bid
    bool buyImbalance = false;   // ask volume here against bid volume one bucket lower
    bool sellImbalance = false;  // bid volume here against ask volume one bucket higher
};

struct Footprint {
    static constexpr VolumeType kType = VolumeType::kFootprint;

    Symbol symbol;
    VolumeType type = kType;
    MetadataId metadata = kNoMetadata;
    Timestamp ts = 0;  // the bar's start
    Timeframe timeframe;
    Price bucketSize;
    std::vector<FootprintLevel> levels;  // lowest price first
    Quantity buyVolume;
    Quantity sellVolume;
    Quantity unclassifiedVolume;
    Quantity delta;
};

// The tick-fed builders return the bar (or session) that a tick closes,
// when a tick of a later bucket arrives; flush() returns the one still open.
// Buckets without trades produce nothing.

class DeltaVolumeBuilder final {
public:
    explicit DeltaVolumeBuilder(Timeframe timeframe, bool useQuoteRule = true);

    std::optional<DeltaVolume> update(const Tick& tick);
    std::optional<DeltaVolume> flush();
    const std::optional<DeltaVolume>& current() const { return m_bar; }

private:
    Timeframe m_timeframe;
    TradeClassifier m_classifier;
    TickSequence m_sequence{"delta volume"};
    std::optional<DeltaVolume> m_bar;
};

// Running delta over DeltaVolume bars, restarted at each session start
// (epoch-aligned UTC buckets of `session`; a zero session never restarts).
class CumulativeDeltaTracker final {
public:
    explicit CumulativeDeltaTracker(Timeframe session = {});

    CumulativeDelta update(const DeltaVolume& bar);

private:
    Timeframe m_session;
    Symbol m_symbol;
    Timestamp m_last = 0;
    bool m_started = false;
    Timestamp m_anchor = 0;
    Quantity m_cumulative;
};

class VolumeProfileBuilder final {
public:
    // `valueAreaPercent` of the session's volume (1..100) makes the value area.
    explicit VolumeProfileBuilder(Price bucketSize, Timeframe session = {},
                                  int valueAreaPercent = 70);

    std::optional<VolumeProfile> update(const Tick& tick);
    std::optional<VolumeProfile> flush();
    // The profile of the session so far: O(buckets).
    VolumeProfile snapshot() const;

private:
    __extension__ typedef __int128 Wide;  // price x size sums

    Price m_bucketSize;
    Timeframe m_session;
    int m_valueAreaPercent;
    TickSequence m_sequence{"volume profile"};
    bool m_open = false;
    Symbol m_symbol;
    MetadataId m_metadata = kNoMetadata;
    Timestamp m_start = 0;
    std::vector<VolumeLevel> m_levels;
    std::size_t m_hint = 0;
    Quantity m_total;
    Wide m_priceVolume = 0;
};

class FootprintBuilder final {
public:
    // `imbalancePercent`: a level's buy (sell) volume at least this percent
    // of the diagonal sell (buy) volume flags an imbalance; 0 turns flags off.
    FootprintBuilder(Timeframe timeframe, Price bucketSize, int imbalancePercent = 0,
                     bool useQuoteRule = true);

    std::optional<Footprint> update(const Tick& tick);
    std::optional<Footprint> flush();

private:
    Footprint close();

    Timeframe m_timeframe;
    Price m_bucketSize;
    int m_imbalancePercent;
    TradeClassifier m_classifier;
    TickSequence m_sequence{"footprint"};
    bool m_open = false;
    Footprint m_bar;
    std::size_t m_hint = 0;
};

// The bucket holding `price`: floor(price / size) * size, exactly.
Price bucketOf(Price price, Price size);

}  // namespace causeway::engine
