#include "engine/strategy/strategy_pipeline.h"

#include <QJsonArray>

namespace causeway::engine {

StrategyPipeline::StrategyPipeline(std::string strategy,
                                   std::vector<std::unique_ptr<Worker>> workers, EventBus& bus,
                                   std::vector<Providers> providers)
    : m_strategy(std::move(strategy)),
      m_workers(std::move(workers)),
      m_providers(std::move(providers)),
      m_bus(bus) {
    if (m_providers.empty()) {
        m_providers.resize(m_workers.size());
    }
    if (m_providers.size() != m_workers.size()) {
        throw StrategyError("pipeline '" + m_strategy + "': providers for " +
                            std::to_string(m_providers.size()) + " workers, but " +
                            std::to_string(m_workers.size()) + " workers");
    }
    for (std::size_t i = 0; i < m_workers.size(); ++i) {
        m_stateKeys.push_back(
            StateStore::key(m_providers[i].stateScope, m_strategy, m_workers[i]->name()));
    }
}

FlowResult StrategyPipeline::run(FlowContext flow, StrategyCache& cache) {
    struct Terminator {
        StrategyCache& cache;
        ~Terminator() { cache.clear(); }
    } terminator{cache};

    cache.startFlow(flow.origin.ts);
    FlowResult result;
    const LedgerStateProvider* const ledger = flow.ledger;
    StateStore* const state = flow.state;
    for (std::size_t i = 0; i < m_workers.size(); ++i) {
        const auto& worker = m_workers[i];
        flow.ledger = m_providers[i].ledger ? ledger : nullptr;
        flow.state = m_providers[i].state ? state : nullptr;
        flow.stateKey =
            m_providers[i].state ? std::string_view(m_stateKeys[i]) : std::string_view();
        const DispositionEnvelope envelope = worker->process(cache, flow);
        envelope.validate(worker->name());
        if (envelope.disposition == Disposition::kPublish) {
            route(envelope, cache, result);
        } else if (envelope.disposition == Disposition::kStop) {
            break;
        }
    }
    if (const auto* rejected = cache.find<RejectedDecision>()) {
        result.rejected = *rejected;
    }
    if (result.directive || result.rejected) {
        result.context = JournalContext(snapshot(cache));
    }
    return result;
}

void StrategyPipeline::route(const DispositionEnvelope& envelope, StrategyCache& cache,
                             FlowResult& result) {
    std::visit(
        [&](const auto& dto) {
            using T = std::decay_t<decltype(dto)>;
            if constexpr (std::is_same_v<T, OpportunitySignal>) {
                cache.addOpportunity(dto);
            } else if constexpr (std::is_same_v<T, ThreatSignal>) {
                cache.addThreat(dto);
            } else if constexpr (std::is_same_v<T, StrategyDirective>) {
                cache.set(dto);
            } else if constexpr (std::is_same_v<T, ExecutionDirective>) {
                cache.set(dto);
                result.directive = dto;
            }
            if constexpr (!std::is_same_v<T, std::monostate>) {
                m_bus.publish(dto);
            }
        },
        envelope.payload);
}

std::shared_ptr<const FlowSnapshot> StrategyPipeline::snapshot(const StrategyCache& cache) {
    // What the journal shows of each DTO; their chains are the entries' own.
    auto snapshot = std::make_shared<FlowSnapshot>();
    snapshot->signals = cache.opportunities();
    snapshot->risks = cache.threats();
    const auto copy = [&](auto& target) {
        using T = typename std::decay_t<decltype(target)>::value_type;
        if (const auto* value = cache.find<T>()) {
            target = *value;
        }
    };
    copy(snapshot->regime);
    copy(snapshot->entry);
    copy(snapshot->size);
    copy(snapshot->exit);
    if (const auto* d = cache.find<StrategyDirective>()) {
        StrategyDirective& directive = snapshot->directive.emplace();
        directive.id = d->id;
        directive.ts = d->ts;
        directive.symbol = d->symbol;
        directive.strategy = d->strategy;
        directive.action = d->action;
        directive.side = d->side;
        directive.rationale = d->rationale;
    }
    if (const auto* e = cache.find<ExecutionDirective>()) {
        ExecutionDirective& execution = snapshot->execution.emplace();
        execution.id = e->id;
        execution.ts = e->ts;
        execution.symbol = e->symbol;
        execution.strategy = e->strategy;
        execution.legs = e->legs;
        execution.algorithm = e->algorithm;
        execution.decisionPrice = e->decisionPrice;
    }
    if (const auto* r = cache.find<RejectedDecision>()) {
        RejectedDecision& rejection = snapshot->rejection.emplace();
        rejection.id = r->id;
        rejection.ts = r->ts;
        rejection.reason = r->reason;
    }
    return snapshot;
}

}  // namespace causeway::engine
