#pragma once

#include <optional>

#include "engine/indicators/nodes.h"
#include "engine/strategy/strategy_registry.h"
#include "engine/strategy/worker.h"

namespace causeway::engine {

// Context DTO: both EMAs on this bar and the previous one.
struct EmaPairContext {
    Timestamp ts = 0;
    std::optional<double> fast;
    std::optional<double> slow;
    std::optional<double> prevFast;
    std::optional<double> prevSlow;
    double close = 0.0;
};

// Context worker: reads the fast and slow EMA nodes of the DAG.
class EmaPairContextWorker final : public Worker {
public:
    EmaPairContextWorker(const EmaNode& fast, const EmaNode& slow) : m_fast(fast), m_slow(slow) {}
    std::string name() const override { return "ema_pair_context"; }
    WorkerRole role() const override { return WorkerRole::kContext; }
    DispositionEnvelope process(StrategyCache& cache, const FlowContext& flow) override;

private:
    const EmaNode& m_fast;
    const EmaNode& m_slow;
};

// Opportunity worker: a cross of the fast EMA over the slow one, with both
// defined on this bar and the previous one. Up: fast > slow now and
// fast <= slow before. Down: fast < slow now and fast >= slow before.
class EmaCrossDetector final : public Worker {
public:
    EmaCrossDetector(int fastPeriod, int slowPeriod)
        : m_fastPeriod(fastPeriod), m_slowPeriod(slowPeriod) {}
    std::string name() const override { return "ema_cross_detector"; }
    WorkerRole role() const override { return WorkerRole::kOpportunity; }
    DispositionEnvelope process(StrategyCache& cache, const FlowContext& flow) override;

private:
    int m_fastPeriod;
    int m_slowPeriod;
};

// ema_cross (DESIGN.md): long when flat and the fast EMA crosses above the
// slow one, exit on the cross below; with allow_short, reverse instead.
StrategySpec emaCrossSpec();

}  // namespace causeway::engine
