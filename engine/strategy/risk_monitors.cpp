#include "engine/strategy/risk_monitors.h"

namespace causeway::engine {

VolatilitySpikeMonitor::VolatilitySpikeMonitor(const IndicatorNode& trueRange,
                                               const IndicatorNode& atr, double multiple)
    : m_trueRange(trueRange), m_atr(atr), m_multiple(multiple) {}

DispositionEnvelope VolatilitySpikeMonitor::process(StrategyCache& cache, const FlowContext& flow) {
    (void)cache;
    const auto range = m_trueRange.value();
    // the average before this bar: the shock must not dilute its own yardstick
    const auto atr = m_atr.previous();
    if (!range || !atr || *atr <= 0.0 || *range <= m_multiple * *atr) {
        return DispositionEnvelope::next();
    }
    ThreatSignal threat;
    threat.id = flow.ids->next("RSK", flow.origin.ts, flow.symbol.name());
    threat.ts = flow.origin.ts;
    threat.symbol = flow.symbol;
    threat.threatType = "volatility_spike";
    threat.severity = *range / (m_multiple * *atr);
    threat.blocking = true;
    threat.details = QJsonObject{{QStringLiteral("true_range"), *range},
                                 {QStringLiteral("atr_before"), *atr},
                                 {QStringLiteral("multiple"), m_multiple}};
    return DispositionEnvelope::publish("THREAT_DETECTED", std::move(threat));
}

}  // namespace causeway::engine
