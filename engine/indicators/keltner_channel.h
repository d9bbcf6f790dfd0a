#pragma once

#include "engine/indicators/average_true_range.h"
#include "engine/indicators/ema.h"
#include "engine/indicators/indicator.h"

namespace causeway::engine {

// Keltner channel (not in TA-Lib): middle = EMA(period) of the close,
// upper/lower = middle +/- multiplier x ATR(atrPeriod), EMA and ATR with
// TA-Lib's seeding. The three outputs appear together, once both the EMA
// (period - 1 bars) and the ATR (atrPeriod bars) have warmed up.
class KeltnerChannel final : public Indicator {
public:
    KeltnerChannel(int period, double multiplier, int atrPeriod);

private:
    void step(const BarInput& bar) override;

    double m_multiplier;
    Ema m_middle;
    AverageTrueRange m_atr;
};

}  // namespace causeway::engine
