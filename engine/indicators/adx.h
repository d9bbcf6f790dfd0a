#pragma once

#include <cstdint>

#include "engine/indicators/indicator.h"

namespace causeway::engine {

// Wilder's directional movement system, as TA-Lib's ADX, PLUS_DI and
// MINUS_DI compute it: +DM, -DM and the true range are summed over the first
// period - 1 changes, then smoothed by x - x / period + today; +DI and -DI
// are 100 x DM / TR from bar `period` on (0 when the range is 0); DX is
// 100 x |+DI - -DI| / (+DI + -DI), ADX the mean of the first `period` DX,
// then (ADX x (period - 1) + DX) / period, first on bar 2 x period - 1. A bar
// whose DX is undefined (no range, or no movement) leaves the ADX unchanged.
class Adx final : public Indicator {
public:
    explicit Adx(int period);

private:
    void step(const BarInput& bar) override;
    void directionalIndex();

    int m_period;
    std::int64_t m_count = 0;
    double m_previousHigh = 0.0;
    double m_previousLow = 0.0;
    double m_previousClose = 0.0;
    double m_plusDm = 0.0;
    double m_minusDm = 0.0;
    double m_trueRange = 0.0;
    double m_dxSum = 0.0;
    double m_adx = 0.0;
};

}  // namespace causeway::engine
