#include "engine/indicators/parabolic_sar.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace causeway::engine {

ParabolicSar::ParabolicSar(double acceleration, double maximum)
    : Indicator({{std::string(), 1}}), m_acceleration(acceleration), m_maximum(maximum) {
    if (!(acceleration > 0.0) || !std::isfinite(maximum) || maximum < acceleration) {
        throw std::invalid_argument("sar needs 0 < acceleration <= maximum");
    }
}

void ParabolicSar::step(const BarInput& bar) {
    const std::int64_t index = m_count++;
    if (index == 0) {
        m_high = bar.high;
        m_low = bar.low;
        return;
    }
    if (index == 1) {
        start(bar);
    }
    const double previousHigh = m_high;
    const double previousLow = m_low;
    m_high = bar.high;
    m_low = bar.low;
    if (m_long) {
        advanceLong(previousHigh, previousLow);
    } else {
        advanceShort(previousHigh, previousLow);
    }
}

// The direction from the first two bars; the second bar then counts as its
// own previous bar, as in TA-Lib.
void ParabolicSar::start(const BarInput& bar) {
    const double up = bar.high - m_high;
    const double down = m_low - bar.low;
    const bool fell = down > 0 && up < down;
    m_long = !fell;
    m_af = m_acceleration;
    m_extreme = m_long ? bar.high : bar.low;
    m_sar = m_long ? m_low : m_high;
    m_high = bar.high;
    m_low = bar.low;
}

void ParabolicSar::advanceLong(double previousHigh, double previousLow) {
    if (m_low <= m_sar) {
        // reverse to short: the SAR jumps to the extreme point
        m_long = false;
        m_sar = std::max({m_extreme, previousHigh, m_high});
        publish(0, m_sar);
        m_af = m_acceleration;
        m_extreme = m_low;
        m_sar = std::max({m_sar + m_af * (m_extreme - m_sar), previousHigh, m_high});
        return;
    }
    publish(0, m_sar);
    if (m_high > m_extreme) {
        m_extreme = m_high;
        m_af = std::min(m_af + m_acceleration, m_maximum);
    }
    m_sar = std::min({m_sar + m_af * (m_extreme - m_sar), previousLow, m_low});
}

void ParabolicSar::advanceShort(double previousHigh, double previousLow) {
    if (m_high >= m_sar) {
        // reverse to long
        m_long = true;
        m_sar = std::min({m_extreme, previousLow, m_low});
        publish(0, m_sar);
        m_af = m_acceleration;
        m_extreme = m_high;
        m_sar = std::min({m_sar + m_af * (m_extreme - m_sar), previousLow, m_low});
        return;
    }
    publish(0, m_sar);
    if (m_low < m_extreme) {
        m_extreme = m_low;
        m_af = std::min(m_af + m_acceleration, m_maximum);
    }
    m_sar = std::max({m_sar + m_af * (m_extreme - m_sar), previousHigh, m_high});
}

}  // namespace causeway::engine
