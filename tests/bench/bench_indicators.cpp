// Indicator throughput: updates per second of each indicator over 1,000,000
// one-minute bars held in memory, and of a 20-indicator set fed bar by bar
// (directly, and as IndicatorNodes in a DAG). Figures go into issue notes;
// nothing here is asserted.

#include <benchmark/benchmark.h>

#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "bench_data.h"
#include "engine/dag/graph.h"
#include "engine/indicators/indicator_node.h"
#include "engine/indicators/indicator_registry.h"
#include "engine/indicators/nodes.h"

namespace {

using namespace causeway;

// One spec per indicator, with the parameters traders use most.
const std::vector<std::string> kEach{
    "sma:20",  "ema:20",       "wma:20",       "dema:20",          "tema:20",
    "rsi:14",  "macd:12:26:9", "stoch:14:3:3", "stochrsi:14:14:3", "cci:20",
    "adx:14",  "willr:14",     "roc:10",       "mom:10",           "atr:14",
    "natr:14", "bbands:20:2",  "keltner:20:2", "donchian:20",      "obv",
    "mfi:14",  "ad",           "vwap",         "sar:0.02:0.2",     "ichimoku"};

// A workstation-sized set: twenty indicators on the same bars.
const std::vector<std::string> kSet{
    "sma:20", "ema:20",       "wma:20",       "dema:20",          "tema:20",
    "rsi:14", "macd:12:26:9", "stoch:14:3:3", "stochrsi:14:14:3", "cci:20",
    "adx:14", "willr:14",     "roc:10",       "atr:14",           "bbands:20:2",
    "obv",    "mfi:14",       "sar:0.02:0.2", "keltner:20:2",     "vwap"};

const std::vector<engine::Candle>& bars() {
    static const std::vector<engine::Candle> candles = bench::minuteBars();
    return candles;
}

const std::vector<engine::BarInput>& inputs() {
    static const std::vector<engine::BarInput> converted = [] {
        std::vector<engine::BarInput> out;
        out.reserve(bars().size());
        for (const engine::Candle& bar : bars()) {
            out.push_back(engine::BarInput::from(bar));
        }
        return out;
    }();
    return converted;
}

// One indicator over the bars, already converted to doubles.
void BM_Indicator(benchmark::State& state, const std::string& spec) {
    const std::vector<engine::BarInput>& series = inputs();
    std::int64_t updates = 0;
    for (auto _ : state) {
        auto indicator = engine::makeIndicator(spec);
        for (const engine::BarInput& bar : series) {
            indicator->update(bar);
        }
        benchmark::DoNotOptimize(indicator->value());
        updates += static_cast<std::int64_t>(series.size());
    }
    state.counters["updates/s"] =
        benchmark::Counter(static_cast<double>(updates), benchmark::Counter::kIsRate);
}

// The set, bar by bar: each Candle converted once, then every indicator.
void BM_IndicatorSet20(benchmark::State& state) {
    std::int64_t processed = 0;
    for (auto _ : state) {
        std::vector<std::unique_ptr<engine::Indicator>> set;
        for (const std::string& spec : kSet) {
            set.push_back(engine::makeIndicator(spec));
        }
        for (const engine::Candle& candle : bars()) {
            const engine::BarInput bar = engine::BarInput::from(candle);
            for (const auto& indicator : set) {
                indicator->update(bar);
            }
        }
        benchmark::DoNotOptimize(set.back()->value());
        processed += static_cast<std::int64_t>(bars().size());
    }
    state.counters["bars/s"] =
        benchmark::Counter(static_cast<double>(processed), benchmark::Counter::kIsRate);
    state.counters["updates/s"] = benchmark::Counter(
        static_cast<double>(processed * std::ssize(kSet)), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_IndicatorSet20)->Unit(benchmark::kMillisecond)->UseRealTime();

// The same set as IndicatorNodes under one CandleNode, as a strategy's DAG
// runs them: one propagation per bar.
void BM_IndicatorSet20Dag(benchmark::State& state) {
    std::int64_t processed = 0;
    for (auto _ : state) {
        engine::Graph graph;
        auto& candles = graph.emplace<engine::CandleNode>("candles");
        for (const std::string& spec : kSet) {
            graph.emplace<engine::IndicatorNode>(spec, "candles", spec);
        }
        graph.finalize();
        for (const engine::Candle& candle : bars()) {
            candles.set(candle);
            graph.propagate(candles);
        }
        processed += static_cast<std::int64_t>(bars().size());
    }
    state.counters["bars/s"] =
        benchmark::Counter(static_cast<double>(processed), benchmark::Counter::kIsRate);
    state.counters["updates/s"] = benchmark::Counter(
        static_cast<double>(processed * std::ssize(kSet)), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_IndicatorSet20Dag)->Unit(benchmark::kMillisecond)->UseRealTime();

[[maybe_unused]] const bool kRegistered = [] {
    for (const std::string& spec : kEach) {
        benchmark::RegisterBenchmark(("BM_Indicator/" + spec).c_str(), BM_Indicator, spec)
            ->Unit(benchmark::kMillisecond)
            ->UseRealTime();
    }
    return true;
}();

}  // namespace
