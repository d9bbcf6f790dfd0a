#pragma once

#include <QJsonObject>

#include <optional>
#include <string>
#include <vector>

#include "engine/core/timestamp.h"

namespace causeway::engine {

// Portfolio equity at a bar close; inMarket: some position open at that close.
struct EquityPoint {
    Timestamp ts = 0;
    double equity = 0.0;
    bool inMarket = false;
};

// A closed round trip.
struct TradeOutcome {
    std::string tradeId, strategy, symbol;
    bool isLong = true;
    double qty = 0.0;
    Timestamp entryTs = 0, exitTs = 0;
    double entryPrice = 0.0, exitPrice = 0.0;
    double pnl = 0.0;  // net of fees, as the ledger records it
    double fees = 0.0;
};

// slippageCost: money lost against the arrival price (> 0 = cost).
struct FillCost {
    Timestamp ts = 0;
    double notional = 0.0;
    double fee = 0.0;
    double slippageCost = 0.0;
};

struct StatisticsInput {
    double initialCash = 0.0;
    std::vector<EquityPoint> equity;   // time-ordered, one per bar close
    std::vector<TradeOutcome> trades;  // closed round trips, in exit order
    std::vector<FillCost> fills;
    std::vector<EquityPoint> benchmark;  // buy-and-hold equity at the same closes (may be empty)
    double riskFreeRate = 0.0;           // annual, e.g. 0.02
};

struct MonthlyReturn {
    int year = 0;
    int month = 0;  // 1..12
    double returnPct = 0.0;
};

struct YearlyReturn {
    int year = 0;
    double returnPct = 0.0;
};

// What an equity series alone tells: computed by the same code for the
// strategy and for its buy-and-hold benchmark. Formulas in README.md.
struct SeriesStats {
    double totalReturnPct = 0.0;
    double annualizedReturnPct = 0.0;
    double volatilityPct = 0.0;  // annualized
    double sharpe = 0.0;
    double sortino = 0.0;
    std::optional<double> calmar;  // none when there was no drawdown
    double maxDrawdownPct = 0.0;
    Timestamp maxDrawdownDuration = 0;  // peak to recovery, or to the last point
    int maxDrawdownBars = 0;
    std::optional<Timestamp> drawdownPeakTs;
    std::optional<Timestamp> drawdownTroughTs;
    std::optional<Timestamp> recoveryTs;  // none when never recovered
    double finalEquity = 0.0;
    double years = 0.0;
    double periodsPerYear = 0.0;
};

struct RunStatistics : SeriesStats {
    int tradeCount = 0;
    int winCount = 0;
    int lossCount = 0;
    double winRate = 0.0;  // 0..1
    // gross profit / |gross loss|; none when no trade lost but some won
    // (unbounded), 0 when no trade won.
    std::optional<double> profitFactor = 0.0;
    double expectancy = 0.0;  // mean pnl per trade
    double averageWin = 0.0;
    double averageLoss = 0.0;  // negative
    double largestWin = 0.0;
    double largestLoss = 0.0;  // negative
    double grossProfit = 0.0;
    double grossLoss = 0.0;  // negative
    double netPnl = 0.0;     // final equity - initial cash
    double exposurePct = 0.0;
    double turnover = 0.0;  // traded notional / mean equity
    double annualizedTurnover = 0.0;
    double fees = 0.0;
    double slippageCost = 0.0;
    std::vector<MonthlyReturn> monthly;
    std::vector<YearlyReturn> yearly;
    std::optional<SeriesStats> benchmark;
};

// Per point, % below the running peak (>= 0). The running peak starts at
// startingPeak (the initial cash; 0 = at the first point).
std::vector<double> drawdownSeries(const std::vector<EquityPoint>& equity,
                                   double startingPeak = 0.0);

SeriesStats computeSeriesStats(const std::vector<EquityPoint>& equity, double initialCash,
                               double riskFreeRate);

RunStatistics computeStatistics(const StatisticsInput& input);

// snake_case keys; undefined values as null; timestamps ISO 8601 UTC.
QJsonObject toJson(const SeriesStats& stats);
QJsonObject toJson(const RunStatistics& stats);

}  // namespace causeway::engine
