#pragma once

#include <QJsonObject>

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/lab/backtest_runner.h"

namespace causeway::engine {

// One swept parameter: `KEY=FROM:TO:STEP` (every value from FROM up to TO
// inclusive, STEP apart, computed exactly in decimal) or `KEY=V1,V2,...`.
struct ParameterAxis {
    std::string key;
    std::vector<std::string> values;
};

// Throws std::invalid_argument naming the text and what is wrong (no '=',
// a step <= 0, FROM > TO, more than kMaxAxisValues values).
inline constexpr std::size_t kMaxAxisValues = 100'000;
ParameterAxis parseAxis(const std::string& text);

using ParameterSet = std::map<std::string, std::string>;

// Every combination of the axes, the last axis varying fastest. Throws
// std::invalid_argument past kMaxCombinations, or when an axis repeats.
inline constexpr std::size_t kMaxCombinations = 10'000'000;
std::vector<ParameterSet> gridCombinations(const std::vector<ParameterAxis>& axes);

// `count` distinct combinations of the grid drawn at random (all of them
// when it has no more), in grid order. The same seed draws the same sets on
// every platform (a 64-bit Mersenne twister and plain modular arithmetic,
// not std:: distributions, whose output differs between libraries).
std::vector<ParameterSet> randomCombinations(const std::vector<ParameterAxis>& axes,
                                             std::size_t count, std::uint64_t seed);

// What ranks the runs: a figure where more is better.
enum class Objective { kSharpe, kSortino, kCalmar, kNetPnl, kReturnPct, kProfitFactor };
std::optional<Objective> parseObjective(const std::string& text);
const char* toString(Objective objective);
// The objective's value of a run; a missing one (no drawdown for Calmar,
// unbounded profit factor) ranks as +infinity only when it means "no loss".
double objectiveValue(const BacktestResult& result, Objective objective);

// One combination's run, or why it could not run.
struct OptimizationRow {
    std::size_t index = 0;  // in the order of the combinations
    ParameterSet params;    // the swept ones
    std::optional<BacktestResult> result;
    std::string error;
    bool ran() const { return result.has_value(); }
};

struct OptimizationOptions {
    int threads = 1;  // combinations at once; the rows do not depend on it
    std::shared_ptr<std::atomic_bool> stop;
    // Combinations done and their total, from the worker threads, one call
    // at a time.
    std::function<void(std::int64_t done, std::int64_t total)> progress;
    double riskFreeRate = 0.0;
    Timestamp tradeFrom = 0;  // as BacktestOptions
};

// Backtests of `base` with each combination's parameters over `data`, in
// parallel, nothing stored. A combination the strategy refuses (a value out
// of range, fast >= slow) or that fails while running gets its error and
// the others go on. Rows come back in combination order; a stopped run
// returns the rows done, the others without result or error.
std::vector<OptimizationRow> runOptimization(const RunSettings& base,
                                             const std::vector<ParameterSet>& combinations,
                                             const BacktestData& data,
                                             const OptimizationOptions& options);

// The row that ranks first by `objective` (ties: the earlier combination);
// none when no row ran.
std::optional<std::size_t> bestRow(const std::vector<OptimizationRow>& rows, Objective objective);

// `optimize --json`'s row: index, params, then the figures of `backtest
// --json` (without ledger_hash: nothing is stored) and its statistics; or
// the error.
QJsonObject toJson(const OptimizationRow& row);

// Walk-forward analysis: rolling windows of `train` (in-sample) followed by
// `test` (out-of-sample), stepping by `test`, from the data's first bar;
// only windows whose test ends by the data's end. Each window optimizes the
// combinations on its in-sample bars, then runs the best of them on the
// out-of-sample bars, the in-sample bars before them warming the
// indicators up.
struct WalkForwardWindow {
    Timestamp trainFrom = 0, testFrom = 0, testTo = 0;  // [trainFrom, testFrom), [testFrom, testTo)
    std::optional<ParameterSet> chosen;                 // none: no combination ran in-sample
    double inSampleObjective = 0.0;
    std::optional<BacktestResult> inSample;
    std::optional<BacktestResult> outOfSample;
    int failedCombinations = 0;
    std::string error;  // the out-of-sample run's, or why nothing was chosen
};

struct WalkForwardResult {
    Objective objective = Objective::kSharpe;
    std::vector<WalkForwardWindow> windows;
    // The out-of-sample runs chained: each starts with the equity the one
    // before ended with (its returns compounded), their trades together.
    StatisticsInput stitched;
    RunStatistics statistics;
    // Annualized out-of-sample return / annualized in-sample return of the
    // chosen parameters, averaged over windows (none without windows).
    std::optional<double> efficiency;
    bool cancelled = false;
};

// Throws std::invalid_argument when train or test is not positive or the
// data holds no complete window.
WalkForwardResult runWalkForward(const RunSettings& base,
                                 const std::vector<ParameterSet>& combinations,
                                 const BacktestData& data, Timestamp train, Timestamp test,
                                 Objective objective, const OptimizationOptions& options);

QJsonObject toJson(const WalkForwardResult& result);

}  // namespace causeway::engine
