#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace causeway::engine {

// Nanoseconds since the Unix epoch, UTC. The engine never reads the wall
// clock directly; see Clock.
using Timestamp = std::int64_t;

inline constexpr Timestamp kNanosPerSecond = 1'000'000'000;
inline constexpr Timestamp kNanosPerDay = 86'400 * kNanosPerSecond;

struct CivilTime {
    int year = 1970;
    int month = 1;
    int day = 1;
    int hour = 0;
    int minute = 0;
    int second = 0;
    std::int64_t nanos = 0;
};

Timestamp fromCivil(const CivilTime& civil);
CivilTime toCivil(Timestamp ts);

// "2000-09-27T00:00:00Z"; fractional seconds only when present.
std::string formatIso8601(Timestamp ts);
// "20000927_000000", as used inside ORD_/FIL_ ids.
std::string formatCompact(Timestamp ts);

// ISO 8601 date ("2000-09-27") or date-time with 'T' or ' ' separator,
// optional fraction and optional 'Z' or +hh:mm offset; or integer epoch
// seconds, milliseconds, microseconds or nanoseconds told apart by magnitude.
std::optional<Timestamp> parseTimestamp(std::string_view text);

}  // namespace causeway::engine
