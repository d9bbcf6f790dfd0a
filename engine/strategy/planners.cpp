#include "engine/strategy/planners.h"

namespace causeway::engine {

namespace {

StrategyDirective makeDirective(const FlowContext& flow, DirectiveAction action, Side side,
                                std::string rationale, std::vector<std::string> signalIds) {
    StrategyDirective directive;
    directive.id = flow.ids->next("DIR", flow.origin.ts, flow.symbol.name());
    directive.ts = flow.origin.ts;
    directive.symbol = flow.symbol;
    directive.strategy = flow.strategy;
    directive.action = action;
    directive.side = side;
    directive.rationale = std::move(rationale);
    directive.causality.origin = flow.origin;
    directive.causality.signalIds = std::move(signalIds);
    directive.causality.directiveId = directive.id;
    return directive;
}

DispositionEnvelope reject(StrategyCache& cache, const FlowContext& flow, std::string reason,
                           std::vector<std::string> signalIds) {
    RejectedDecision decision;
    decision.id = flow.ids->next("DEC", flow.origin.ts, flow.symbol.name());
    decision.ts = flow.origin.ts;
    decision.symbol = flow.symbol;
    decision.strategy = flow.strategy;
    decision.reason = std::move(reason);
    decision.causality.origin = flow.origin;
    decision.causality.signalIds = std::move(signalIds);
    cache.set(std::move(decision));
    return DispositionEnvelope::stop();
}

}  // namespace

DispositionEnvelope SignalFollowingPlanner::process(StrategyCache& cache, const FlowContext& flow) {
    const auto& signals = cache.opportunities();
    if (signals.empty()) {
        return DispositionEnvelope::stop();
    }
    const OpportunitySignal& signal = signals.front();
    std::vector<std::string> signalIds;
    for (const auto& s : signals) {
        signalIds.push_back(s.id);
    }
    if (flow.ledger->openOrders(flow.strategy, flow.symbol) > 0) {
        return reject(cache, flow, "an order of this strategy is still working", signalIds);
    }
    const Quantity position = flow.ledger->position(flow.strategy, flow.symbol);
    const bool flat = position.isZero();
    const bool isLong = position > Quantity();
    const std::string why = signal.signalType + " at " + formatIso8601(signal.ts);

    if (signal.direction == Side::kBuy) {
        if (flat) {
            return DispositionEnvelope::publish(
                "STRATEGY_DIRECTIVE", makeDirective(flow, DirectiveAction::kOpen, Side::kBuy,
                                                    "enter long: " + why, signalIds));
        }
        if (!isLong) {
            return DispositionEnvelope::publish(
                "STRATEGY_DIRECTIVE", makeDirective(flow, DirectiveAction::kReverse, Side::kBuy,
                                                    "reverse short to long: " + why, signalIds));
        }
        return reject(cache, flow, "already long", signalIds);
    }
    if (isLong) {
        return DispositionEnvelope::publish(
            "STRATEGY_DIRECTIVE", m_allowShort
                                      ? makeDirective(flow, DirectiveAction::kReverse, Side::kSell,
                                                      "reverse long to short: " + why, signalIds)
                                      : makeDirective(flow, DirectiveAction::kClose, Side::kSell,
                                                      "exit long: " + why, signalIds));
    }
    if (flat && m_allowShort) {
        return DispositionEnvelope::publish("STRATEGY_DIRECTIVE",
                                            makeDirective(flow, DirectiveAction::kOpen, Side::kSell,
                                                          "enter short: " + why, signalIds));
    }
    return reject(
        cache, flow,
        flat ? "flat and short selling is not allowed (allow_short=false)" : "already short",
        signalIds);
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
    cache.set(ExitPlan{flow.ids->next("PLN", flow.origin.ts, "exit"), flow.origin.ts,
                       "exit on the opposite signal or at the end of data; no stop"});
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
    return DispositionEnvelope::publish(
        "STRATEGY_DIRECTIVE", makeDirective(flow, DirectiveAction::kClose, side, m_reason, {}));
}

}  // namespace causeway::engine
