#include "engine/indicators/ema.h"

#include <stdexcept>
#include <string>

namespace causeway::engine {

Ema::Ema(int period) : m_period(period), m_k(2.0 / (period + 1.0)) {
    if (period < 1) {
        throw std::invalid_argument("ema period must be at least 1, got " + std::to_string(period));
    }
}

std::optional<double> Ema::update(double value) {
    ++m_count;
    if (m_count < m_period) {
        m_sum += value;
        return std::nullopt;
    }
    if (m_count == m_period) {
        m_sum += value;
        m_value = m_sum / m_period;
    } else {
        // the operation order of TA-Lib's loop, so results agree to the bit
        m_value = ((value - m_value) * m_k) + m_value;
    }
    return m_value;
}

std::optional<double> Ema::value() const {
    if (m_count < m_period) {
        return std::nullopt;
    }
    return m_value;
}

}  // namespace causeway::engine
