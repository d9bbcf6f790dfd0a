#include "engine/indicators/williams_r.h"

namespace causeway::engine {

WilliamsR::WilliamsR(int period)
    : Indicator({{std::string(), period - 1}}),
      m_highest(requirePeriod("willr", period, 2)),
      m_lowest(static_cast<std::size_t>(period)) {}

void WilliamsR::step(const BarInput& bar) {
    m_highest.push(bar.high);
    m_lowest.push(bar.low);
    if (!m_highest.full()) {
        return;
    }
    const double highest = m_highest.value();
    const double diff = (highest - m_lowest.value()) / (-100.0);
    publish(0, diff != 0.0 ? (highest - bar.close) / diff : 0.0);
}

}  // namespace causeway::engine
