#pragma once

#include "engine/indicators/fast_stochastic.h"
#include "engine/indicators/indicator.h"
#include "engine/indicators/rsi.h"
#include "engine/indicators/sma.h"

namespace causeway::engine {

// Stochastic RSI (TA-Lib's STOCHRSI with SMA): the raw stochastic %K over
// `fastK` RSI(period) values, and its SMA over `fastD` as %D. Both appear
// together, after period + (fastK - 1) + (fastD - 1) bars.
class StochRsi final : public Indicator {
public:
    StochRsi(int period, int fastK, int fastD);

private:
    void step(const BarInput& bar) override;

    Rsi m_rsi;
    FastStochastic m_k;
    Sma m_d;
};

}  // namespace causeway::engine
