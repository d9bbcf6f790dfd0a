#include <QCoreApplication>
#include <QJsonArray>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <sstream>

#include "cli_commands.h"
#include "cli_output.h"
#include "cli_progress.h"
#include "cli_run_options.h"
#include "engine/lab/html_report.h"
#include "engine/lab/optimizer.h"

namespace causeway::app {

namespace {

std::uint64_t wholeNumber(const CliArgs& args, const std::string& option,
                          const std::string& fallback) {
    const std::string text = args.value(option, fallback);
    std::uint64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) {
        throw UsageError("invalid value '" + text + "' for --" + option +
                         ": expected a whole number >= 0");
    }
    return value;
}

std::string paramsText(const engine::ParameterSet& params) {
    std::string text;
    for (const auto& [key, value] : params) {
        text += (text.empty() ? "" : " ") + key + '=' + value;
    }
    return text;
}

std::string number(double value, int decimals = 4) {
    char text[64];
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    return text;
}

std::string optionalNumber(const std::optional<double>& value) {
    return value ? number(*value) : std::string("-");
}

// The rows that ran, best first by the objective (ties: combination order).
std::vector<const engine::OptimizationRow*> ranked(const std::vector<engine::OptimizationRow>& rows,
                                                   engine::Objective objective) {
    std::vector<const engine::OptimizationRow*> order;
    for (const auto& row : rows) {
        if (row.ran()) {
            order.push_back(&row);
        }
    }
    std::stable_sort(order.begin(), order.end(), [&](const auto* a, const auto* b) {
        return engine::objectiveValue(*a->result, objective) >
               engine::objectiveValue(*b->result, objective);
    });
    return order;
}

const std::vector<std::string> kRowColumns{"rank",     "parameters", "trades",   "net pnl",
                                           "return %", "sharpe",     "max dd %", "profit factor"};

std::vector<std::string> rowCells(std::size_t rank, const engine::ParameterSet& params,
                                  const engine::BacktestResult& r) {
    const engine::RunStatistics& s = r.statistics;
    return {std::to_string(rank),
            paramsText(params),
            std::to_string(r.summary.trades),
            number(s.netPnl, 2),
            number(s.totalReturnPct),
            number(s.sharpe),
            number(s.maxDrawdownPct),
            optionalNumber(s.profitFactor)};
}

void printTable(const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::size_t> widths(kRowColumns.size());
    for (std::size_t c = 0; c < kRowColumns.size(); ++c) {
        widths[c] = kRowColumns[c].size();
        for (const auto& row : rows) {
            widths[c] = std::max(widths[c], row[c].size());
        }
    }
    const auto print = [&](const std::vector<std::string>& row) {
        for (std::size_t c = 0; c < row.size(); ++c) {
            std::printf(c == 1 ? "%-*s  " : "%*s  ", static_cast<int>(widths[c]), row[c].c_str());
        }
        std::printf("\n");
    };
    print(kRowColumns);
    for (const auto& row : rows) {
        print(row);
    }
}

void writeReport(const std::string& path, engine::ReportInput report) {
    report.generatedBy = "causeway-cli " + QCoreApplication::applicationVersion().toStdString();
    CliOutput out(path);
    out.write(engine::renderHtmlReport(report));
    out.commit();
}

std::vector<std::pair<std::string, std::string>> settingsList(const engine::RunSettings& settings,
                                                              const engine::BacktestData& data,
                                                              const std::vector<std::string>& grid,
                                                              engine::Objective objective) {
    std::vector<std::pair<std::string, std::string>> list{
        {"strategy", settings.strategy},
        {"data", data.dataList()},
        {"timeframes", data.timeframeList()},
        {"initial cash", settings.initialCash},
        {"fee (bps)", settings.feeBps},
        {"slippage (bps)", settings.slippageBps},
        {"objective", engine::toString(objective)}};
    for (const auto& [key, value] : settings.params) {
        list.emplace_back(key, value);
    }
    for (const std::string& axis : grid) {
        list.emplace_back("grid", axis);
    }
    return list;
}

int runGrid(const CliArgs& args, const engine::RunSettings& settings,
            const std::vector<engine::ParameterSet>& combinations, const engine::BacktestData& data,
            engine::OptimizationOptions options, engine::Objective objective,
            const InterruptGuard& interrupt) {
    TerminalProgress progress("runs");
    options.progress = [&](std::int64_t done, std::int64_t total) { progress.update(done, total); };
    const auto rows = engine::runOptimization(settings, combinations, data, options);
    progress.finish();
    const auto order = ranked(rows, objective);
    for (const auto& row : rows) {
        if (!row.error.empty()) {
            std::fprintf(stderr, "causeway-cli optimize: combination %zu (%s) failed: %s\n",
                         row.index, paramsText(row.params).c_str(), row.error.c_str());
        }
    }
    if (args.has("report") && !order.empty()) {
        // The best combination again, with its series, for the charts.
        engine::RunSettings best = settings;
        for (const auto& [key, value] : order.front()->params) {
            best.params[key] = value;
        }
        engine::BacktestOptions run;
        run.riskFreeRate = options.riskFreeRate;
        const engine::BacktestResult result = engine::runBacktest(best, data, run);
        engine::ReportInput report = engine::runReport(
            "optimize " + settings.strategy + " on " + data.symbolList() + ": best by " +
                engine::toString(objective) + ", " + paramsText(order.front()->params),
            result.statistics, result.input);
        report.parameters = settingsList(settings, data, args.values("grid"), objective);
        engine::ReportTable table{"Combinations, best first", kRowColumns, {}};
        for (std::size_t i = 0; i < order.size() && i < 1000; ++i) {
            table.rows.push_back(rowCells(i + 1, order[i]->params, *order[i]->result));
        }
        report.tables.push_back(std::move(table));
        writeReport(args.value("report"), std::move(report));
    }
    if (args.flag("json")) {
        QJsonArray json;
        for (const auto& row : rows) {
            json.append(engine::toJson(row));
        }
        printJson(QJsonDocument(json));
    } else {
        std::printf("%zu combinations, %zu ran, %zu failed; ranked by %s\n", rows.size(),
                    order.size(),
                    static_cast<std::size_t>(std::count_if(
                        rows.begin(), rows.end(), [](const auto& r) { return !r.error.empty(); })),
                    engine::toString(objective));
        const auto top = static_cast<std::size_t>(wholeNumber(args, "top", "20"));
        std::vector<std::vector<std::string>> cells;
        for (std::size_t i = 0; i < order.size() && i < top; ++i) {
            cells.push_back(rowCells(i + 1, order[i]->params, *order[i]->result));
        }
        printTable(cells);
    }
    if (interrupt.interrupted()) {
        return kInterrupted;
    }
    return order.empty() ? 1 : kOk;
}

int runWalkForward(const CliArgs& args, const engine::RunSettings& settings,
                   const std::vector<engine::ParameterSet>& combinations,
                   const engine::BacktestData& data, engine::OptimizationOptions options,
                   engine::Objective objective, const InterruptGuard& interrupt) {
    const std::string spec = args.value("walk-forward");
    const auto colon = spec.find(':');
    const auto train = engine::Timeframe::parse(spec.substr(0, colon));
    const auto test = colon == std::string::npos ? std::nullopt
                                                 : engine::Timeframe::parse(spec.substr(colon + 1));
    if (!train || !test || train->nanos <= 0 || test->nanos <= 0) {
        throw UsageError("invalid value '" + spec +
                         "' for --walk-forward: expected IN_SAMPLE:OUT_OF_SAMPLE durations such "
                         "as 730d:180d or 52w:13w");
    }
    TerminalProgress progress("windows");
    options.progress = [&](std::int64_t done, std::int64_t total) { progress.update(done, total); };
    const engine::WalkForwardResult result = engine::runWalkForward(
        settings, combinations, data, train->nanos, test->nanos, objective, options);
    progress.finish();

    engine::ReportTable table{"Walk-forward windows",
                              {"window", "in sample", "out of sample", "chosen",
                               std::string("in-sample ") + engine::toString(objective),
                               "oos trades", "oos return %", "oos sharpe", "oos max dd %"},
                              {}};
    for (std::size_t i = 0; i < result.windows.size(); ++i) {
        const engine::WalkForwardWindow& w = result.windows[i];
        std::vector<std::string> row{std::to_string(i + 1),
                                     engine::formatIso8601(w.trainFrom).substr(0, 10) + " .. " +
                                         engine::formatIso8601(w.testFrom).substr(0, 10),
                                     engine::formatIso8601(w.testFrom).substr(0, 10) + " .. " +
                                         engine::formatIso8601(w.testTo).substr(0, 10),
                                     w.chosen ? paramsText(*w.chosen) : "-",
                                     w.chosen ? number(w.inSampleObjective) : "-"};
        if (w.outOfSample) {
            const engine::RunStatistics& s = w.outOfSample->statistics;
            row.insert(row.end(),
                       {std::to_string(w.outOfSample->summary.trades), number(s.totalReturnPct),
                        number(s.sharpe), number(s.maxDrawdownPct)});
        } else {
            row.insert(row.end(), {"-", "-", "-", w.error.empty() ? "-" : w.error});
        }
        table.rows.push_back(std::move(row));
    }
    if (args.has("report")) {
        engine::ReportInput report =
            engine::runReport("walk-forward " + settings.strategy + " on " + data.symbolList() +
                                  " (" + spec + ", by " + engine::toString(objective) + ")",
                              result.statistics, result.stitched);
        report.parameters = settingsList(settings, data, args.values("grid"), objective);
        report.parameters.emplace_back("efficiency", optionalNumber(result.efficiency));
        report.tables.push_back(table);
        writeReport(args.value("report"), std::move(report));
    }
    if (args.flag("json")) {
        printJson(QJsonDocument(engine::toJson(result)));
    } else {
        std::printf("walk-forward %s, %zu windows, %zu combinations each, chosen by %s\n",
                    spec.c_str(), result.windows.size(), combinations.size(),
                    engine::toString(objective));
        for (const auto& row : table.rows) {
            std::printf("  %s  IS %s  OOS %s  %s  -> %s trades, return %s%%, sharpe %s\n",
                        row[0].c_str(), row[1].c_str(), row[2].c_str(), row[3].c_str(),
                        row[5].c_str(), row[6].c_str(), row[7].c_str());
        }
        const engine::RunStatistics& s = result.statistics;
        std::printf(
            "out of sample: return %.4f%%, annualized %.4f%%, sharpe %.4f, max drawdown "
            "%.4f%%, %d trades; efficiency %s\n",
            s.totalReturnPct, s.annualizedReturnPct, s.sharpe, s.maxDrawdownPct, s.tradeCount,
            optionalNumber(result.efficiency).c_str());
    }
    if (interrupt.interrupted()) {
        return kInterrupted;
    }
    const bool anyRan = std::any_of(result.windows.begin(), result.windows.end(),
                                    [](const auto& w) { return w.outOfSample.has_value(); });
    return anyRan ? kOk : 1;
}

}  // namespace

int runOptimize(const std::vector<std::string>& rawArgs) {
    const CliArgs args(
        rawArgs, runOptionsSpec({"objective", "samples", "seed", "walk-forward", "report", "top"},
                                {"grid"}, {"json"}));
    const engine::RunSettings settings = runSettings(args);
    if (!args.has("grid")) {
        throw UsageError("missing required option --grid KEY=FROM:TO:STEP");
    }
    std::vector<engine::ParameterAxis> axes;
    // --grid A --grid B, or several axes in one value: --grid "A B"
    std::vector<std::string> axisTexts;
    for (const std::string& value : args.values("grid")) {
        std::istringstream words(value);
        for (std::string word; words >> word;) {
            axisTexts.push_back(word);
        }
    }
    if (axisTexts.empty()) {
        throw UsageError("--grid names no parameter: expected KEY=FROM:TO:STEP");
    }
    for (const std::string& text : axisTexts) {
        axes.push_back(engine::parseAxis(text));
        if (settings.params.contains(axes.back().key)) {
            throw UsageError(axes.back().key + " is both swept (--grid) and fixed (--param)");
        }
    }
    // The strategy and the fixed settings are checked once, before any run.
    engine::resolveRunSettings(settings);
    const auto objective = engine::parseObjective(args.value("objective", "sharpe"));
    if (!objective) {
        throw UsageError("invalid value '" + args.value("objective") +
                         "' for --objective: expected sharpe, sortino, calmar, net_pnl, "
                         "return_pct or profit_factor");
    }
    const std::vector<engine::ParameterSet> combinations =
        args.has("samples") ? engine::randomCombinations(
                                  axes, static_cast<std::size_t>(wholeNumber(args, "samples", "0")),
                                  wholeNumber(args, "seed", "1"))
                            : engine::gridCombinations(axes);
    if (args.has("seed") && !args.has("samples")) {
        throw UsageError("--seed goes with --samples (random search)");
    }
    if (combinations.empty()) {
        throw UsageError("--samples 0 draws no combination");
    }
    engine::OptimizationOptions options;
    options.threads = threadCount(args);
    options.riskFreeRate = riskFreeRate(args);
    const engine::BacktestData data = backtestData(args);
    const InterruptGuard interrupt;
    options.stop = interrupt.flag();
    if (args.has("walk-forward")) {
        return runWalkForward(args, settings, combinations, data, options, *objective, interrupt);
    }
    return runGrid(args, settings, combinations, data, options, *objective, interrupt);
}

}  // namespace causeway::app
