#pragma once

#include <QJsonObject>

#include <cstdint>
#include <string>

#include "engine/core/fixed_point.h"

namespace causeway::engine {

// The figures `causeway-cli backtest --json` prints.
struct BacktestSummary {
    std::string strategy;
    std::string symbol;
    std::int64_t bars = 0;
    std::int64_t events = 0;
    std::int64_t orders = 0;
    std::int64_t fills = 0;
    std::int64_t trades = 0;
    Money initialCash;
    Money netPnl;
    Money fees;
    double returnPct = 0.0;
    double maxDrawdownPct = 0.0;
    double sharpe = 0.0;
    double winRate = 0.0;
    double profitFactor = 0.0;
    double elapsedSeconds = 0.0;
    double eventsPerSecond = 0.0;
    std::string ledgerHash;
    bool cancelled = false;
    // What DataValidator flagged in the input (reference 004's rules).
    std::int64_t priceJumps = 0;
    std::int64_t volumeOutliers = 0;
    std::int64_t gaps = 0;

    QJsonObject toJson() const;
};

}  // namespace causeway::engine
