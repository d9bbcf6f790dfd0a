#pragma once

#include <QJsonObject>

#include <memory>
#include <optional>
#include <vector>

#include "engine/bus/event_bus.h"
#include "engine/strategy/worker.h"

namespace causeway::engine {

// The outcome of one flow: at most one execution directive or one decision
// not to trade, and the context snapshot the journal keeps with either.
struct FlowResult {
    std::optional<ExecutionDirective> directive;
    std::optional<RejectedDecision> rejected;
    QJsonObject context;
};

// Runs a strategy's workers in wiring order for one flow. It plays the
// FlowInitiator (opens the cache at the event's anchor), the event adapter
// (routes dispositions, publishes system DTOs on the bus) and the
// FlowTerminator (clears the cache whatever happens).
class StrategyPipeline final {
public:
    StrategyPipeline(std::string strategy, std::vector<std::unique_ptr<Worker>> workers,
                     EventBus& bus);

    const std::string& strategy() const { return m_strategy; }
    FlowResult run(const FlowContext& flow, StrategyCache& cache);

private:
    void route(const DispositionEnvelope& envelope, StrategyCache& cache, FlowResult& result);
    static QJsonObject snapshot(const StrategyCache& cache);

    std::string m_strategy;
    std::vector<std::unique_ptr<Worker>> m_workers;
    EventBus& m_bus;
};

}  // namespace causeway::engine
