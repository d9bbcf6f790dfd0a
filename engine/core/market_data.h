#pragma once

#include <cstdint>
#include <optional>

#include "engine/core/fixed_point.h"
#include "engine/core/metadata.h"
#include "engine/core/symbol.h"
#include "engine/core/timeframe.h"
#include "engine/core/timestamp.h"

namespace causeway::engine {

// The market-data catalog. Every message carries its symbol, its timestamp
// (ns UTC), a type discriminator (so a message read from a queue or a file
// of mixed records says what it is), optional metadata (an interned
// key/value set: source file, venue, feed) and, for bars, its timeframe.
// Layouts are kept small on purpose: a Candle is one cache line, and
// 1 million of them fit DESIGN.md's 64 MB budget.
enum class MessageType : std::uint8_t { kTick = 1, kQuote = 2, kCandle = 3 };

const char* messageTypeName(MessageType type);

// Who initiated a trade, when the feed says so. kUnknown leaves it to the
// tick rule in volume analysis.
enum class AggressorSide : std::uint8_t { kUnknown = 0, kBuy = 1, kSell = 2 };

// One trade print, optionally with the quote around it.
struct Tick {
    static constexpr MessageType kType = MessageType::kTick;

    Symbol symbol;
    MessageType type = kType;
    AggressorSide side = AggressorSide::kUnknown;
    MetadataId metadata = kNoMetadata;
    Timestamp ts = 0;
    Price price;
    // Feeds without sizes (e.g. a price-only FX series) count each print as
    // one unit, as DESIGN.md's resample rule says.
    Quantity size = Quantity::fromInt(1);
    std::optional<Price> bid;
    std::optional<Price> ask;
};

// Top of book.
struct Quote {
    static constexpr MessageType kType = MessageType::kQuote;

    Symbol symbol;
    MessageType type = kType;
    MetadataId metadata = kNoMetadata;
    Timestamp ts = 0;
    Price bid;
    Price ask;
    Quantity bidSize;
    Quantity askSize;

    Price mid() const { return Price::fromRaw((bid.raw() + ask.raw()) / 2); }
    Price spread() const { return ask - bid; }
};

// A closed OHLCV bar. `ts` is the bar's start, aligned to its timeframe.
struct Candle {
    static constexpr MessageType kType = MessageType::kCandle;

    Symbol symbol;
    MessageType type = kType;
    MetadataId metadata = kNoMetadata;
    Timestamp ts = 0;
    Timeframe timeframe;
    Price open;
    Price high;
    Price low;
    Price close;
    Quantity volume;
};

static_assert(sizeof(Candle) == 64, "a Candle is one cache line");
static_assert(sizeof(Tick) <= 64, "a Tick fits one cache line");
static_assert(sizeof(Quote) <= 48);

}  // namespace causeway::engine
