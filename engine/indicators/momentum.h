#pragma once

#include <cstddef>
#include <optional>

#include "engine/indicators/indicator.h"
#include "engine/indicators/rolling_window.h"

namespace causeway::engine {

// Momentum: the value now minus the value `period` updates ago.
class Momentum final {
public:
    explicit Momentum(int period) : m_period(period), m_window(requirePeriod("mom", period) + 1) {}

    std::optional<double> update(double value) {
        m_window.push(value);
        if (!m_window.full()) {
            return std::nullopt;
        }
        return value - m_window.oldest();
    }
    int lookback() const { return m_period; }

private:
    int m_period;
    RollingWindow m_window;
};

}  // namespace causeway::engine
