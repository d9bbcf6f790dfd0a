#include "engine/indicators/liquidity_level_detector.h"

#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <string>

#include "engine/indicators/structure_detail.h"

namespace causeway::engine {

using structure_detail::checkSameBar;
using structure_detail::stamp;

// --------------------------------------------------- LiquidityLevelDetector

LiquidityLevelDetector::LiquidityLevelDetector(int minimumTouches, Tolerance tolerance)
    : m_minimumTouches(minimumTouches), m_tolerance(tolerance) {
    if (minimumTouches < 2) {
        throw std::invalid_argument("a liquidity level needs at least 2 touches, got " +
                                    std::to_string(minimumTouches));
    }
}

// A cluster is swept by a bar trading beyond its band; only a cluster that
// had become a level reports it.
void LiquidityLevelDetector::sweep(const Candle& bar) {
    while (!m_highs.empty() && m_highs.begin()->second.bandHigh < bar.high) {
        LiquidityLevel level = m_highs.begin()->second;
        m_highs.erase(m_highs.begin());
        if (level.touches >= m_minimumTouches) {
            stamp(level, bar);
            level.status = LiquidityStatus::kSwept;
            m_events.push_back(level);
        }
    }
    while (!m_lows.empty() && std::prev(m_lows.end())->second.bandLow > bar.low) {
        LiquidityLevel level = std::prev(m_lows.end())->second;
        m_lows.erase(std::prev(m_lows.end()));
        if (level.touches >= m_minimumTouches) {
            stamp(level, bar);
            level.status = LiquidityStatus::kSwept;
            m_events.push_back(level);
        }
    }
}

// A swing joins the cluster whose anchor is nearest to its price (ties: the
// lower anchor) when that cluster's band holds the price; otherwise it
// anchors a new cluster.
void LiquidityLevelDetector::join(const Candle& bar, const SwingPoint& swing) {
    const bool high = swing.isHigh();
    std::map<Price, LiquidityLevel>& clusters = high ? m_highs : m_lows;
    const Price p = swing.price;
    auto nearest = clusters.end();
    auto above = clusters.lower_bound(p);
    if (above != clusters.begin()) {
        nearest = std::prev(above);
    }
    if (above != clusters.end() &&
        (nearest == clusters.end() || above->first - p < p - nearest->first)) {
        nearest = above;
    }
    if (nearest != clusters.end() && m_tolerance.equal(nearest->first, p)) {
        LiquidityLevel& level = nearest->second;
        ++level.touches;
        level.price = high ? std::max(level.price, p) : std::min(level.price, p);
        level.barIndex = swing.barIndex;
        if (level.touches >= m_minimumTouches) {
            LiquidityLevel event = level;
            stamp(event, bar);
            event.status = level.touches == m_minimumTouches ? LiquidityStatus::kFormed
                                                             : LiquidityStatus::kTouched;
            m_events.push_back(event);
        }
        return;
    }
    LiquidityLevel level;
    stamp(level, bar);
    level.side = high ? LiquiditySide::kBuySide : LiquiditySide::kSellSide;
    level.price = p;
    level.anchor = p;
    const Price allowance = m_tolerance.allowance(p);
    level.bandLow = p - allowance;
    level.bandHigh = p + allowance;
    level.touches = 1;
    level.firstIndex = swing.barIndex;
    level.barIndex = swing.barIndex;
    clusters.emplace(p, level);
}

const std::vector<LiquidityLevel>& LiquidityLevelDetector::update(
    const Candle& bar, std::span<const SwingPoint> swings) {
    m_events.clear();
    const std::int64_t index = m_sequence.accept(bar);
    checkSameBar("liquidity level detector", "swing", bar, index, swings);
    sweep(bar);
    for (const SwingPoint& swing : swings) {
        join(bar, swing);
    }
    return m_events;
}

}  // namespace causeway::engine
