#include "engine/indicators/rsi.h"

#include "engine/indicators/indicator.h"
#include "engine/indicators/talib_conventions.h"

namespace causeway::engine {

Rsi::Rsi(int period) : m_period(period) {
    requirePeriod("rsi", period, 2);
}

std::optional<double> Rsi::update(double value) {
    const double change = value - m_previous;
    m_previous = value;
    ++m_count;
    if (m_count == 1) {
        return std::nullopt;
    }
    if (m_count > m_period + 1) {
        m_loss *= static_cast<double>(m_period - 1);
        m_gain *= static_cast<double>(m_period - 1);
    }
    // Adding 0.0 to the other side changes nothing, so this equals TA-Lib's
    // if/else; without the branch an up or down bar costs no misprediction.
    const bool down = change < 0.0;
    m_loss -= down ? change : 0.0;
    m_gain += down ? 0.0 : change;
    if (m_count <= m_period) {
        return std::nullopt;
    }
    m_loss /= static_cast<double>(m_period);
    m_gain /= static_cast<double>(m_period);
    return output();
}

double Rsi::output() const {
    const double total = m_gain + m_loss;
    return talib::isZero(total) ? 0.0 : 100.0 * (m_gain / total);
}

}  // namespace causeway::engine
