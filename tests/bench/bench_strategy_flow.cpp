// Flow latency: one closed bar in -> DAG computed -> strategy workers run ->
// ExecutionDirective out (or the decision not to trade), per built-in
// strategy, over 200,000 one-minute bars. Reports p50/p99/p99.9 in ns as
// counters; the ledger side is a stand-in that fills instantly, so this is
// the engine's decision path alone.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "bench_data.h"
#include "engine/core/ids.h"
#include "engine/dag/graph.h"
#include "engine/strategy/strategy_registry.h"

using namespace causeway;
using namespace causeway::engine;

namespace {

// Holds the position the directives ask for, as if every order filled.
class InstantLedger final : public LedgerStateProvider {
public:
    Quantity qty;
    std::vector<Money> pnls;
    Quantity position(const std::string&, Symbol) const override { return qty; }
    int openOrders(const std::string&, Symbol) const override { return 0; }
    Money equity() const override { return Money::fromInt(100'000); }
    const std::vector<Money>& closedTradePnls() const override { return pnls; }

    void apply(const ExecutionDirective& directive) {
        for (const auto& leg : directive.legs) {
            qty += leg.side == Side::kBuy ? leg.qty : -leg.qty;
        }
    }
};

void flowLatency(benchmark::State& state, const char* strategy) {
    const std::vector<Candle> bars = bench::minuteBars(200'000);
    std::vector<std::int64_t> nanos;
    nanos.reserve(bars.size());
    std::int64_t directives = 0;
    for (auto _ : state) {
        Graph graph;
        EventBus bus(EventBus::Options{.historyCapacity = 0, .timeHandlers = false});
        auto& candles = graph.emplace<CandleNode>("candles");
        const ParamMap params = StrategyRegistry::resolve(strategy, {});
        auto pipeline =
            StrategyRegistry::build(strategy, params, graph, candles, bars.front().timeframe, bus);
        graph.finalize();
        InstantLedger ledger;
        IdGenerator ids("bench");
        StrategyCache cache;
        StateStore state;
        nanos.clear();
        for (const Candle& bar : bars) {
            const auto start = std::chrono::steady_clock::now();
            candles.set(bar);
            graph.propagate(candles);
            FlowContext flow;
            flow.origin = Origin{OriginType::kCandle, "CDL", bar.ts};
            flow.symbol = bar.symbol;
            flow.bar = &bar;
            flow.strategy = strategy;
            flow.ledger = &ledger;
            flow.state = &state;
            flow.ids = &ids;
            const FlowResult result = pipeline->run(flow, cache);
            const auto end = std::chrono::steady_clock::now();
            nanos.push_back(
                std::chrono::duration_cast<std::chrono::nanoseconds>(end - start).count());
            if (result.directive) {
                ledger.apply(*result.directive);
                ++directives;
            }
        }
    }
    std::sort(nanos.begin(), nanos.end());
    const auto at = [&](double q) {
        return static_cast<double>(
            nanos[static_cast<std::size_t>(q * static_cast<double>(nanos.size() - 1))]);
    };
    state.counters["p50_ns"] = at(0.50);
    state.counters["p99_ns"] = at(0.99);
    state.counters["p999_ns"] = at(0.999);
    state.counters["directives"] = static_cast<double>(directives);
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(bars.size()));
}

}  // namespace

BENCHMARK_CAPTURE(flowLatency, ema_cross, "ema_cross")
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(flowLatency, breakout, "breakout")->Iterations(1)->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(flowLatency, mean_reversion, "mean_reversion")
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(flowLatency, confluence, "confluence")
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(flowLatency, structure_retest, "structure_retest")
    ->Iterations(1)
    ->Unit(benchmark::kMillisecond);
