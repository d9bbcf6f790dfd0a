#include "engine/indicators/adx.h"

#include <cmath>

#include "engine/indicators/talib_conventions.h"

namespace causeway::engine {

Adx::Adx(int period)
    : Indicator({{"adx", 2 * period - 1}, {"plus_di", period}, {"minus_di", period}}),
      m_period(period) {
    requirePeriod("adx", period, 2);
}

void Adx::step(const BarInput& bar) {
    const std::int64_t index = m_count++;
    if (index == 0) {
        m_previousHigh = bar.high;
        m_previousLow = bar.low;
        m_previousClose = bar.close;
        return;
    }
    const double up = bar.high - m_previousHigh;
    const double down = m_previousLow - bar.low;
    const double plusDm = (up > 0 && up > down) ? up : 0.0;
    const double minusDm = (down > 0 && up < down) ? down : 0.0;
    const double range = talib::trueRange(bar.high, bar.low, m_previousClose);
    m_previousHigh = bar.high;
    m_previousLow = bar.low;
    m_previousClose = bar.close;
    if (index < m_period) {
        m_plusDm += plusDm;
        m_minusDm += minusDm;
        m_trueRange += range;
        return;
    }
    m_plusDm = m_plusDm - m_plusDm / m_period + plusDm;
    m_minusDm = m_minusDm - m_minusDm / m_period + minusDm;
    m_trueRange = m_trueRange - m_trueRange / m_period + range;
    directionalIndex();
}

void Adx::directionalIndex() {
    const std::int64_t index = m_count - 1;
    const bool flat = talib::isZero(m_trueRange);
    const double plusDi = flat ? 0.0 : 100.0 * (m_plusDm / m_trueRange);
    const double minusDi = flat ? 0.0 : 100.0 * (m_minusDm / m_trueRange);
    publish(1, plusDi);
    publish(2, minusDi);

    std::optional<double> dx;
    if (!flat && !talib::isZero(minusDi + plusDi)) {
        dx = 100.0 * (std::fabs(minusDi - plusDi) / (minusDi + plusDi));
    }
    if (index < 2 * m_period - 1) {
        m_dxSum += dx.value_or(0.0);
        return;
    }
    if (index == 2 * m_period - 1) {
        m_dxSum += dx.value_or(0.0);
        m_adx = m_dxSum / m_period;
    } else if (dx) {
        m_adx = (m_adx * (m_period - 1) + *dx) / m_period;
    }
    publish(0, m_adx);
}

}  // namespace causeway::engine
