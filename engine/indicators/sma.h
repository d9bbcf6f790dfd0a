#pragma once

#include <optional>

#include "engine/indicators/rolling_window.h"

namespace causeway::engine {

// Simple moving average in TA-Lib's operation order: one running sum that
// takes the new value in, is divided by the period, then lets the oldest
// value out. Nothing during the first period - 1 values.
class Sma final {
public:
    explicit Sma(int period);

    std::optional<double> update(double value);
    int lookback() const { return m_period - 1; }

private:
    int m_period;
    RollingWindow m_window;
    double m_sum = 0.0;
};

}  // namespace causeway::engine
