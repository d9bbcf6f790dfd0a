#pragma once

#include <cstdint>
#include <optional>

namespace causeway::engine {

// Wilder's relative strength index as TA-Lib computes it: the first average
// gain and loss are plain means of the first `period` changes, later ones
// are smoothed by (previous x (period - 1) + change) / period; the output is
// 100 x gain / (gain + loss), and 0 when nothing moved.
class Rsi final {
public:
    explicit Rsi(int period);

    std::optional<double> update(double value);
    int lookback() const { return m_period; }

private:
    double output() const;

    int m_period;
    std::int64_t m_count = 0;
    double m_previous = 0.0;
    double m_gain = 0.0;
    double m_loss = 0.0;
};

}  // namespace causeway::engine
