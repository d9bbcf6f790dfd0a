#pragma once

#include <cstdint>
#include <optional>

namespace causeway::engine {

// Exponential moving average with TA-Lib's conventions: nothing during the
// first period-1 values, then the simple mean of the first `period` values,
// then prev + (x - prev) * 2 / (period + 1). Constant work per update.
class Ema final {
public:
    explicit Ema(int period);

    std::optional<double> update(double value);
    std::optional<double> value() const;
    int period() const { return m_period; }
    // Inputs before the first value: period - 1.
    int lookback() const { return m_period - 1; }

private:
    int m_period;
    double m_k;
    double m_sum = 0.0;
    double m_value = 0.0;
    std::int64_t m_count = 0;
};

}  // namespace causeway::engine
