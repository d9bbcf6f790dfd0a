#include "engine/indicators/average_true_range.h"

#include "engine/indicators/talib_conventions.h"

namespace causeway::engine {

AverageTrueRange::AverageTrueRange(int period)
    : Indicator({{std::string(), period}}), m_period(period) {
    requirePeriod("atr", period);
}

void AverageTrueRange::step(const BarInput& bar) {
    const std::int64_t index = m_count++;
    const double previousClose = m_previousClose;
    m_previousClose = bar.close;
    if (index == 0) {
        return;
    }
    const double range = talib::trueRange(bar.high, bar.low, previousClose);
    if (m_period == 1) {
        publish(0, range);
        return;
    }
    if (index < m_period) {
        m_atr += range;
        return;
    }
    if (index == m_period) {
        m_atr = (m_atr + range) / m_period;
    } else {
        m_atr = (m_atr * (m_period - 1) + range) / m_period;
    }
    publish(0, m_atr);
}

}  // namespace causeway::engine
