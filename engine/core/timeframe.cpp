#include "engine/core/timeframe.h"

#include <array>
#include <charconv>
#include <utility>

namespace causeway::engine {

namespace {
constexpr std::array<std::pair<char, std::int64_t>, 5> kUnits{{
    {'w', 7 * kNanosPerDay},
    {'d', kNanosPerDay},
    {'h', 3'600 * kNanosPerSecond},
    {'m', 60 * kNanosPerSecond},
    {'s', kNanosPerSecond},
}};
}

std::optional<Timeframe> Timeframe::parse(std::string_view text) {
    if (text.size() < 2) {
        return std::nullopt;
    }
    std::int64_t count = 0;
    const auto* end = text.data() + text.size() - 1;
    const auto [ptr, ec] = std::from_chars(text.data(), end, count);
    if (ec != std::errc{} || ptr != end || count <= 0) {
        return std::nullopt;
    }
    for (const auto& [unit, nanos] : kUnits) {
        if (text.back() == unit) {
            return Timeframe{count * nanos};
        }
    }
    return std::nullopt;
}

std::string Timeframe::label() const {
    if (nanos <= 0) {
        return "tick";
    }
    for (const auto& [unit, unitNanos] : kUnits) {
        if (nanos % unitNanos == 0) {
            return std::to_string(nanos / unitNanos) + unit;
        }
    }
    return std::to_string(nanos) + "ns";
}

Timestamp Timeframe::bucketStart(Timestamp ts) const {
    if (nanos <= 0) {
        return ts;
    }
    Timestamp start = ts / nanos * nanos;
    if (start > ts) {
        start -= nanos;
    }
    return start;
}

}  // namespace causeway::engine
