#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "engine/indicators/market_structure.h"

namespace causeway::engine {

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

}  // namespace causeway::engine
