#pragma once

#include <vector>

#include "engine/core/fixed_point.h"
#include "engine/core/timestamp.h"

namespace causeway::engine {

struct PerformanceStats {
    double maxDrawdownPct = 0.0;
    double sharpe = 0.0;
    double winRate = 0.0;
    double profitFactor = 0.0;  // negative: no losing trade (unbounded)
};

// Sharpe: mean over sample standard deviation of per-bar equity returns,
// annualized by the square root of the bars per year the data itself spans
// ((bars - 1) / years between first and last bar); risk-free rate 0.
// Max drawdown: deepest fall of equity from its running peak, in % of the peak.
// Win rate: winning closed trades / closed trades. Profit factor: gross
// profit / gross loss of closed trades.
PerformanceStats computeStats(const std::vector<double>& equity, Timestamp first, Timestamp last,
                              const std::vector<Money>& tradePnls);

}  // namespace causeway::engine
