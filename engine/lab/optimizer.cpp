#include "engine/lab/optimizer.h"

#include <QJsonArray>
#include <QString>

#include <algorithm>
#include <cmath>
#include <limits>
#include <mutex>
#include <random>
#include <set>
#include <stdexcept>
#include <thread>

namespace causeway::engine {

namespace {

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

bool isInteger(const std::string& text) {
    return text.find_first_of(".eE") == std::string::npos;
}

}  // namespace

ParameterAxis parseAxis(const std::string& text) {
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
        throw std::invalid_argument("--grid takes KEY=FROM:TO:STEP or KEY=V1,V2,..., got '" + text +
                                    "'");
    }
    ParameterAxis axis;
    axis.key = text.substr(0, eq);
    const std::string spec = text.substr(eq + 1);
    if (spec.find(':') == std::string::npos) {
        std::size_t start = 0;
        while (start <= spec.size()) {
            const auto comma = std::min(spec.find(',', start), spec.size());
            const std::string value = spec.substr(start, comma - start);
            if (value.empty()) {
                throw std::invalid_argument("--grid " + text + ": an empty value in the list");
            }
            if (std::find(axis.values.begin(), axis.values.end(), value) == axis.values.end()) {
                axis.values.push_back(value);
            }
            start = comma + 1;
        }
        return axis;
    }
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const auto colon = spec.find(':', start);
        parts.push_back(spec.substr(start, colon - start));
        if (colon == std::string::npos) {
            break;
        }
        start = colon + 1;
    }
    if (parts.size() != 3) {
        throw std::invalid_argument("--grid " + text + ": expected FROM:TO:STEP");
    }
    std::vector<Price> numbers;
    for (const std::string& part : parts) {
        const auto number = Price::parse(part);
        if (!number) {
            throw std::invalid_argument("--grid " + text + ": '" + part + "' is not a number");
        }
        numbers.push_back(*number);
    }
    const Price from = numbers[0], to = numbers[1], step = numbers[2];
    if (step <= Price()) {
        throw std::invalid_argument("--grid " + text + ": the step must be above 0");
    }
    if (from > to) {
        throw std::invalid_argument("--grid " + text + ": FROM is above TO");
    }
    const std::int64_t count = (to.raw() - from.raw()) / step.raw() + 1;
    if (count > static_cast<std::int64_t>(kMaxAxisValues)) {
        throw std::invalid_argument("--grid " + text + ": " + std::to_string(count) +
                                    " values, more than " + std::to_string(kMaxAxisValues));
    }
    const bool integers = isInteger(parts[0]) && isInteger(parts[1]) && isInteger(parts[2]);
    for (std::int64_t i = 0; i < count; ++i) {
        const Price value = Price::fromRaw(from.raw() + i * step.raw());
        axis.values.push_back(integers ? std::to_string(value.raw() / Price::kScale)
                                       : value.toString());
    }
    return axis;
}

namespace {

// The grid's size, or nothing past the int64 range.
std::optional<std::uint64_t> gridSize(const std::vector<ParameterAxis>& axes) {
    std::uint64_t size = 1;
    std::set<std::string> keys;
    for (const ParameterAxis& axis : axes) {
        if (!keys.insert(axis.key).second) {
            throw std::invalid_argument("--grid " + axis.key + " is given twice");
        }
        if (axis.values.empty()) {
            throw std::invalid_argument("--grid " + axis.key + " has no values");
        }
        if (size > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) /
                       axis.values.size()) {
            return std::nullopt;
        }
        size *= axis.values.size();
    }
    return size;
}

// Combination `index` of the grid, the last axis varying fastest.
ParameterSet combination(const std::vector<ParameterAxis>& axes, std::uint64_t index) {
    ParameterSet set;
    for (auto axis = axes.rbegin(); axis != axes.rend(); ++axis) {
        set[axis->key] = axis->values[index % axis->values.size()];
        index /= axis->values.size();
    }
    return set;
}

}  // namespace

std::vector<ParameterSet> gridCombinations(const std::vector<ParameterAxis>& axes) {
    const auto size = gridSize(axes);
    if (!size || *size > kMaxCombinations) {
        throw std::invalid_argument("the grid has more than " + std::to_string(kMaxCombinations) +
                                    " combinations: narrow it, or draw some with --samples");
    }
    std::vector<ParameterSet> sets;
    sets.reserve(*size);
    for (std::uint64_t i = 0; i < *size; ++i) {
        sets.push_back(combination(axes, i));
    }
    return sets;
}

std::vector<ParameterSet> randomCombinations(const std::vector<ParameterAxis>& axes,
                                             std::size_t count, std::uint64_t seed) {
    const auto size = gridSize(axes);
    if (size && count >= *size) {
        return gridCombinations(axes);
    }
    if (count > kMaxCombinations) {
        throw std::invalid_argument("--samples is above " + std::to_string(kMaxCombinations));
    }
    const std::uint64_t range =
        size.value_or(static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
    std::mt19937_64 random(seed);
    std::set<std::uint64_t> drawn;
    while (drawn.size() < count) {
        drawn.insert(random() % range);
    }
    std::vector<ParameterSet> sets;
    sets.reserve(count);
    for (const std::uint64_t index : drawn) {
        sets.push_back(combination(axes, index));
    }
    return sets;
}

std::optional<Objective> parseObjective(const std::string& text) {
    for (const Objective o :
         {Objective::kSharpe, Objective::kSortino, Objective::kCalmar, Objective::kNetPnl,
          Objective::kReturnPct, Objective::kProfitFactor}) {
        if (text == toString(o)) {
            return o;
        }
    }
    return std::nullopt;
}

const char* toString(Objective objective) {
    switch (objective) {
        case Objective::kSharpe:
            return "sharpe";
        case Objective::kSortino:
            return "sortino";
        case Objective::kCalmar:
            return "calmar";
        case Objective::kNetPnl:
            return "net_pnl";
        case Objective::kReturnPct:
            return "return_pct";
        case Objective::kProfitFactor:
            return "profit_factor";
    }
    return "sharpe";
}

double objectiveValue(const BacktestResult& result, Objective objective) {
    const RunStatistics& s = result.statistics;
    constexpr double kUnbounded = std::numeric_limits<double>::infinity();
    switch (objective) {
        case Objective::kSharpe:
            return s.sharpe;
        case Objective::kSortino:
            return s.sortino;
        case Objective::kCalmar:
            // no drawdown: unbounded when it made money, else nothing to show
            return s.calmar.value_or(s.totalReturnPct > 0 ? kUnbounded : 0.0);
        case Objective::kNetPnl:
            return s.netPnl;
        case Objective::kReturnPct:
            return s.totalReturnPct;
        case Objective::kProfitFactor:
            return s.profitFactor.value_or(kUnbounded);
    }
    return 0.0;
}

std::vector<OptimizationRow> runOptimization(const RunSettings& base,
                                             const std::vector<ParameterSet>& combinations,
                                             const BacktestData& data,
                                             const OptimizationOptions& options) {
    const std::size_t n = combinations.size();
    std::vector<OptimizationRow> rows(n);
    std::atomic<std::size_t> next{0};
    std::atomic<std::int64_t> done{0};
    std::mutex progressMutex;
    const auto stopped = [&] { return options.stop && options.stop->load(); };
    const auto work = [&] {
        for (std::size_t i = next++; i < n && !stopped(); i = next++) {
            OptimizationRow& row = rows[i];
            row.index = i;
            row.params = combinations[i];
            try {
                RunSettings settings = base;
                for (const auto& [key, value] : combinations[i]) {
                    settings.params[key] = value;
                }
                BacktestOptions run;
                run.stop = options.stop;
                run.riskFreeRate = options.riskFreeRate;
                run.tradeFrom = options.tradeFrom;
                BacktestResult result = runBacktest(settings, data, run);
                if (!result.summary.cancelled || !stopped()) {
                    // the rows keep figures, not series: a sweep of thousands
                    // would otherwise hold thousands of equity curves
                    result.input = StatisticsInput{};
                    row.result = std::move(result);
                }
            } catch (const std::exception& error) {
                row.error = error.what();
            }
            const std::int64_t count = ++done;
            if (options.progress) {
                const std::lock_guard lock(progressMutex);
                options.progress(count, static_cast<std::int64_t>(n));
            }
        }
    };
    const auto threads = std::min<std::size_t>(
        static_cast<std::size_t>(std::clamp(options.threads, 1, 256)), std::max<std::size_t>(n, 1));
    if (threads <= 1) {
        work();
    } else {
        std::vector<std::jthread> pool;
        for (std::size_t t = 0; t < threads; ++t) {
            pool.emplace_back(work);
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        rows[i].index = i;
        rows[i].params = combinations[i];
    }
    return rows;
}

std::optional<std::size_t> bestRow(const std::vector<OptimizationRow>& rows, Objective objective) {
    std::optional<std::size_t> best;
    double bestValue = 0.0;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (!rows[i].ran()) {
            continue;
        }
        const double value = objectiveValue(*rows[i].result, objective);
        if (!best || value > bestValue) {
            best = i;
            bestValue = value;
        }
    }
    return best;
}

namespace {

QJsonObject paramsJson(const ParameterSet& params) {
    QJsonObject json;
    for (const auto& [key, value] : params) {
        json[qs(key)] = qs(value);
    }
    return json;
}

QJsonObject resultJson(const BacktestResult& result) {
    QJsonObject json = result.summary.toJson();
    json.remove(QStringLiteral("ledger_hash"));
    json[QStringLiteral("statistics")] = toJson(result.statistics);
    return json;
}

QJsonValue jsonNumber(double value) {
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue();
}

}  // namespace

QJsonObject toJson(const OptimizationRow& row) {
    QJsonObject json;
    if (row.result) {
        json = resultJson(*row.result);
    }
    json[QStringLiteral("index")] = static_cast<qint64>(row.index);
    json[QStringLiteral("params")] = paramsJson(row.params);
    json[QStringLiteral("error")] = row.error.empty() ? QJsonValue() : QJsonValue(qs(row.error));
    if (!row.ran() && row.error.empty()) {
        json[QStringLiteral("cancelled")] = true;
    }
    return json;
}

WalkForwardResult runWalkForward(const RunSettings& base,
                                 const std::vector<ParameterSet>& combinations,
                                 const BacktestData& data, Timestamp train, Timestamp test,
                                 Objective objective, const OptimizationOptions& options) {
    if (train <= 0 || test <= 0) {
        throw std::invalid_argument("walk-forward windows must be longer than 0");
    }
    const Timestamp start = data.firstTs();
    Timestamp end = start;
    for (const SymbolSeries& series : data.symbols) {
        end = std::max(end, series.bars.back().ts + series.timeframe().nanos);
    }
    WalkForwardResult result;
    result.objective = objective;
    for (Timestamp from = start; from + train + test <= end; from += test) {
        WalkForwardWindow window;
        window.trainFrom = from;
        window.testFrom = from + train;
        window.testTo = from + train + test;
        result.windows.push_back(window);
    }
    if (result.windows.empty()) {
        throw std::invalid_argument(
            "the data (" + formatIso8601(start) + " to " + formatIso8601(end) +
            ") is shorter than one walk-forward window of in-sample and out-of-sample together");
    }
    const double cash = Money::parse(base.initialCash).value_or(Money()).toDouble();
    double equity = cash;
    double benchmark = cash;
    double efficiencySum = 0.0;
    int efficiencyCount = 0;
    StatisticsInput& stitched = result.stitched;
    stitched.initialCash = cash;
    stitched.riskFreeRate = options.riskFreeRate;
    const auto stopped = [&] { return options.stop && options.stop->load(); };
    for (WalkForwardWindow& window : result.windows) {
        if (stopped()) {
            result.cancelled = true;
            break;
        }
        const BacktestData inSample = sliceBacktestData(data, window.trainFrom, window.testFrom);
        if (inSample.symbols.empty()) {
            window.error = "no bars in sample";
            continue;
        }
        OptimizationOptions in = options;
        in.progress = nullptr;
        in.tradeFrom = 0;
        const std::vector<OptimizationRow> rows = runOptimization(base, combinations, inSample, in);
        window.failedCombinations = static_cast<int>(std::count_if(
            rows.begin(), rows.end(), [](const auto& r) { return !r.error.empty(); }));
        const auto best = bestRow(rows, objective);
        if (!best) {
            window.error = "no combination ran in sample";
            continue;
        }
        window.chosen = rows[*best].params;
        window.inSample = rows[*best].result;
        window.inSampleObjective = objectiveValue(*window.inSample, objective);

        RunSettings chosen = base;
        for (const auto& [key, value] : *window.chosen) {
            chosen.params[key] = value;
        }
        BacktestOptions out;
        out.stop = options.stop;
        out.riskFreeRate = options.riskFreeRate;
        out.tradeFrom = window.testFrom;
        try {
            BacktestResult oos =
                runBacktest(chosen, sliceBacktestData(data, window.trainFrom, window.testTo), out);
            // Chained: this window's returns on the equity the last one left.
            const double scale = equity / cash;
            for (const EquityPoint& p : oos.input.equity) {
                stitched.equity.push_back({p.ts, p.equity * scale, p.inMarket});
            }
            if (!oos.input.equity.empty()) {
                equity = stitched.equity.back().equity;
            }
            const double benchmarkScale = benchmark / cash;
            for (const EquityPoint& p : oos.input.benchmark) {
                stitched.benchmark.push_back({p.ts, p.equity * benchmarkScale, p.inMarket});
            }
            if (!oos.input.benchmark.empty()) {
                benchmark = stitched.benchmark.back().equity;
            }
            stitched.trades.insert(stitched.trades.end(), oos.input.trades.begin(),
                                   oos.input.trades.end());
            stitched.fills.insert(stitched.fills.end(), oos.input.fills.begin(),
                                  oos.input.fills.end());
            const double inAnnual = window.inSample->statistics.annualizedReturnPct;
            if (inAnnual != 0.0) {
                efficiencySum += oos.statistics.annualizedReturnPct / inAnnual;
                ++efficiencyCount;
            }
            window.outOfSample = std::move(oos);
        } catch (const std::exception& error) {
            window.error = error.what();
        }
        if (options.progress) {
            options.progress(&window - result.windows.data() + 1,
                             static_cast<std::int64_t>(result.windows.size()));
        }
    }
    result.statistics = computeStatistics(stitched);
    if (efficiencyCount > 0) {
        result.efficiency = efficiencySum / efficiencyCount;
    }
    return result;
}

QJsonObject toJson(const WalkForwardResult& result) {
    QJsonArray windows;
    for (const WalkForwardWindow& w : result.windows) {
        QJsonObject window{
            {QStringLiteral("train_from"), qs(formatIso8601(w.trainFrom))},
            {QStringLiteral("test_from"), qs(formatIso8601(w.testFrom))},
            {QStringLiteral("test_to"), qs(formatIso8601(w.testTo))},
            {QStringLiteral("chosen"), w.chosen ? QJsonValue(paramsJson(*w.chosen)) : QJsonValue()},
            {QStringLiteral("in_sample_objective"),
             w.chosen ? jsonNumber(w.inSampleObjective) : QJsonValue()},
            {QStringLiteral("failed_combinations"), w.failedCombinations},
            {QStringLiteral("in_sample"),
             w.inSample ? QJsonValue(resultJson(*w.inSample)) : QJsonValue()},
            {QStringLiteral("out_of_sample"),
             w.outOfSample ? QJsonValue(resultJson(*w.outOfSample)) : QJsonValue()},
            {QStringLiteral("error"), w.error.empty() ? QJsonValue() : QJsonValue(qs(w.error))},
        };
        windows.append(window);
    }
    return QJsonObject{
        {QStringLiteral("objective"), QString::fromLatin1(toString(result.objective))},
        {QStringLiteral("windows"), windows},
        {QStringLiteral("out_of_sample"), toJson(result.statistics)},
        {QStringLiteral("efficiency"),
         result.efficiency ? jsonNumber(*result.efficiency) : QJsonValue()},
        {QStringLiteral("cancelled"), result.cancelled},
    };
}

}  // namespace causeway::engine
