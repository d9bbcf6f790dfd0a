#pragma once

#include "engine/indicators/indicator.h"
#include "engine/indicators/rolling_extreme.h"

namespace causeway::engine {

// Williams %R: where the close sits below the highest high of the last
// `period` bars, from 0 (at the high) to -100 (at the low), in TA-Lib's
// operation order; 0 for an empty range.
class WilliamsR final : public Indicator {
public:
    explicit WilliamsR(int period);

private:
    void step(const BarInput& bar) override;

    RollingMax m_highest;
    RollingMin m_lowest;
};

}  // namespace causeway::engine
