// DESIGN.md's "event in -> order handed to the connector" budget: a closed
// bar enters, the DAG computes, the strategy's workers decide, the
// ExecutionWorker passes the risk engine, registers the containers, writes
// the records (to a sink standing in for the storage writer's lane: each
// record is moved into a preallocated buffer) and hands the order to the
// connector. Measured from the bar in to the connector's submit(), for
// every bar that placed an order, over 200,000 one-minute bars of
// ema_cross(2, 3) reversing on every cross (an order on about a third of
// the bars). p50/p99/p99.9 in ns.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "bench_data.h"
#include "engine/core/ids.h"
#include "engine/dag/graph.h"
#include "engine/execution/execution_worker.h"
#include "engine/storage/storage_writer.h"
#include "engine/strategy/strategy_registry.h"

using namespace causeway;
using namespace causeway::engine;

namespace {

using Clock = std::chrono::steady_clock;

// Fills at once, as the simulator does at the next open; notes when the
// first order of the current bar arrived.
class TimingConnector final : public ExecutionConnector {
public:
    std::optional<Clock::time_point> firstSubmit;

    void setReplyHandler(ReplyHandler handler) override { m_reply = std::move(handler); }
    void submit(const Order& order, Timestamp now) override {
        if (!firstSubmit) {
            firstSubmit = Clock::now();
        }
        m_pending.push_back(order);
        ExchangeReply accepted;
        accepted.kind = ExchangeReply::Kind::kAccepted;
        accepted.orderId = order.id;
        accepted.ts = now;
        m_reply(accepted);
    }
    void cancel(const std::string&, Timestamp) override {}
    void modify(const std::string&, const OrderAmendment&, Timestamp) override {}

    // The next bar opened: what was submitted fills at its open.
    void open(const Candle& bar) {
        std::vector<Order> pending;
        pending.swap(m_pending);
        for (const Order& order : pending) {
            ExchangeReply fill;
            fill.kind = ExchangeReply::Kind::kFill;
            fill.orderId = order.id;
            fill.ts = bar.ts;
            fill.price = bar.open;
            fill.qty = order.qty;
            m_reply(fill);
        }
    }

private:
    ReplyHandler m_reply;
    std::vector<Order> m_pending;
};

void orderLatency(benchmark::State& state) {
    const std::vector<Candle> bars = bench::minuteBars(200'000);
    std::vector<std::int64_t> nanos;
    nanos.reserve(bars.size());
    std::int64_t orders = 0;
    for (auto _ : state) {
        Graph graph;
        EventBus bus(EventBus::Options{.historyCapacity = 0, .timeHandlers = false});
        auto& candles = graph.emplace<CandleNode>("candles");
        const ParamMap params = StrategyRegistry::resolve(
            "ema_cross", {{"fast", "2"}, {"slow", "3"}, {"allow_short", "true"}});
        auto pipeline =
            StrategyRegistry::build("ema_cross", params, graph, candles, bars.front().timeframe, bus);
        graph.finalize();
        TimingConnector connector;
        const bench::TempDir dir;
        StorageWriter sink(dir.file("latency.sqlite"));
        IdGenerator ids("bench");
        RiskLimits limits;
        limits.maxPosition = Quantity::fromInt(100);
        limits.maxOrderNotional = Money::fromInt(1'000'000);
        limits.maxOpenOrders = 10;
        limits.priceBandPct = 10.0;
        ExecutionWorker execution(connector, sink, ids, Money::fromInt(1'000'000), limits);
        StrategyCache cache;
        StateStore store;
        nanos.clear();
        for (const Candle& bar : bars) {
            connector.open(bar);
            const auto start = Clock::now();
            connector.firstSubmit.reset();
            candles.set(bar);
            graph.propagate(candles);
            execution.observeClose(bar);
            FlowContext flow;
            flow.origin = Origin{OriginType::kCandle, "CDL", bar.ts};
            flow.symbol = bar.symbol;
            flow.bar = &bar;
            flow.strategy = "ema_cross";
            flow.ledger = &execution;
            flow.state = &store;
            flow.ids = &ids;
            const FlowResult result = pipeline->run(flow, cache);
            if (result.directive) {
                execution.execute(*result.directive, result.context, bar.ts);
            }
            if (connector.firstSubmit) {
                nanos.push_back(
                    std::chrono::duration_cast<std::chrono::nanoseconds>(*connector.firstSubmit -
                                                                         start)
                        .count());
                ++orders;
            }
            execution.markToMarket(bar, flow.origin);
        }
        sink.finish();
    }
    std::sort(nanos.begin(), nanos.end());
    const auto at = [&](double q) {
        return static_cast<double>(
            nanos[static_cast<std::size_t>(q * static_cast<double>(nanos.size() - 1))]);
    };
    state.counters["p50_ns"] = at(0.50);
    state.counters["p99_ns"] = at(0.99);
    state.counters["p999_ns"] = at(0.999);
    state.counters["orders"] = static_cast<double>(orders);
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(bars.size()));
}

}  // namespace

BENCHMARK(orderLatency)->Iterations(1)->Unit(benchmark::kMillisecond);
