#include "engine/indicators/wma.h"

#include <cstdint>

#include "engine/indicators/indicator.h"

namespace causeway::engine {

Wma::Wma(int period)
    : m_period(period),
      m_divider(static_cast<double>(std::int64_t{period} * (std::int64_t{period} + 1) / 2)),
      m_window(requirePeriod("wma", period)) {}

std::optional<double> Wma::update(double value) {
    m_window.push(value);
    m_plainSum += value;
    if (!m_window.full()) {
        m_weightedSum += value * static_cast<double>(m_window.size());
        return std::nullopt;
    }
    m_plainSum -= m_trailing;
    m_weightedSum += value * m_period;
    m_trailing = m_window.oldest();
    const double average = m_weightedSum / m_divider;
    m_weightedSum -= m_plainSum;
    return average;
}

}  // namespace causeway::engine
