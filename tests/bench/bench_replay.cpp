// Replay throughput (DESIGN.md budget: >= 5 million events/s with
// aggregation + 5 indicators + one strategy; the strategy is not part of
// this measurement). An in-memory source replayed through ReplayFeed,
// aggregated to 5m, 15m and 1h by one BarAggregator, and every closed bar
// pushed through a DAG of five EMAs over four timeframes.

#include <benchmark/benchmark.h>

#include <array>
#include <memory>

#include "bench_data.h"
#include "engine/dag/graph.h"
#include "engine/data/bar_aggregator.h"
#include "engine/data/replay_feed.h"
#include "engine/data/synthetic_feed.h"
#include "engine/indicators/nodes.h"

namespace {

using namespace causeway;
using engine::Timeframe;

constexpr engine::Timestamp kMinute = 60 * engine::kNanosPerSecond;

// Candle sources 1m, 5m, 15m, 1h and five EMAs reading them.
class Pipeline final {
public:
    Pipeline() {
        for (std::size_t i = 0; i < kLabels.size(); ++i) {
            m_candles[i] =
                &m_graph.emplace<engine::CandleNode>(std::string("candles_") + kLabels[i]);
        }
        m_graph.emplace<engine::EmaNode>("ema_10_1m", "candles_1m", 10);
        m_graph.emplace<engine::EmaNode>("ema_30_1m", "candles_1m", 30);
        m_graph.emplace<engine::EmaNode>("ema_20_5m", "candles_5m", 20);
        m_graph.emplace<engine::EmaNode>("ema_20_15m", "candles_15m", 20);
        m_graph.emplace<engine::EmaNode>("ema_50_1h", "candles_1h", 50);
        m_graph.finalize();
    }

    // A closed bar of any of the four timeframes.
    void onBar(const engine::Candle& bar) {
        const std::size_t index = bar.timeframe.nanos == kMinute        ? 0
                                  : bar.timeframe.nanos == 5 * kMinute  ? 1
                                  : bar.timeframe.nanos == 15 * kMinute ? 2
                                                                        : 3;
        m_candles[index]->set(bar);
        m_graph.propagate(*m_candles[index]);
        ++m_bars;
    }
    std::int64_t bars() const { return m_bars; }

private:
    static constexpr std::array<const char*, 4> kLabels{"1m", "5m", "15m", "1h"};
    engine::Graph m_graph;
    std::array<engine::CandleNode*, 4> m_candles{};
    std::int64_t m_bars = 0;
};

// 1m bars in: each one goes to the DAG and to the aggregator.
void BM_ReplayMinuteBars(benchmark::State& state) {
    const std::vector<engine::Candle> bars = bench::minuteBars();
    std::int64_t events = 0;
    std::int64_t closed = 0;
    for (auto _ : state) {
        Pipeline pipeline;
        engine::BarAggregator aggregator(
            Timeframe{kMinute},
            {Timeframe{5 * kMinute}, Timeframe{15 * kMinute}, Timeframe{60 * kMinute}},
            [&pipeline](const engine::Candle& bar) { pipeline.onBar(bar); });
        engine::ReplayFeed<engine::Candle> feed(bars);
        events += feed.run([&](const engine::Candle& bar) {
            pipeline.onBar(bar);
            aggregator.add(bar);
        });
        aggregator.flush();
        closed += pipeline.bars();
    }
    state.counters["events/s"] =
        benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
    state.counters["bars_per_run"] =
        static_cast<double>(closed) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_ReplayMinuteBars)->Unit(benchmark::kMillisecond)->UseRealTime();

// Ticks in (one a second): aggregated to 1m, 5m, 15m and 1h; the DAG runs
// on every closed bar.
void BM_ReplayTicks(benchmark::State& state) {
    engine::SyntheticFeedConfig config;
    config.seed = 7;
    config.count = bench::kRows;
    const std::vector<engine::Tick> ticks = engine::SyntheticFeed(config).take(bench::kRows);
    std::int64_t events = 0;
    for (auto _ : state) {
        Pipeline pipeline;
        engine::BarAggregator aggregator(
            Timeframe{},
            {Timeframe{kMinute}, Timeframe{5 * kMinute}, Timeframe{15 * kMinute},
             Timeframe{60 * kMinute}},
            [&pipeline](const engine::Candle& bar) { pipeline.onBar(bar); });
        engine::ReplayFeed<engine::Tick> feed(ticks);
        events += feed.run([&aggregator](const engine::Tick& tick) { aggregator.add(tick); });
        aggregator.flush();
        benchmark::DoNotOptimize(pipeline.bars());
    }
    state.counters["events/s"] =
        benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_ReplayTicks)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
