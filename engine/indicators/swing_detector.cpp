#include "engine/indicators/swing_detector.h"

#include <stdexcept>
#include <string>

#include "engine/indicators/structure_detail.h"

namespace causeway::engine {

using structure_detail::stamp;

// ------------------------------------------------------------ SwingDetector

SwingDetector::SwingDetector(int strength, Tolerance tolerance)
    : m_strength(strength), m_tolerance(tolerance) {
    if (strength < 1) {
        throw std::invalid_argument("swing strength must be at least 1, got " +
                                    std::to_string(strength));
    }
    m_ring.resize(static_cast<std::size_t>(2 * strength + 1));
}

const Candle& SwingDetector::at(std::int64_t index) const {
    return m_ring[static_cast<std::size_t>(index) % m_ring.size()];
}

// Strictly above the N bars before, at least as high as the N bars after:
// on a flat top the first bar of the plateau is the swing.
bool SwingDetector::isHigh(std::int64_t i) const {
    const Price high = at(i).high;
    for (std::int64_t j = i - m_strength; j < i; ++j) {
        if (at(j).high >= high) {
            return false;
        }
    }
    for (std::int64_t j = i + 1; j <= i + m_strength; ++j) {
        if (at(j).high > high) {
            return false;
        }
    }
    return true;
}

bool SwingDetector::isLow(std::int64_t i) const {
    const Price low = at(i).low;
    for (std::int64_t j = i - m_strength; j < i; ++j) {
        if (at(j).low <= low) {
            return false;
        }
    }
    for (std::int64_t j = i + 1; j <= i + m_strength; ++j) {
        if (at(j).low < low) {
            return false;
        }
    }
    return true;
}

void SwingDetector::emit(const Candle& bar, const Candle& swingBar, std::int64_t swingIndex,
                         bool high) {
    SwingPoint point;
    stamp(point, bar);
    point.price = high ? swingBar.high : swingBar.low;
    point.barIndex = swingIndex;
    point.barTs = swingBar.ts;
    point.strength = m_strength;
    std::optional<Price>& last = high ? m_lastHigh : m_lastLow;
    point.previous = last;
    if (!last) {
        point.swing = high ? SwingType::kHigh : SwingType::kLow;
    } else if (m_tolerance.equal(*last, point.price)) {
        point.swing = high ? SwingType::kEqualHigh : SwingType::kEqualLow;
    } else if (point.price > *last) {
        point.swing = high ? SwingType::kHigherHigh : SwingType::kHigherLow;
    } else {
        point.swing = high ? SwingType::kLowerHigh : SwingType::kLowerLow;
    }
    last = point.price;
    m_events.push_back(point);
}

const std::vector<SwingPoint>& SwingDetector::update(const Candle& bar) {
    m_events.clear();
    const std::int64_t index = m_sequence.accept(bar);
    m_ring[static_cast<std::size_t>(index) % m_ring.size()] = bar;
    const std::int64_t candidate = index - m_strength;
    if (candidate < m_strength) {
        return m_events;
    }
    if (isHigh(candidate)) {
        emit(bar, at(candidate), candidate, true);
    }
    if (isLow(candidate)) {
        emit(bar, at(candidate), candidate, false);
    }
    return m_events;
}

}  // namespace causeway::engine
