#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/core/market_data.h"

// Helpers shared by market_structure.cpp and the detectors built on it;
// internal to engine/indicators, not part of its interface.
namespace causeway::engine::structure_detail {

inline std::string where(const char* owner, std::int64_t index, Timestamp ts) {
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

}  // namespace causeway::engine::structure_detail
