#include "engine/indicators/sma.h"

#include "engine/indicators/indicator.h"

namespace causeway::engine {

Sma::Sma(int period) : m_period(period), m_window(requirePeriod("sma", period)) {}

std::optional<double> Sma::update(double value) {
    m_window.push(value);
    m_sum += value;
    if (!m_window.full()) {
        return std::nullopt;
    }
    const double mean = m_sum / m_period;
    // the value that leaves with the next update: the oldest of this window
    m_sum -= m_window.oldest();
    return mean;
}

}  // namespace causeway::engine
