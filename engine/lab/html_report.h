#pragma once

#include <string>
#include <utility>
#include <vector>

#include "engine/lab/statistics.h"

namespace causeway::engine {
struct BacktestResult;
struct ResolvedSettings;
struct RunSettings;
}  // namespace causeway::engine

namespace causeway::engine {

// A table of text cells the report shows as it is (an optimization's
// best rows, a walk-forward's windows); right-aligned when numeric.
struct ReportTable {
    std::string title;
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> rows;
};

struct ReportInput {
    std::string title;  // e.g. "ema_cross on MSFT 1d"
    // strategy parameters and run settings, in order
    std::vector<std::pair<std::string, std::string>> parameters;
    RunStatistics stats;
    std::vector<EquityPoint> equity;
    std::vector<EquityPoint> benchmark;  // may be empty
    std::vector<TradeOutcome> trades;
    // Shown after the summary, in order.
    std::vector<ReportTable> tables;
    std::string generatedBy;  // e.g. "causeway-cli 0.x"
    // Starting peak of the drawdown chart, as in computeStatistics; 0 = the
    // first equity point.
    double initialCash = 0.0;
};

// One self-contained HTML5 page: inline style, charts as inline SVG, nothing
// fetched. Series are reduced to at most two points (min and max) per
// horizontal pixel bucket, so the size does not grow with the bar count;
// the trades table stops at kMaxReportTrades rows (tradesCsv has them all).
inline constexpr std::size_t kMaxReportTrades = 5000;
// The report of a run: its statistics and the series they came from.
ReportInput runReport(std::string title, const RunStatistics& stats, const StatisticsInput& input);
// The report of a backtest, whoever ran it (`backtest --report`, the
// GUI): titled by strategy, symbols and timeframes; the strategy's
// parameters, the account and exchange, the risk limits, each symbol's data
// and detail. `generatedBy` is the caller's.
ReportInput backtestReport(const ResolvedSettings& resolved, const RunSettings& settings,
                           const BacktestResult& result);
std::string renderHtmlReport(const ReportInput& input);

// Header row, then one row per item; ISO 8601 UTC timestamps, numbers in
// their shortest round-trip form.
std::string tradesCsv(const std::vector<TradeOutcome>& trades);
std::string equityCsv(const std::vector<EquityPoint>& equity);
std::string monthlyReturnsCsv(const std::vector<MonthlyReturn>& months);

}  // namespace causeway::engine
