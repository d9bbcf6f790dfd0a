#pragma once

#include "engine/indicators/indicator_node.h"
#include "engine/indicators/timeframe_node.h"
#include "engine/strategy/strategy_registry.h"
#include "engine/strategy/worker.h"

namespace causeway::engine {

// Multi-timeframe confluence, decided at each lower-timeframe bar's close:
// a cross of the lower timeframe's fast EMA over its slow EMA is the
// trigger (up: enter long; down: enter short, or exit a long), and the
// higher timeframe's trend is the filter — up when its last completed bar
// closed above its EMA, down when below.
//
// The trigger is an OpportunitySignal; the filter a ThreatSignal
// "against_higher_timeframe_trend", blocking, raised when a trigger points
// against the trend (or no trend is known yet). A blocked entry is a
// journaled decision not to trade; an exit is never blocked.
class CrossTrigger final : public Worker {
public:
    CrossTrigger(const IndicatorNode& fast, const IndicatorNode& slow)
        : m_fast(fast), m_slow(slow) {}
    std::string name() const override { return "ltf_cross_trigger"; }
    WorkerRole role() const override { return WorkerRole::kOpportunity; }
    DispositionEnvelope process(StrategyCache& cache, const FlowContext& flow) override;

private:
    const IndicatorNode& m_fast;
    const IndicatorNode& m_slow;
};

class HigherTimeframeFilter final : public Worker {
public:
    HigherTimeframeFilter(const TimeframeNode& bars, const IndicatorNode& trend)
        : m_bars(bars), m_trend(trend) {}
    std::string name() const override { return "htf_trend_filter"; }
    WorkerRole role() const override { return WorkerRole::kThreat; }
    DispositionEnvelope process(StrategyCache& cache, const FlowContext& flow) override;

private:
    const TimeframeNode& m_bars;
    const IndicatorNode& m_trend;
};

StrategySpec confluenceSpec();

}  // namespace causeway::engine
