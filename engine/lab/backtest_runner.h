#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/execution/ledger_sink.h"
#include "engine/lab/backtest_data.h"
#include "engine/lab/statistics.h"
#include "engine/runtime/backtest_summary.h"
#include "engine/runtime/run_settings.h"

namespace causeway::engine {

struct BacktestOptions {
    // Executors run at once (one per symbol); 1 runs them one after another
    // on the calling thread. The results do not depend on it.
    int threads = 1;
    // Where the records go (the run's database); null: nowhere, only the
    // statistics are kept (an optimization's runs).
    LedgerSink* storage = nullptr;
    // Set from anywhere: every executor stops after its current bar, closes
    // what is open and the run ends as cancelled.
    std::shared_ptr<std::atomic_bool> stop;
    // Bars done of all symbols, and their total; called from the executors'
    // threads, one call at a time.
    std::function<void(std::int64_t done, std::int64_t total)> progress;
    double riskFreeRate = 0.0;  // annual, for Sharpe and Sortino
    // Bars before this time only warm the indicators up: the strategy
    // trades, and the statistics count, from here on (a walk-forward's
    // out-of-sample window after its in-sample data). 0: from the start.
    Timestamp tradeFrom = 0;
};

// One symbol's part of a run.
struct SymbolResult {
    std::string symbol;
    std::string timeframe;
    std::string dataPath;
    std::string detailPath;  // empty: no intra-bar detail
    std::int64_t bars = 0;
    std::int64_t trades = 0;
    Money initialCash;  // its share of the account
    Money netPnl;
    Money fees;
};

struct BacktestResult {
    // The figures of `backtest --json` (its ledger hash is the caller's to
    // fill: it needs the finished database).
    BacktestSummary summary;
    RunStatistics statistics;
    // What the statistics were computed from: the portfolio's equity, the
    // closed trades of every symbol, the fills' costs, buy-and-hold.
    StatisticsInput input;
    std::vector<SymbolResult> symbols;
};

// An executor failed (a strategy threw, a worker broke a contract): the
// message names the symbol.
class BacktestError final : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A backtest: one executor per symbol, each with an equal share of the
// initial cash (the first takes the indivisible remainder) and the detail
// of its symbol, all running the same engine code as a live session. With
// storage, the run_info rows go first, then each executor's records.
// Portfolio equity at a close is the sum of every symbol's equity as of
// that time; buy-and-hold puts each share of the cash into its symbol at
// the first close and holds it.
//
// Throws std::invalid_argument for bad settings (before anything runs) and
// BacktestError.
BacktestResult runBacktest(const RunSettings& settings, const BacktestData& data,
                           const BacktestOptions& options);
BacktestResult runBacktest(const ResolvedSettings& settings, const BacktestData& data,
                           const BacktestOptions& options);

}  // namespace causeway::engine
