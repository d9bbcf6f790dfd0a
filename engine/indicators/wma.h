#pragma once

#include <optional>

#include "engine/indicators/rolling_window.h"

namespace causeway::engine {

// Linearly weighted moving average (weights 1..period, newest heaviest) with
// TA-Lib's two running sums: the weighted sum drops the plain sum of the
// window after each output, so an update is constant work.
class Wma final {
public:
    explicit Wma(int period);

    std::optional<double> update(double value);
    int lookback() const { return m_period - 1; }

private:
    int m_period;
    double m_divider;
    RollingWindow m_window;
    double m_weightedSum = 0.0;
    double m_plainSum = 0.0;
    double m_trailing = 0.0;
};

}  // namespace causeway::engine
