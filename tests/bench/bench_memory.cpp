// Memory for one million bars (DESIGN.md budget: <= 64 MB). Reported as
// counters: bytes per Candle, the vector's bytes, and the growth of the
// process's resident set while the bars are held.

#include <benchmark/benchmark.h>

#include "bench_data.h"
#include "engine/data/bar_csv_reader.h"

namespace {

using namespace causeway;

constexpr double kMegabyte = 1e6;

// Exactly sized: what a reader that knows the count would hold.
void BM_MillionCandlesInAVector(benchmark::State& state) {
    double rssDelta = 0.0;
    std::size_t capacity = 0;
    for (auto _ : state) {
        const std::int64_t before = bench::residentBytes();
        const std::vector<engine::Candle> bars = bench::minuteBars();
        rssDelta = static_cast<double>(bench::residentBytes() - before);
        capacity = bars.capacity();
        benchmark::DoNotOptimize(bars.data());
    }
    state.counters["bytes_per_bar"] = static_cast<double>(sizeof(engine::Candle));
    state.counters["vector_MB"] =
        static_cast<double>(capacity * sizeof(engine::Candle)) / kMegabyte;
    state.counters["rss_delta_MB"] = rssDelta / kMegabyte;
}
BENCHMARK(BM_MillionCandlesInAVector)->Unit(benchmark::kMillisecond)->Iterations(3);

// Through loadBars, as a backtest holds them: the vector grows by doubling.
void BM_MillionCandlesFromCsv(benchmark::State& state) {
    const std::string& path = bench::barFile();
    double rssDelta = 0.0;
    std::size_t capacity = 0;
    for (auto _ : state) {
        const std::int64_t before = bench::residentBytes();
        const std::vector<engine::Candle> bars = engine::loadBars(path);
        rssDelta = static_cast<double>(bench::residentBytes() - before);
        capacity = bars.capacity();
        benchmark::DoNotOptimize(bars.data());
    }
    state.counters["vector_MB"] =
        static_cast<double>(capacity * sizeof(engine::Candle)) / kMegabyte;
    state.counters["rss_delta_MB"] = rssDelta / kMegabyte;
}
BENCHMARK(BM_MillionCandlesFromCsv)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
