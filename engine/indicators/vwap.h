#pragma once

#include "engine/core/timestamp.h"
#include "engine/indicators/indicator.h"

namespace causeway::engine {

// Where a VWAP starts over: each UTC day (session), each ISO week (Monday
// 00:00 UTC), each calendar month (UTC), or never.
enum class VwapAnchor { kSession, kWeek, kMonth, kNone };

// Volume-weighted average price (not in TA-Lib): the sum of typical price
// ((high + low + close) / 3) x volume over the sum of volume, both summed
// from the start of the bar's anchor period (by its timestamp, the bar's
// start). Empty while no volume has traded in the current period — at the
// start of every period, and throughout a period without volume.
class Vwap final : public Indicator {
public:
    explicit Vwap(VwapAnchor anchor);

private:
    void step(const BarInput& bar) override;
    void startPeriodAt(Timestamp ts);

    VwapAnchor m_anchor;
    bool m_started = false;
    Timestamp m_periodStart = 0;
    Timestamp m_periodEnd = 0;
    double m_priceVolume = 0.0;
    double m_volume = 0.0;
};

}  // namespace causeway::engine
