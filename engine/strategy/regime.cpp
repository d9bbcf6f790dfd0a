#include "engine/strategy/regime.h"

namespace causeway::engine {

RegimeContextWorker::RegimeContextWorker(const IndicatorNode& adx, const IndicatorNode& natr,
                                         EventBus& bus, Thresholds thresholds, bool announce)
    : m_adx(adx),
      m_natr(natr),
      m_adxOutput(adx.output("adx")),
      m_bus(bus),
      m_thresholds(thresholds),
      m_announce(announce) {}

std::string RegimeContextWorker::classify(std::optional<double> adx, std::optional<double> natr,
                                          const Thresholds& thresholds) {
    if (!adx || !natr) {
        return "unknown";
    }
    if (*natr >= thresholds.volatileNatr) {
        return "volatile";
    }
    return *adx >= thresholds.trendingAdx ? "trending" : "ranging";
}

DispositionEnvelope RegimeContextWorker::process(StrategyCache& cache, const FlowContext& flow) {
    const std::optional<double> adx = m_adx.value(m_adxOutput);
    const std::optional<double> natr = m_natr.value();
    RegimeContext context;
    context.ts = flow.origin.ts;
    context.regime = classify(adx, natr, m_thresholds);
    context.adx = adx;
    context.natr = natr;
    if (context.regime != m_regime && m_announce) {
        m_bus.publish(
            RegimeChanged{flow.origin.ts, flow.symbol, m_regime, context.regime, adx, natr});
    }
    m_regime = context.regime;
    cache.set(std::move(context));
    return DispositionEnvelope::next();
}

}  // namespace causeway::engine
