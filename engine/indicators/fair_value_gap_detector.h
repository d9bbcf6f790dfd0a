#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <vector>

#include "engine/indicators/market_structure.h"

namespace causeway::engine {

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

}  // namespace causeway::engine
