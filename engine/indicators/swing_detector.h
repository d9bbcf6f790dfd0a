#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/indicators/market_structure.h"

namespace causeway::engine {

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

}  // namespace causeway::engine
