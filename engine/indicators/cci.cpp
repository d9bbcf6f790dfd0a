#include "engine/indicators/cci.h"

#include <cmath>

namespace causeway::engine {

Cci::Cci(int period)
    : Indicator({{std::string(), period - 1}}), m_slots(requirePeriod("cci", period, 2)) {}

void Cci::step(const BarInput& bar) {
    const double typical = (bar.high + bar.low + bar.close) / 3;
    m_slots[m_next] = typical;
    m_next = m_next + 1 == m_slots.size() ? 0 : m_next + 1;
    if (++m_count < m_slots.size()) {
        return;
    }
    const double period = static_cast<double>(m_slots.size());
    double mean = 0.0;
    for (const double value : m_slots) {
        mean += value;
    }
    mean /= period;
    double deviation = 0.0;
    for (const double value : m_slots) {
        deviation += std::fabs(value - mean);
    }
    const double distance = typical - mean;
    publish(0,
            distance != 0.0 && deviation != 0.0 ? distance / (0.015 * (deviation / period)) : 0.0);
}

}  // namespace causeway::engine
