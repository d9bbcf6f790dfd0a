#pragma once

#include <cstddef>
#include <map>
#include <span>
#include <vector>

#include "engine/indicators/market_structure.h"

namespace causeway::engine {

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
