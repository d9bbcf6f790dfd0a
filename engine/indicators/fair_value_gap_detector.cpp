#include "engine/indicators/fair_value_gap_detector.h"

#include <stdexcept>
#include <string>

#include "engine/indicators/structure_detail.h"

namespace causeway::engine {

using structure_detail::sortByBar;
using structure_detail::stamp;

// ----------------------------------------------------- FairValueGapDetector

FairValueGapDetector::FairValueGapDetector(Price minimumSize) : m_minimumSize(minimumSize) {
    if (minimumSize < Price{}) {
        throw std::invalid_argument("minimum gap size must not be negative, got " +
                                    minimumSize.toString());
    }
}

void FairValueGapDetector::fillBullish(const Candle& bar) {
    m_partial.clear();
    auto it = m_bullish.begin();
    while (it != m_bullish.end() && it->first > bar.low) {
        FairValueGap gap = it->second;
        it = m_bullish.erase(it);
        stamp(gap, bar);
        if (bar.low <= gap.low) {
            gap.status = GapStatus::kFilled;
            gap.fillLevel = gap.low;
        } else {
            gap.status = GapStatus::kPartiallyFilled;
            gap.fillLevel = bar.low;
            m_partial.push_back(gap);
        }
        m_events.push_back(gap);
    }
    for (const FairValueGap& gap : m_partial) {
        m_bullish.emplace(gap.fillLevel, gap);
    }
}

void FairValueGapDetector::fillBearish(const Candle& bar) {
    m_partial.clear();
    auto it = m_bearish.begin();
    while (it != m_bearish.end() && it->first < bar.high) {
        FairValueGap gap = it->second;
        it = m_bearish.erase(it);
        stamp(gap, bar);
        if (bar.high >= gap.high) {
            gap.status = GapStatus::kFilled;
            gap.fillLevel = gap.high;
        } else {
            gap.status = GapStatus::kPartiallyFilled;
            gap.fillLevel = bar.high;
            m_partial.push_back(gap);
        }
        m_events.push_back(gap);
    }
    for (const FairValueGap& gap : m_partial) {
        m_bearish.emplace(gap.fillLevel, gap);
    }
}

void FairValueGapDetector::detect(const Candle& bar, std::int64_t index) {
    FairValueGap gap;
    stamp(gap, bar);
    gap.status = GapStatus::kOpened;
    gap.barIndex = index - 1;
    gap.barTs = m_b.ts;
    if (bar.low > m_a.high && bar.low - m_a.high >= m_minimumSize) {
        gap.direction = Direction::kBullish;
        gap.low = m_a.high;
        gap.high = bar.low;
        gap.fillLevel = gap.high;
        m_bullish.emplace(gap.high, gap);
        m_events.push_back(gap);
    } else if (bar.high < m_a.low && m_a.low - bar.high >= m_minimumSize) {
        gap.direction = Direction::kBearish;
        gap.low = bar.high;
        gap.high = m_a.low;
        gap.fillLevel = gap.low;
        m_bearish.emplace(gap.low, gap);
        m_events.push_back(gap);
    }
}

const std::vector<FairValueGap>& FairValueGapDetector::update(const Candle& bar) {
    m_events.clear();
    const std::int64_t index = m_sequence.accept(bar);
    fillBullish(bar);
    fillBearish(bar);
    sortByBar(m_events, 0);
    if (index >= 2) {
        detect(bar, index);
    }
    m_a = m_b;
    m_b = bar;
    return m_events;
}

}  // namespace causeway::engine
