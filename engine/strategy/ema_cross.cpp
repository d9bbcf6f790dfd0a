#include "engine/strategy/ema_cross.h"

#include <stdexcept>

#include "engine/strategy/strategy_builder.h"

namespace causeway::engine {

DispositionEnvelope EmaPairContextWorker::process(StrategyCache& cache, const FlowContext& flow) {
    cache.set(EmaPairContext{flow.origin.ts, m_fast.value(), m_slow.value(), m_fast.previous(),
                             m_slow.previous(), flow.bar->close.toDouble()});
    return DispositionEnvelope::next();
}

DispositionEnvelope EmaCrossDetector::process(StrategyCache& cache, const FlowContext& flow) {
    const auto& ema = cache.get<EmaPairContext>();
    if (!ema.fast || !ema.slow || !ema.prevFast || !ema.prevSlow) {
        return DispositionEnvelope::next();
    }
    const bool up = *ema.fast > *ema.slow && *ema.prevFast <= *ema.prevSlow;
    const bool down = *ema.fast < *ema.slow && *ema.prevFast >= *ema.prevSlow;
    if (!up && !down) {
        return DispositionEnvelope::next();
    }
    OpportunitySignal signal;
    signal.id = flow.ids->next("SIG", flow.origin.ts, flow.symbol.name());
    signal.ts = flow.origin.ts;
    signal.symbol = flow.symbol;
    signal.signalType = up ? "ema_cross_up" : "ema_cross_down";
    signal.direction = up ? Side::kBuy : Side::kSell;
    signal.evidence = Evidence{
        {"fast_period", m_fastPeriod},
        {"slow_period", m_slowPeriod},
        {"fast_ema", *ema.fast},
        {"slow_ema", *ema.slow},
        {"prev_fast_ema", *ema.prevFast},
        {"prev_slow_ema", *ema.prevSlow},
        {"close", ema.close},
    };
    return DispositionEnvelope::publish("OPPORTUNITY_DETECTED", std::move(signal));
}

namespace {

std::vector<std::unique_ptr<Worker>> buildEmaCross(const StrategyBuildContext& context) {
    const int fast = context.integer("fast");
    const int slow = context.integer("slow");
    const std::string& source = context.candles.id();
    auto& fastNode =
        context.graph.emplace<EmaNode>(source + ".ema_" + std::to_string(fast), source, fast);
    auto& slowNode =
        context.graph.emplace<EmaNode>(source + ".ema_" + std::to_string(slow), source, slow);

    std::vector<std::unique_ptr<Worker>> workers;
    workers.push_back(regimeWorker(context));
    workers.push_back(std::make_unique<EmaPairContextWorker>(fastNode, slowNode));
    workers.push_back(std::make_unique<EmaCrossDetector>(fast, slow));
    appendPlanning(workers, context, "exit on the opposite signal or at the end of data; no stop");
    return workers;
}

}  // namespace

StrategySpec emaCrossSpec() {
    return {"ema_cross",
            "Trend following on the crossing of two exponential moving averages of the close: "
            "long when the fast EMA crosses above the slow one, out (or reversed to short) when "
            "it crosses below.",
            {
                {"fast", ParamType::kInteger, "10", 1, 1000, "period of the fast EMA, in bars"},
                {"slow", ParamType::kInteger, "30", 2, 5000, "period of the slow EMA, in bars"},
                {"qty", ParamType::kDecimal, "1", 0.00000001, 1e9, "quantity per entry"},
                {"allow_short", ParamType::kBoolean, "false", std::nullopt, std::nullopt,
                 "reverse to short on the cross below instead of only exiting"},
            },
            buildEmaCross,
            checkFastBelowSlow};
}

}  // namespace causeway::engine
