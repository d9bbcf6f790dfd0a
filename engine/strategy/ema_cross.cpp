#include "engine/strategy/ema_cross.h"

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
    signal.evidence = QJsonObject{
        {QStringLiteral("fast_period"), m_fastPeriod},
        {QStringLiteral("slow_period"), m_slowPeriod},
        {QStringLiteral("fast_ema"), *ema.fast},
        {QStringLiteral("slow_ema"), *ema.slow},
        {QStringLiteral("prev_fast_ema"), *ema.prevFast},
        {QStringLiteral("prev_slow_ema"), *ema.prevSlow},
        {QStringLiteral("close"), ema.close},
    };
    return DispositionEnvelope::publish("OPPORTUNITY_DETECTED", std::move(signal));
}

}  // namespace causeway::engine
