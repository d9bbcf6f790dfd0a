#pragma once

#include "engine/indicators/indicator.h"
#include "engine/indicators/rolling_window.h"

namespace causeway::engine {

// Bollinger bands as TA-Lib's BBANDS with an SMA: middle = SMA(period) of
// the close, upper/lower = middle +/- deviations x the population standard
// deviation over the same window, from running sums of the values and of
// their squares (variance = mean of squares - square of mean, 0 when that is
// below TA-Lib's epsilon).
class BollingerBands final : public Indicator {
public:
    BollingerBands(int period, double deviations);

private:
    void step(const BarInput& bar) override;

    int m_period;
    double m_deviations;
    RollingWindow m_window;
    double m_sum = 0.0;
    double m_sumOfSquares = 0.0;
};

}  // namespace causeway::engine
