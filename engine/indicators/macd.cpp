#include "engine/indicators/macd.h"

#include <stdexcept>

namespace causeway::engine {

Macd::Macd(int fast, int slow, int signal)
    : Indicator({{"macd", (slow - 1) + (signal - 1)},
                 {"signal", (slow - 1) + (signal - 1)},
                 {"hist", (slow - 1) + (signal - 1)}}),
      m_fast(fast),
      m_slow(slow),
      m_fastK(2.0 / (fast + 1.0)),
      m_seed(requirePeriod("macd fast", fast)),
      m_slowEma(slow),
      m_signal(signal) {
    if (fast >= slow) {
        throw std::invalid_argument("macd fast period must be below the slow period");
    }
}

void Macd::step(const BarInput& bar) {
    ++m_count;
    if (m_count <= m_slow) {
        m_seed.push(bar.close);
    }
    const auto slow = m_slowEma.update(bar.close);
    if (!slow) {
        return;
    }
    if (m_count == m_slow) {
        double sum = 0.0;
        for (std::size_t i = 0; i < m_seed.size(); ++i) {
            sum += m_seed[i];
        }
        m_fastEma = sum / m_fast;
    } else {
        m_fastEma = ((bar.close - m_fastEma) * m_fastK) + m_fastEma;
    }
    const double macd = m_fastEma - *slow;
    const auto signal = m_signal.update(macd);
    if (!signal) {
        return;
    }
    publish(0, macd);
    publish(1, *signal);
    publish(2, macd - *signal);
}

}  // namespace causeway::engine
