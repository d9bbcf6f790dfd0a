#include "engine/runtime/statistics.h"

#include <algorithm>
#include <cmath>

namespace causeway::engine {

PerformanceStats computeStats(const std::vector<double>& equity, Timestamp first, Timestamp last,
                              const std::vector<Money>& tradePnls) {
    PerformanceStats stats;
    double peak = equity.empty() ? 0.0 : equity.front();
    for (const double value : equity) {
        peak = std::max(peak, value);
        if (peak > 0.0) {
            stats.maxDrawdownPct = std::max(stats.maxDrawdownPct, (peak - value) / peak * 100.0);
        }
    }

    std::vector<double> returns;
    for (std::size_t i = 1; i < equity.size(); ++i) {
        if (equity[i - 1] != 0.0) {
            returns.push_back(equity[i] / equity[i - 1] - 1.0);
        }
    }
    const double years =
        static_cast<double>(last - first) / (365.25 * static_cast<double>(kNanosPerDay));
    if (returns.size() >= 2 && years > 0.0) {
        double mean = 0.0;
        for (const double r : returns) {
            mean += r;
        }
        mean /= static_cast<double>(returns.size());
        double variance = 0.0;
        for (const double r : returns) {
            variance += (r - mean) * (r - mean);
        }
        variance /= static_cast<double>(returns.size() - 1);
        const double periodsPerYear = static_cast<double>(equity.size() - 1) / years;
        if (variance > 0.0) {
            stats.sharpe = mean / std::sqrt(variance) * std::sqrt(periodsPerYear);
        }
    }

    Money grossProfit;
    Money grossLoss;
    int wins = 0;
    for (const Money pnl : tradePnls) {
        if (pnl > Money()) {
            grossProfit += pnl;
            ++wins;
        } else {
            grossLoss -= pnl;
        }
    }
    if (!tradePnls.empty()) {
        stats.winRate = static_cast<double>(wins) / static_cast<double>(tradePnls.size());
        stats.profitFactor = grossLoss.isZero() ? (grossProfit.isZero() ? 0.0 : -1.0)
                                                : grossProfit.toDouble() / grossLoss.toDouble();
    }
    return stats;
}

}  // namespace causeway::engine
