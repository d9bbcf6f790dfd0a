#pragma once

#include <cstdint>

#include "engine/indicators/ema.h"
#include "engine/indicators/indicator.h"
#include "engine/indicators/rolling_window.h"

namespace causeway::engine {

// MACD of the close: fast EMA - slow EMA, its signal EMA and the histogram
// (macd - signal). TA-Lib starts both EMAs on the slow EMA's first bar: the
// fast one is seeded there by the mean of the `fast` closes ending on that
// bar, not by the first `fast` closes, so its first values differ from
// EMA(fast) - EMA(slow) computed from the start. All three outputs appear
// together, after (slow - 1) + (signal - 1) bars.
class Macd final : public Indicator {
public:
    Macd(int fast, int slow, int signal);

private:
    void step(const BarInput& bar) override;

    int m_fast;
    int m_slow;
    double m_fastK;
    RollingWindow m_seed;
    Ema m_slowEma;
    Ema m_signal;
    double m_fastEma = 0.0;
    std::int64_t m_count = 0;
};

}  // namespace causeway::engine
