// CSV import throughput (DESIGN.md budget: >= 2 million bar rows/s): one
// million rows read from a generated file in the page cache, parsed into
// Candles or Ticks, nothing kept.

#include <benchmark/benchmark.h>

#include "bench_data.h"
#include "engine/data/bar_csv_reader.h"
#include "engine/data/tick_csv_reader.h"

namespace {

using namespace causeway;

template <class Reader, class Event>
void importRows(benchmark::State& state, const std::string& path) {
    std::int64_t rows = 0;
    for (auto _ : state) {
        Reader reader(path);
        Event event;
        std::int64_t n = 0;
        while (reader.next(event)) {
            ++n;
        }
        benchmark::DoNotOptimize(event);
        rows += n;
    }
    state.SetItemsProcessed(rows);
    state.SetBytesProcessed(bench::fileBytes(path) * static_cast<std::int64_t>(state.iterations()));
    state.counters["rows/s"] =
        benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
}

void BM_BarCsvImport(benchmark::State& state) {
    importRows<engine::BarCsvReader, engine::Candle>(state, bench::barFile());
}
BENCHMARK(BM_BarCsvImport)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_TickCsvImport(benchmark::State& state) {
    importRows<engine::TickCsvReader, engine::Tick>(state, bench::tickFile());
}
BENCHMARK(BM_TickCsvImport)->Unit(benchmark::kMillisecond)->UseRealTime();

// The whole file into a vector, timeframe inferred: what a backtest pays.
void BM_LoadBars(benchmark::State& state) {
    std::int64_t rows = 0;
    for (auto _ : state) {
        const auto bars = engine::loadBars(bench::barFile());
        rows += static_cast<std::int64_t>(bars.size());
        benchmark::DoNotOptimize(bars.data());
    }
    state.counters["rows/s"] =
        benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_LoadBars)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
