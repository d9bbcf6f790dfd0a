// The backtest lab end to end: `backtest`'s work without the process around
// it. ema_cross (10, 30) over 1,000,000 one-minute bars, from the CSV to a
// finished run database; the same bars from memory with no storage (what an
// optimization's run costs); four symbols of 250,000 bars each on one and
// two executor threads. bars/s and events/s of the whole run.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "bench_data.h"
#include "engine/lab/backtest_runner.h"
#include "engine/runtime/logging.h"
#include "engine/storage/storage_writer.h"

namespace {

using namespace causeway;

// ema_cross with its defaults. Logs at warn: the walk's volumes give the
// validator thousands of info lines whose printing is not the lab's cost.
const engine::ResolvedSettings& emaCross() {
    static const engine::ResolvedSettings settings = [] {
        engine::setupLogging("warn");
        engine::RunSettings run;
        run.strategy = "ema_cross";
        return engine::resolveRunSettings(run);
    }();
    return settings;
}

// `count` one-minute bars for each of `symbols` symbols, all at the same
// times: consecutive stretches of bench_data.h's walk, so the symbols move
// differently.
engine::BacktestData memoryData(int symbols, std::int64_t count) {
    const std::vector<engine::Candle> walk = bench::minuteBars(symbols * count);
    engine::BacktestData data;
    for (int s = 0; s < symbols; ++s) {
        engine::SymbolSeries series;
        series.path = "memory";
        const engine::Symbol symbol("SYM" + std::to_string(s));
        const auto from = walk.begin() + s * count;
        series.bars.assign(from, from + count);
        for (std::int64_t i = 0; i < count; ++i) {
            engine::Candle& bar = series.bars[static_cast<std::size_t>(i)];
            bar.symbol = symbol;
            bar.ts = walk[static_cast<std::size_t>(i)].ts;
        }
        data.symbols.push_back(std::move(series));
    }
    return data;
}

// What the runs of one benchmark did, reported per second of wall time.
struct Totals {
    std::int64_t bars = 0;
    std::int64_t events = 0;
    std::int64_t trades = 0;

    void add(const engine::BacktestResult& result) {
        bars += result.summary.bars;
        events += result.summary.events;
        trades += result.summary.trades;
    }

    void report(benchmark::State& state) const {
        state.SetItemsProcessed(bars);
        state.counters["bars/s"] =
            benchmark::Counter(static_cast<double>(bars), benchmark::Counter::kIsRate);
        state.counters["events/s"] =
            benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
        state.counters["trades_per_run"] =
            static_cast<double>(trades) / static_cast<double>(state.iterations());
    }
};

// The CSV read, validated and run into a StorageWriter database, until
// finish() has written the last row.
void BM_BacktestCsvToLedger(benchmark::State& state) {
    const engine::ResolvedSettings& settings = emaCross();
    const std::string& csv = bench::barFile();
    const std::string db = bench::tempDir().file("backtest.sqlite");
    Totals totals;
    std::int64_t records = 0;  // handed to the writer
    for (auto _ : state) {
        const engine::BacktestData data = engine::loadBacktestData({csv}, {}, "");
        engine::StorageWriter writer(db);
        engine::BacktestOptions options;
        options.storage = &writer;
        const engine::BacktestResult result = engine::runBacktest(settings, data, options);
        if (const auto error = writer.finish()) {
            state.SkipWithError(error->c_str());
            return;
        }
        totals.add(result);
        records += writer.rowsWritten();
    }
    totals.report(state);
    state.counters["records/s"] =
        benchmark::Counter(static_cast<double>(records), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_BacktestCsvToLedger)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

// The bars already in memory, no storage: the executor and the statistics.
void BM_BacktestEngineLoop(benchmark::State& state) {
    const engine::BacktestData data = memoryData(1, bench::kRows);
    Totals totals;
    for (auto _ : state) {
        const engine::BacktestResult result = engine::runBacktest(emaCross(), data, {});
        totals.add(result);
    }
    totals.report(state);
}
BENCHMARK(BM_BacktestEngineLoop)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

// Four symbols of 250,000 bars, no storage, on state.range(0) threads.
void BM_BacktestFourSymbolsThreads(benchmark::State& state) {
    const engine::BacktestData data = memoryData(4, bench::kRows / 4);
    engine::BacktestOptions options;
    options.threads = static_cast<int>(state.range(0));
    Totals totals;
    for (auto _ : state) {
        const engine::BacktestResult result = engine::runBacktest(emaCross(), data, options);
        totals.add(result);
    }
    totals.report(state);
}
BENCHMARK(BM_BacktestFourSymbolsThreads)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(3);

}  // namespace
