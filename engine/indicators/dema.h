#pragma once

#include <optional>

#include "engine/indicators/ema.h"

namespace causeway::engine {

// Double EMA: 2 x EMA(x) - EMA(EMA(x)). The second EMA is seeded, as
// TA-Lib does, by the mean of the first `period` values of the first.
class Dema final {
public:
    explicit Dema(int period);

    std::optional<double> update(double value);
    int lookback() const { return 2 * (m_first.period() - 1); }

private:
    Ema m_first;
    Ema m_second;
};

}  // namespace causeway::engine
