#include "engine/indicators/donchian_channel.h"

namespace causeway::engine {

DonchianChannel::DonchianChannel(int period)
    : Indicator({{"upper", period - 1}, {"middle", period - 1}, {"lower", period - 1}}),
      m_highest(requirePeriod("donchian", period)),
      m_lowest(static_cast<std::size_t>(period)) {}

void DonchianChannel::step(const BarInput& bar) {
    m_highest.push(bar.high);
    m_lowest.push(bar.low);
    if (!m_highest.full()) {
        return;
    }
    const double upper = m_highest.value();
    const double lower = m_lowest.value();
    publish(0, upper);
    publish(1, (upper + lower) / 2.0);
    publish(2, lower);
}

}  // namespace causeway::engine
