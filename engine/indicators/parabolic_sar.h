#pragma once

#include <cstdint>

#include "engine/indicators/indicator.h"

namespace causeway::engine {

// Wilder's parabolic stop-and-reverse as TA-Lib's SAR bootstraps it: the
// first bar only sets the stage; on the second, the trade is short when the
// low fell further than the high rose (-DM > 0), long otherwise, and the
// first SAR is the first bar's low (long) or high (short). The acceleration
// factor starts at `acceleration`, grows by it with each new extreme point
// up to `maximum`, and resets on a reversal; the SAR never enters the range
// of the current or the previous bar.
class ParabolicSar final : public Indicator {
public:
    ParabolicSar(double acceleration, double maximum);

private:
    void step(const BarInput& bar) override;
    void start(const BarInput& bar);
    void advanceLong(double previousHigh, double previousLow);
    void advanceShort(double previousHigh, double previousLow);

    double m_acceleration;
    double m_maximum;
    std::int64_t m_count = 0;
    bool m_long = true;
    double m_af = 0.0;
    double m_extreme = 0.0;
    double m_sar = 0.0;
    double m_high = 0.0;
    double m_low = 0.0;
};

}  // namespace causeway::engine
