#pragma once

#include <optional>

#include "engine/indicators/ema.h"

namespace causeway::engine {

// Triple EMA: 3 x EMA1 - 3 x EMA2 + EMA3, each EMA of the one before and
// seeded by the mean of its first `period` inputs (TA-Lib's combination
// order: EMA3 + (3 x EMA1 - 3 x EMA2)).
class Tema final {
public:
    explicit Tema(int period);

    std::optional<double> update(double value);
    int lookback() const { return 3 * (m_first.period() - 1); }

private:
    Ema m_first;
    Ema m_second;
    Ema m_third;
};

}  // namespace causeway::engine
