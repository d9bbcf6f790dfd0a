#pragma once

#include <optional>

#include "engine/indicators/indicator.h"
#include "engine/indicators/rolling_extreme.h"

namespace causeway::engine {

// The raw stochastic %K: where the close sits in the range of the last
// `period` highs and lows, in percent, with TA-Lib's operation order
// ((close - lowest) / ((highest - lowest) / 100)) and 0 for an empty range.
// Shared by stoch (on bars) and stochrsi (on RSI values).
class FastStochastic final {
public:
    explicit FastStochastic(int period)
        : m_period(period),
          m_highest(requirePeriod("stochastic %K", period)),
          m_lowest(static_cast<std::size_t>(period)) {}

    std::optional<double> update(double high, double low, double close) {
        m_highest.push(high);
        m_lowest.push(low);
        if (!m_highest.full()) {
            return std::nullopt;
        }
        const double lowest = m_lowest.value();
        const double diff = (m_highest.value() - lowest) / 100.0;
        return diff != 0.0 ? (close - lowest) / diff : 0.0;
    }
    int lookback() const { return m_period - 1; }

private:
    int m_period;
    RollingMax m_highest;
    RollingMin m_lowest;
};

}  // namespace causeway::engine
