#pragma once

#include "engine/indicators/average_true_range.h"
#include "engine/indicators/indicator.h"

namespace causeway::engine {

// ATR as a percentage of the close (TA-Lib's NATR; 0 for a zero close).
// Period from 2: TA-Lib's NATR with period 1 returns the raw true range,
// which is not a percentage, so that form is refused rather than copied.
class NormalizedAtr final : public Indicator {
public:
    explicit NormalizedAtr(int period);

private:
    void step(const BarInput& bar) override;

    AverageTrueRange m_atr;
};

}  // namespace causeway::engine
