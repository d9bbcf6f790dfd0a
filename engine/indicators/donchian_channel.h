#pragma once

#include "engine/indicators/indicator.h"
#include "engine/indicators/rolling_extreme.h"

namespace causeway::engine {

// Donchian channel (not in TA-Lib): upper = highest high and lower = lowest
// low of the last `period` bars including the current one, middle = their
// average. First values on bar period - 1.
class DonchianChannel final : public Indicator {
public:
    explicit DonchianChannel(int period);

private:
    void step(const BarInput& bar) override;

    RollingMax m_highest;
    RollingMin m_lowest;
};

}  // namespace causeway::engine
