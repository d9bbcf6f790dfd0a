#include "engine/strategy/planners.h"

#include <algorithm>
#include <cmath>
#include <limits>

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

DispositionEnvelope SizingPlanner::process(StrategyCache& cache, const FlowContext& flow) {
    const auto& directive = cache.get<StrategyDirective>();
    const Timestamp ts = flow.origin.ts;
    const std::string id = flow.ids->next("PLN", ts, "size");
    if (directive.action == DirectiveAction::kClose) {
        cache.set(SizePlan{id, ts, m_settings.lot, "whole position"});
        return DispositionEnvelope::next();
    }
    const double equity = flow.ledger->equity().toDouble();
    const double close = flow.bar->close.toDouble();
    const auto atr = m_atr.value();
    double notionalUnits = 0.0;  // the size before rounding to lots
    std::string method;
    const FlowIds ids = flowIds(cache);
    switch (m_settings.method) {
        case Method::kRisk: {
            double distance = atr ? 2.0 * *atr : 0.0;
            const auto& signals = cache.opportunities();
            if (!signals.empty() && signals.front().evidence.contains(QStringLiteral("stop"))) {
                distance =
                    std::abs(close - signals.front().evidence[QStringLiteral("stop")].toDouble());
            }
            if (distance <= 0.0) {
                return reject(cache, flow, "no stop distance to size by yet", ids);
            }
            notionalUnits = equity * m_settings.riskPct / 100.0 / distance;
            method = "risk " + QString::number(m_settings.riskPct).toStdString() + "% to the stop";
            break;
        }
        case Method::kKelly: {
            const auto& pnls = flow.ledger->closedTradePnls();
            if (static_cast<int>(pnls.size()) < kKellyMinimumTrades) {
                cache.set(SizePlan{id, ts, m_settings.lot, "kelly: fixed until 10 closed trades"});
                return DispositionEnvelope::next();
            }
            double wins = 0.0;
            double gains = 0.0;
            double losses = 0.0;
            for (const Money& pnl : pnls) {
                const double value = pnl.toDouble();
                if (value > 0.0) {
                    ++wins;
                    gains += value;
                } else {
                    losses -= value;
                }
            }
            const double n = static_cast<double>(pnls.size());
            const double winRate = wins / n;
            double fraction = m_settings.kellyCap;
            if (losses > 0.0 && wins > 0.0) {
                const double payoff = (gains / wins) / (losses / (n - wins));
                fraction = std::min(winRate - (1.0 - winRate) / payoff, m_settings.kellyCap);
            } else if (wins == 0.0) {
                fraction = 0.0;
            }
            if (fraction <= 0.0) {
                return reject(cache, flow, "Kelly fraction is not positive: no edge so far", ids);
            }
            notionalUnits = equity * fraction / close;
            method = "kelly " + QString::number(fraction, 'g', 4).toStdString();
            break;
        }
        case Method::kVolatilityTarget: {
            if (!atr || *atr <= 0.0) {
                return reject(cache, flow, "no ATR to size by yet", ids);
            }
            notionalUnits = equity * m_settings.volPct / 100.0 / *atr;
            method = "volatility target " + QString::number(m_settings.volPct).toStdString() + "%";
            break;
        }
    }
    const double lot = m_settings.lot.toDouble();
    const double wholeLots = std::floor(notionalUnits / lot);
    if (wholeLots >=
        static_cast<double>(std::numeric_limits<std::int64_t>::max() / m_settings.lot.raw())) {
        return reject(cache, flow, method + ": the size exceeds the largest quantity", ids);
    }
    const auto lots = static_cast<std::int64_t>(wholeLots);
    if (lots <= 0) {
        return reject(cache, flow, method + ": the size rounds to zero lots", ids);
    }
    cache.set(SizePlan{id, ts, Quantity::fromRaw(m_settings.lot.raw() * lots), method});
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
