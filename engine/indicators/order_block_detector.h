#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "engine/indicators/market_structure.h"

namespace causeway::engine {

// Order blocks at each structure break, then their mitigation and breaking.
class OrderBlockDetector final {
public:
    // `swingStrength` is the strength of the SwingDetector whose swings and
    // breaks arrive here: the bars between a swing and its confirmation are
    // kept to start the leg that follows it.
    explicit OrderBlockDetector(int swingStrength);

    const std::vector<OrderBlock>& update(const Candle& bar, std::span<const SwingPoint> swings,
                                          std::span<const StructureBreak> breaks);
    const std::vector<OrderBlock>& events() const { return m_events; }
    int swingStrength() const { return m_strength; }
    std::size_t activeBlocks() const;

private:
    // The leg after a swing: its extreme (lowest low after a swing high,
    // highest high after a swing low; ties to the later bar) and the last
    // opposite candle at or before that extreme.
    struct Leg {
        std::optional<std::int64_t> swingIndex;
        bool started = false;
        Price extreme;
        std::optional<Candle> lastOpposite;
        std::int64_t lastOppositeIndex = 0;
        std::optional<Candle> block;
        std::int64_t blockIndex = 0;
    };

    static void extend(Leg& leg, const Candle& bar, std::int64_t index, Direction blocks);
    void restart(Leg& leg, std::int64_t swingIndex, Direction blocks) const;
    void form(const Candle& bar, std::int64_t index, const StructureBreak& brk);
    void mitigate(const Candle& bar);
    void breakMitigated(const Candle& bar);

    int m_strength;
    BarSequence m_sequence{"order block detector"};
    std::vector<Candle> m_ring;  // the last N bars
    Leg m_afterHigh;             // feeds bullish blocks
    Leg m_afterLow;              // feeds bearish blocks
    std::optional<std::int64_t> m_lastBullish;
    std::optional<std::int64_t> m_lastBearish;
    // Unmitigated blocks by the edge price must reach; mitigated ones by
    // the far edge a close must cross to break them.
    std::multimap<Price, OrderBlock, std::greater<>> m_bullishFresh;
    std::multimap<Price, OrderBlock> m_bearishFresh;
    std::multimap<Price, OrderBlock, std::greater<>> m_bullishMitigated;
    std::multimap<Price, OrderBlock> m_bearishMitigated;
    std::vector<OrderBlock> m_events;
};

}  // namespace causeway::engine
