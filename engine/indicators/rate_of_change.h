#pragma once

#include <cstddef>
#include <optional>

#include "engine/indicators/indicator.h"
#include "engine/indicators/rolling_window.h"

namespace causeway::engine {

// Rate of change in percent: (value / value `period` updates ago - 1) x 100,
// and 0 when the old value is 0 (TA-Lib's ROC).
class RateOfChange final {
public:
    explicit RateOfChange(int period)
        : m_period(period), m_window(requirePeriod("roc", period) + 1) {}

    std::optional<double> update(double value) {
        m_window.push(value);
        if (!m_window.full()) {
            return std::nullopt;
        }
        const double old = m_window.oldest();
        return old != 0.0 ? ((value / old) - 1.0) * 100.0 : 0.0;
    }
    int lookback() const { return m_period; }

private:
    int m_period;
    RollingWindow m_window;
};

}  // namespace causeway::engine
