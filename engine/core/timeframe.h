#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/core/timestamp.h"

namespace causeway::engine {

// A bar duration. Zero means "not a fixed timeframe" (ticks).
struct Timeframe {
    std::int64_t nanos = 0;

    // "30s", "1m", "15m", "1h", "4h", "1d", "1w".
    static std::optional<Timeframe> parse(std::string_view text);
    std::string label() const;
    // Bucket start of `ts`, aligned to the UTC epoch.
    Timestamp bucketStart(Timestamp ts) const;

    friend bool operator==(Timeframe, Timeframe) = default;
};

}  // namespace causeway::engine
