#pragma once

#include <QJsonObject>

#include <memory>
#include <optional>
#include <vector>

#include "engine/bus/event_bus.h"
#include "engine/strategy/journal_context.h"
#include "engine/strategy/worker.h"

namespace causeway::engine {

// The outcome of one flow: at most one execution directive or one decision
// not to trade, and the context snapshot the journal keeps with either.
struct FlowResult {
    std::optional<ExecutionDirective> directive;
    std::optional<RejectedDecision> rejected;
    JournalContext context;
};

// Runs a strategy's workers in wiring order for one flow. It plays the
// FlowInitiator (opens the cache at the event's anchor), the event adapter
// (routes dispositions, publishes system DTOs on the bus) and the
// FlowTerminator (clears the cache whatever happens).
class StrategyPipeline final {
public:
    // Which providers a worker gets (from its manifest's capabilities).
    struct Providers {
        bool ledger = true;
        bool state = true;
        std::string stateScope = "strategy";  // "strategy" | "global"
    };

    // Without `providers`, every worker gets every provider (tests, ad-hoc
    // pipelines); with them, one entry per worker in wiring order.
    StrategyPipeline(std::string strategy, std::vector<std::unique_ptr<Worker>> workers,
                     EventBus& bus, std::vector<Providers> providers = {});

    const std::string& strategy() const { return m_strategy; }
    // In wiring order.
    const std::vector<std::unique_ptr<Worker>>& workers() const { return m_workers; }
    // `flow` carries every provider; each worker sees only its own.
    FlowResult run(FlowContext flow, StrategyCache& cache);

private:
    void route(const DispositionEnvelope& envelope, StrategyCache& cache, FlowResult& result);
    static std::shared_ptr<const FlowSnapshot> snapshot(const StrategyCache& cache);

    std::string m_strategy;
    std::vector<std::unique_ptr<Worker>> m_workers;
    std::vector<Providers> m_providers;
    std::vector<std::string> m_stateKeys;  // per worker, in its scope
    EventBus& m_bus;
};

}  // namespace causeway::engine
