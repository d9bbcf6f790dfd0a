#pragma once

#include "engine/indicators/fast_stochastic.h"
#include "engine/indicators/indicator.h"
#include "engine/indicators/sma.h"

namespace causeway::engine {

// Slow stochastic (TA-Lib's STOCH with SMA smoothing): %K is the SMA over
// `slowK` bars of the raw %K over `fastK` bars, %D the SMA of %K over
// `slowD` bars. Both appear together, once %D has warmed up.
class Stochastic final : public Indicator {
public:
    Stochastic(int fastK, int slowK, int slowD);

private:
    void step(const BarInput& bar) override;

    FastStochastic m_raw;
    Sma m_k;
    Sma m_d;
};

}  // namespace causeway::engine
