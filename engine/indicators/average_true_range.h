#pragma once

#include <cstdint>

#include "engine/indicators/indicator.h"

namespace causeway::engine {

// Wilder's average true range as TA-Lib's ATR computes it: the first value,
// on bar `period`, is the mean of the first `period` true ranges (the first
// bar has none: it has no previous close); later ones are
// (ATR x (period - 1) + TR) / period. Period 1 is the true range itself.
class AverageTrueRange final : public Indicator {
public:
    explicit AverageTrueRange(int period);

private:
    void step(const BarInput& bar) override;

    int m_period;
    std::int64_t m_count = 0;
    double m_previousClose = 0.0;
    double m_atr = 0.0;
};

}  // namespace causeway::engine
