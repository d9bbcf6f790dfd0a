#include "engine/indicators/order_block_detector.h"

#include <stdexcept>
#include <string>

#include "engine/indicators/structure_detail.h"

namespace causeway::engine {

using structure_detail::checkSameBar;
using structure_detail::sortByBar;
using structure_detail::stamp;
using structure_detail::where;

namespace {

bool bullishCandle(const Candle& bar) {
    return bar.close > bar.open;
}

bool bearishCandle(const Candle& bar) {
    return bar.close < bar.open;
}

}  // namespace

// ------------------------------------------------------- OrderBlockDetector

OrderBlockDetector::OrderBlockDetector(int swingStrength) : m_strength(swingStrength) {
    if (swingStrength < 1) {
        throw std::invalid_argument("swing strength must be at least 1, got " +
                                    std::to_string(swingStrength));
    }
    m_ring.resize(static_cast<std::size_t>(swingStrength));
}

std::size_t OrderBlockDetector::activeBlocks() const {
    return m_bullishFresh.size() + m_bearishFresh.size() + m_bullishMitigated.size() +
           m_bearishMitigated.size();
}

// Bullish blocks come from the leg after a swing high: its lowest low and
// the last bearish candle up to it. Bearish blocks mirror that.
void OrderBlockDetector::extend(Leg& leg, const Candle& bar, std::int64_t index, Direction blocks) {
    const bool bullish = blocks == Direction::kBullish;
    if (bullish ? bearishCandle(bar) : bullishCandle(bar)) {
        leg.lastOpposite = bar;
        leg.lastOppositeIndex = index;
    }
    const Price extreme = bullish ? bar.low : bar.high;
    if (!leg.started || (bullish ? extreme <= leg.extreme : extreme >= leg.extreme)) {
        leg.started = true;
        leg.extreme = extreme;
        leg.block = leg.lastOpposite;
        leg.blockIndex = leg.lastOppositeIndex;
    }
}

void OrderBlockDetector::restart(Leg& leg, std::int64_t swingIndex, Direction blocks) const {
    leg = Leg{};
    leg.swingIndex = swingIndex;
    const std::int64_t newest = m_sequence.count() - 1;
    for (std::int64_t i = swingIndex + 1; i <= newest; ++i) {
        extend(leg, m_ring[static_cast<std::size_t>(i) % m_ring.size()], i, blocks);
    }
}

void OrderBlockDetector::form(const Candle& bar, std::int64_t index, const StructureBreak& brk) {
    const bool bullish = brk.direction == Direction::kBullish;
    const Leg& leg = bullish ? m_afterHigh : m_afterLow;
    if (!leg.swingIndex || *leg.swingIndex != brk.swingIndex) {
        throw std::invalid_argument(
            where("order block detector", index, bar.ts) + ": a break of the swing at bar " +
            std::to_string(brk.swingIndex) + " but the latest swing " + (bullish ? "high" : "low") +
            " is " + (leg.swingIndex ? "at bar " + std::to_string(*leg.swingIndex) : "none"));
    }
    std::optional<std::int64_t>& last = bullish ? m_lastBullish : m_lastBearish;
    if (!leg.block || (last && leg.blockIndex <= *last)) {
        return;
    }
    last = leg.blockIndex;
    OrderBlock block;
    stamp(block, bar);
    block.direction = brk.direction;
    block.status = BlockStatus::kFormed;
    block.low = leg.block->low;
    block.high = leg.block->high;
    block.barIndex = leg.blockIndex;
    block.barTs = leg.block->ts;
    block.breakIndex = index;
    if (bullish) {
        m_bullishFresh.emplace(block.high, block);
    } else {
        m_bearishFresh.emplace(block.low, block);
    }
    m_events.push_back(block);
}

void OrderBlockDetector::mitigate(const Candle& bar) {
    const std::size_t from = m_events.size();
    for (auto it = m_bullishFresh.begin(); it != m_bullishFresh.end() && bar.low <= it->first;) {
        OrderBlock block = it->second;
        it = m_bullishFresh.erase(it);
        stamp(block, bar);
        block.status = BlockStatus::kMitigated;
        m_bullishMitigated.emplace(block.low, block);
        m_events.push_back(block);
    }
    for (auto it = m_bearishFresh.begin(); it != m_bearishFresh.end() && bar.high >= it->first;) {
        OrderBlock block = it->second;
        it = m_bearishFresh.erase(it);
        stamp(block, bar);
        block.status = BlockStatus::kMitigated;
        m_bearishMitigated.emplace(block.high, block);
        m_events.push_back(block);
    }
    sortByBar(m_events, from);
}

void OrderBlockDetector::breakMitigated(const Candle& bar) {
    const std::size_t from = m_events.size();
    for (auto it = m_bullishMitigated.begin();
         it != m_bullishMitigated.end() && bar.close < it->first;) {
        OrderBlock block = it->second;
        it = m_bullishMitigated.erase(it);
        stamp(block, bar);
        block.status = BlockStatus::kBroken;
        m_events.push_back(block);
    }
    for (auto it = m_bearishMitigated.begin();
         it != m_bearishMitigated.end() && bar.close > it->first;) {
        OrderBlock block = it->second;
        it = m_bearishMitigated.erase(it);
        stamp(block, bar);
        block.status = BlockStatus::kBroken;
        m_events.push_back(block);
    }
    sortByBar(m_events, from);
}

const std::vector<OrderBlock>& OrderBlockDetector::update(const Candle& bar,
                                                          std::span<const SwingPoint> swings,
                                                          std::span<const StructureBreak> breaks) {
    m_events.clear();
    const std::int64_t index = m_sequence.accept(bar);
    checkSameBar("order block detector", "swing", bar, index, swings);
    checkSameBar("order block detector", "structure break", bar, index, breaks);
    for (const SwingPoint& swing : swings) {
        if (swing.strength != m_strength || swing.barIndex != index - m_strength) {
            throw std::invalid_argument(where("order block detector", index, bar.ts) +
                                        ": a swing of bar " + std::to_string(swing.barIndex) +
                                        " with strength " + std::to_string(swing.strength) +
                                        ", expected the swing of bar " +
                                        std::to_string(index - m_strength) + " with strength " +
                                        std::to_string(m_strength));
        }
    }
    // Blocks formed earlier first: a block is tested from the bar after
    // the break that formed it.
    mitigate(bar);
    breakMitigated(bar);
    for (const StructureBreak& brk : breaks) {
        form(bar, index, brk);
    }
    m_ring[static_cast<std::size_t>(index) % m_ring.size()] = bar;
    extend(m_afterHigh, bar, index, Direction::kBullish);
    extend(m_afterLow, bar, index, Direction::kBearish);
    for (const SwingPoint& swing : swings) {
        if (swing.isHigh()) {
            restart(m_afterHigh, swing.barIndex, Direction::kBullish);
        } else {
            restart(m_afterLow, swing.barIndex, Direction::kBearish);
        }
    }
    return m_events;
}

}  // namespace causeway::engine
