#include "engine/strategy/planners.h"

#include <algorithm>

namespace causeway::engine {

namespace {

// The ids of every signal and risk of the flow, for the chain.
struct FlowIds {
    std::vector<std::string> signals;
    std::vector<std::string> risks;
};

FlowIds flowIds(const StrategyCache& cache) {
    FlowIds ids;
    for (const auto& signal : cache.opportunities()) {
        ids.signals.push_back(signal.id);
    }
    for (const auto& threat : cache.threats()) {
        ids.risks.push_back(threat.id);
    }
    return ids;
}

StrategyDirective makeDirective(const FlowContext& flow, DirectiveAction action, Side side,
                                std::string rationale, FlowIds ids) {
    StrategyDirective directive;
    directive.id = flow.ids->next("DIR", flow.origin.ts, flow.symbol.name());
    directive.ts = flow.origin.ts;
    directive.symbol = flow.symbol;
    directive.strategy = flow.strategy;
    directive.action = action;
    directive.side = side;
    directive.rationale = std::move(rationale);
    directive.causality.origin = flow.origin;
    directive.causality.signalIds = std::move(ids.signals);
    directive.causality.riskIds = std::move(ids.risks);
    directive.causality.directiveId = directive.id;
    return directive;
}

DispositionEnvelope reject(StrategyCache& cache, const FlowContext& flow, std::string reason,
                           FlowIds ids) {
    RejectedDecision decision;
    decision.id = flow.ids->next("DEC", flow.origin.ts, flow.symbol.name());
    decision.ts = flow.origin.ts;
    decision.symbol = flow.symbol;
    decision.strategy = flow.strategy;
    decision.reason = std::move(reason);
    decision.causality.origin = flow.origin;
    decision.causality.signalIds = std::move(ids.signals);
    decision.causality.riskIds = std::move(ids.risks);
    cache.set(std::move(decision));
    return DispositionEnvelope::stop();
}

DispositionEnvelope directive(const FlowContext& flow, DirectiveAction action, Side side,
                              std::string rationale, FlowIds ids) {
    return DispositionEnvelope::publish(
        "STRATEGY_DIRECTIVE",
        makeDirective(flow, action, side, std::move(rationale), std::move(ids)));
}

// "blocked by risk: atr_spike, max_position" when a blocking threat is in
// the flow; empty otherwise.
std::string blockReason(const StrategyCache& cache) {
    std::string types;
    for (const auto& threat : cache.threats()) {
        if (threat.blocking) {
            types += (types.empty() ? "" : ", ") + threat.threatType;
        }
    }
    return types.empty() ? std::string() : "blocked by risk: " + types;
}

}  // namespace

DispositionEnvelope SignalFollowingPlanner::process(StrategyCache& cache, const FlowContext& flow) {
    const auto& signals = cache.opportunities();
    if (signals.empty()) {
        return DispositionEnvelope::stop();
    }
    FlowIds ids = flowIds(cache);
    if (flow.ledger->openOrders(flow.strategy, flow.symbol) > 0) {
        return reject(cache, flow, "an order of this strategy is still working", std::move(ids));
    }
    const Quantity position = flow.ledger->position(flow.strategy, flow.symbol);
    const bool flat = position.isZero();
    const bool isLong = position > Quantity();

    // An exit that applies wins over entries of the same bar: protecting a
    // position comes first.
    for (const auto& signal : signals) {
        const bool closesHeld = !flat && (isLong == (signal.direction == Side::kSell));
        if (signal.intent == SignalIntent::kExit && closesHeld) {
            return directive(flow, DirectiveAction::kClose, signal.direction,
                             std::string(isLong ? "exit long: " : "exit short: ") +
                                 signal.signalType + " at " + formatIso8601(signal.ts),
                             std::move(ids));
        }
    }
    const auto entry = std::find_if(signals.begin(), signals.end(), [](const auto& signal) {
        return signal.intent == SignalIntent::kEnter;
    });
    if (entry == signals.end()) {
        return reject(cache, flow,
                      flat ? "exit signal while flat" : "exit signal does not match the position",
                      std::move(ids));
    }
    const OpportunitySignal& signal = *entry;
    const std::string why = signal.signalType + " at " + formatIso8601(signal.ts);
    const std::string blocked = blockReason(cache);

    if (signal.direction == Side::kBuy) {
        if (isLong) {
            return reject(cache, flow, "already long", std::move(ids));
        }
        if (!blocked.empty()) {
            // no new exposure; a short position may still be closed
            return flat ? reject(cache, flow, blocked, std::move(ids))
                        : directive(flow, DirectiveAction::kClose, Side::kBuy,
                                    "exit short (" + blocked + "): " + why, std::move(ids));
        }
        return flat ? directive(flow, DirectiveAction::kOpen, Side::kBuy, "enter long: " + why,
                                std::move(ids))
                    : directive(flow, DirectiveAction::kReverse, Side::kBuy,
                                "reverse short to long: " + why, std::move(ids));
    }
    if (isLong) {
        if (m_allowShort && blocked.empty()) {
            return directive(flow, DirectiveAction::kReverse, Side::kSell,
                             "reverse long to short: " + why, std::move(ids));
        }
        return directive(flow, DirectiveAction::kClose, Side::kSell,
                         (blocked.empty() ? "exit long: " : "exit long (" + blocked + "): ") + why,
                         std::move(ids));
    }
    if (!flat) {
        return reject(cache, flow, "already short", std::move(ids));
    }
    if (!m_allowShort) {
        return reject(cache, flow, "flat and short selling is not allowed (allow_short=false)",
                      std::move(ids));
    }
    if (!blocked.empty()) {
        return reject(cache, flow, blocked, std::move(ids));
    }
    return directive(flow, DirectiveAction::kOpen, Side::kSell, "enter short: " + why,
                     std::move(ids));
}

DispositionEnvelope MarketEntryPlanner::process(StrategyCache& cache, const FlowContext& flow) {
    cache.set(EntryPlan{flow.ids->next("PLN", flow.origin.ts, "entry"), flow.origin.ts, "market"});
    return DispositionEnvelope::next();
}

DispositionEnvelope FixedSizePlanner::process(StrategyCache& cache, const FlowContext& flow) {
    cache.set(
        SizePlan{flow.ids->next("PLN", flow.origin.ts, "size"), flow.origin.ts, m_qty, "fixed"});
    return DispositionEnvelope::next();
}

DispositionEnvelope SignalExitPlanner::process(StrategyCache& cache, const FlowContext& flow) {
    cache.set(ExitPlan{flow.ids->next("PLN", flow.origin.ts, "exit"), flow.origin.ts, m_rule});
    return DispositionEnvelope::next();
}

DispositionEnvelope ExecutionPlanner::process(StrategyCache& cache, const FlowContext& flow) {
    const auto& directive = cache.get<StrategyDirective>();
    const Quantity position = flow.ledger->position(flow.strategy, flow.symbol);
    const Quantity held = position < Quantity() ? -position : position;

    ExecutionDirective execution;
    execution.id = flow.ids->next("EXD", flow.origin.ts, flow.symbol.name());
    execution.ts = flow.origin.ts;
    execution.symbol = flow.symbol;
    execution.strategy = flow.strategy;
    execution.algorithm = cache.get<EntryPlan>().orderType;
    execution.decisionPrice = flow.bar->close;
    execution.causality = directive.causality;
    for (const auto* plan :
         {&cache.get<EntryPlan>().id, &cache.get<SizePlan>().id, &cache.get<ExitPlan>().id}) {
        execution.causality.planIds.push_back(*plan);
    }
    if (directive.action != DirectiveAction::kOpen && !held.isZero()) {
        execution.legs.push_back({directive.side, held, true});
    }
    if (directive.action != DirectiveAction::kClose) {
        execution.legs.push_back({directive.side, cache.get<SizePlan>().qty, false});
    }
    return DispositionEnvelope::publish("EXECUTION_DIRECTIVE", std::move(execution));
}

DispositionEnvelope ScheduledExitPlanner::process(StrategyCache& cache, const FlowContext& flow) {
    (void)cache;
    const Quantity position = flow.ledger->position(flow.strategy, flow.symbol);
    if (position.isZero()) {
        return DispositionEnvelope::stop();
    }
    const Side side = position > Quantity() ? Side::kSell : Side::kBuy;
    return directive(flow, DirectiveAction::kClose, side, m_reason, {});
}

}  // namespace causeway::engine
