#include "engine/strategy/risk_monitors.h"

#include <algorithm>
#include <limits>
#include <optional>

namespace causeway::engine {

namespace {
// -Wpedantic accepts __int128 only behind __extension__.
__extension__ typedef __int128 Wide;
}  // namespace

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

Quantity ExposureMonitor::affordable(Money equity, Quantity pct, Price price) {
    if (equity <= Money() || price <= Price()) {
        return Quantity();
    }
    // equity × pct / 100 / price in raw units, rounded down, in 128 bits
    const Wide scale = Quantity::kScale;
    const Wide value = static_cast<Wide>(equity.raw()) * pct.raw() / (100 * scale);
    const Wide units = value * scale / price.raw();
    const Wide largest = std::numeric_limits<std::int64_t>::max();
    return Quantity::fromRaw(static_cast<std::int64_t>(units < largest ? units : largest));
}

DispositionEnvelope ExposureMonitor::process(StrategyCache& cache, const FlowContext& flow) {
    const Quantity position = flow.ledger->position(flow.strategy, flow.symbol);
    const auto& signals = cache.opportunities();
    const auto entry = std::find_if(signals.begin(), signals.end(), [&](const auto& signal) {
        if (signal.intent != SignalIntent::kEnter) {
            return false;
        }
        const bool isBuy = signal.direction == Side::kBuy;
        const bool held = isBuy ? position > Quantity() : position < Quantity();
        // already positioned that way, or a short that may not be opened
        return !held && (isBuy || m_limits.allowShort);
    });
    if (entry == signals.end()) {
        return DispositionEnvelope::next();
    }
    // a reversal closes first: the new position starts from zero
    std::optional<Quantity> cap;
    QJsonObject details;
    if (!m_limits.maxPosition.isZero()) {
        cap = m_limits.maxPosition;
        details[QStringLiteral("max_position")] = m_limits.maxPosition.toDouble();
    }
    if (!m_limits.maxExposurePct.isZero()) {
        const Money equity = flow.ledger->equity();
        const Quantity byValue = affordable(equity, m_limits.maxExposurePct, flow.bar->close);
        cap = cap ? std::min(*cap, byValue) : byValue;
        details[QStringLiteral("max_exposure_pct")] = m_limits.maxExposurePct.toDouble();
        details[QStringLiteral("equity")] = equity.toDouble();
        details[QStringLiteral("close")] = flow.bar->close.toDouble();
    }
    if (!cap) {
        return DispositionEnvelope::next();
    }
    details[QStringLiteral("position")] = position.toDouble();
    details[QStringLiteral("direction")] = QString::fromLatin1(toString(entry->direction));

    ThreatSignal threat;
    threat.id = flow.ids->next("RSK", flow.origin.ts, flow.symbol.name());
    threat.ts = flow.origin.ts;
    threat.symbol = flow.symbol;
    threat.threatType = "exposure_limit";
    threat.blocking = cap->isZero();
    threat.severity = threat.blocking ? 1.0 : 0.0;
    threat.sizeCap = *cap;
    threat.details = std::move(details);
    return DispositionEnvelope::publish("THREAT_DETECTED", std::move(threat));
}

}  // namespace causeway::engine
