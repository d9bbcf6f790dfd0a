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

// Threat worker: the position and exposure limits. On a flow whose entry
// signal could open a position (or reverse into one) it publishes a
// ThreatSignal "exposure_limit" whose size cap is the largest position the
// limits leave room for:
//   max_position      at most this many units held
//   max_exposure_pct  the position's value at the close at most this % of
//                     equity (100: no leverage)
// A zero limit is no limit. With no room at all the threat is blocking (a
// decision not to trade); otherwise the size planners stay below the cap.
class ExposureMonitor final : public Worker {
public:
    struct Limits {
        Quantity maxPosition;     // zero: none
        Quantity maxExposurePct;  // zero: none
        bool allowShort = false;  // a sell entry opens nothing without it
    };
    explicit ExposureMonitor(Limits limits) : m_limits(limits) {}
    std::string name() const override { return "exposure_monitor"; }
    WorkerRole role() const override { return WorkerRole::kThreat; }
    DispositionEnvelope process(StrategyCache& cache, const FlowContext& flow) override;

    // The largest position `pct`% of `equity` buys at `price`, rounded down
    // to 8 decimals; zero when equity is not positive.
    static Quantity affordable(Money equity, Quantity pct, Price price);

private:
    Limits m_limits;
};

}  // namespace causeway::engine
