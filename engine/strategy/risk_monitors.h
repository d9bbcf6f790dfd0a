#pragma once

#include "engine/indicators/indicator_node.h"
#include "engine/strategy/worker.h"

namespace causeway::engine {

// Threat worker: a bar whose true range is more than `multiple` times the
// average true range before it is a volatility shock (gap, news, halt
// reopening). It publishes a blocking ThreatSignal "volatility_spike": no new
// exposure on that bar; exits stay allowed. Severity = range / (multiple ×
// ATR), so 1 is the threshold.
class VolatilitySpikeMonitor final : public Worker {
public:
    // `trueRange` is an atr:1 node (the bar's true range), `atr` an atr:N node.
    VolatilitySpikeMonitor(const IndicatorNode& trueRange, const IndicatorNode& atr,
                           double multiple);
    std::string name() const override { return "volatility_spike_monitor"; }
    WorkerRole role() const override { return WorkerRole::kThreat; }
    DispositionEnvelope process(StrategyCache& cache, const FlowContext& flow) override;

private:
    const IndicatorNode& m_trueRange;
    const IndicatorNode& m_atr;
    double m_multiple;
};

}  // namespace causeway::engine
