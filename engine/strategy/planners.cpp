#include "engine/strategy/planners.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

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
    // a planner after the StrategyPlanner may still refuse (no size fits)
    if (const auto* directive = cache.find<StrategyDirective>()) {
        decision.causality.directiveId = directive->id;
    }
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

// The smallest size cap of the flow's threats, and the threat setting it.
struct SizeCap {
    Quantity qty;
    std::string threat;
};

std::optional<SizeCap> sizeCap(const StrategyCache& cache) {
    std::optional<SizeCap> cap;
    for (const auto& threat : cache.threats()) {
        if (threat.sizeCap && (!cap || *threat.sizeCap < cap->qty)) {
            cap = SizeCap{*threat.sizeCap, threat.threatType};
        }
    }
    return cap;
}

bool opensExposure(const StrategyCache& cache) {
    const auto* directive = cache.find<StrategyDirective>();
    return directive != nullptr && directive->action != DirectiveAction::kClose;
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
    EntryPlan plan;
    plan.id = flow.ids->next("PLN", flow.origin.ts, "entry");
    plan.ts = flow.origin.ts;
    plan.orderType = "market";
    cache.set(std::move(plan));
    return DispositionEnvelope::next();
}

Price LimitEntryPlanner::limitPrice(Side side, Price mid, Price offsetBps) {
    const Price offset = basisPoints(mid, offsetBps);
    return side == Side::kBuy ? mid - offset : mid + offset;
}

DispositionEnvelope LimitEntryPlanner::process(StrategyCache& cache, const FlowContext& flow) {
    const auto& directive = cache.get<StrategyDirective>();
    EntryPlan plan;
    plan.id = flow.ids->next("PLN", flow.origin.ts, "entry");
    plan.ts = flow.origin.ts;
    plan.orderType = "market";
    if (directive.action != DirectiveAction::kClose) {
        plan.orderType = "limit";
        plan.mid = flow.bar->close;
        plan.offsetBps = m_offsetBps;
        plan.limitPrice = limitPrice(directive.side, plan.mid, m_offsetBps);
        plan.validBars = m_validBars;
    }
    cache.set(std::move(plan));
    return DispositionEnvelope::next();
}

DispositionEnvelope FixedSizePlanner::process(StrategyCache& cache, const FlowContext& flow) {
    const auto cap = sizeCap(cache);
    if (cap && cap->qty < m_qty && opensExposure(cache)) {
        return reject(cache, flow,
                      "fixed size " + m_qty.toString() + " exceeds the size cap of " +
                          cap->qty.toString() + " set by " + cap->threat,
                      flowIds(cache));
    }
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
            if (!signals.empty() && signals.front().evidence.contains("stop")) {
                distance = std::abs(close - *signals.front().evidence.value("stop"));
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
    auto lots = static_cast<std::int64_t>(wholeLots);
    if (const auto cap = sizeCap(cache);
        cap && Quantity::fromRaw(m_settings.lot.raw() * lots) > cap->qty) {
        lots = cap->qty.raw() / m_settings.lot.raw();
        method += ", capped at " + cap->qty.toString() + " by " + cap->threat;
    }
    if (lots <= 0) {
        return reject(cache, flow, method + ": the size rounds to zero lots", ids);
    }
    cache.set(SizePlan{id, ts, Quantity::fromRaw(m_settings.lot.raw() * lots), method});
    return DispositionEnvelope::next();
}

DispositionEnvelope SignalExitPlanner::process(StrategyCache& cache, const FlowContext& flow) {
    ExitPlan plan;
    plan.id = flow.ids->next("PLN", flow.origin.ts, "exit");
    plan.ts = flow.origin.ts;
    plan.rule = m_rule;
    cache.set(std::move(plan));
    return DispositionEnvelope::next();
}

DispositionEnvelope ProtectiveExitPlanner::process(StrategyCache& cache, const FlowContext& flow) {
    ExitPlan plan;
    plan.id = flow.ids->next("PLN", flow.origin.ts, "exit");
    plan.ts = flow.origin.ts;
    plan.rule = m_rule;
    const auto& directive = cache.get<StrategyDirective>();
    const OpportunitySignal* entry = nullptr;
    for (const auto& signal : cache.opportunities()) {
        if (signal.intent == SignalIntent::kEnter && signal.direction == directive.side &&
            signal.evidence.contains("stop")) {
            entry = &signal;
            break;
        }
    }
    if (directive.action != DirectiveAction::kClose && entry) {
        plan.placement = m_placement;
        const double stop = *entry->evidence.value("stop");
        if (m_placement == "trailing") {
            plan.trailAmount = Price::fromDouble(std::abs(flow.bar->close.toDouble() - stop));
        } else {
            plan.stopLoss = Price::fromDouble(stop);
            if (const auto target = entry->evidence.value("target")) {
                plan.takeProfit = Price::fromDouble(*target);
            }
        }
    }
    cache.set(std::move(plan));
    return DispositionEnvelope::next();
}

DispositionEnvelope ExecutionPlanner::process(StrategyCache& cache, const FlowContext& flow) {
    const auto& directive = cache.get<StrategyDirective>();
    const Quantity position = flow.ledger->position(flow.strategy, flow.symbol);
    const Quantity held = position < Quantity() ? -position : position;

    const EntryPlan& entry = cache.get<EntryPlan>();

    ExecutionDirective execution;
    execution.id = flow.ids->next("EXD", flow.origin.ts, flow.symbol.name());
    execution.ts = flow.origin.ts;
    execution.symbol = flow.symbol;
    execution.strategy = flow.strategy;
    execution.decisionPrice = flow.bar->close;
    execution.causality = directive.causality;
    for (const auto* plan : {&entry.id, &cache.get<SizePlan>().id, &cache.get<ExitPlan>().id}) {
        execution.causality.planIds.push_back(*plan);
    }
    if (directive.action != DirectiveAction::kOpen && !held.isZero()) {
        ExecutionLeg close;
        close.side = directive.side;
        close.qty = held;
        close.closesPosition = true;
        execution.legs.push_back(std::move(close));
    }
    if (directive.action != DirectiveAction::kClose) {
        ExecutionLeg open;
        open.side = directive.side;
        open.qty = cache.get<SizePlan>().qty;
        if (entry.limitPrice) {
            open.algorithm = ExecutionAlgorithm::kLimit;
            open.limitPrice = entry.limitPrice;
            open.validBars = entry.validBars;
        } else if (m_twapSlices > 1) {
            open.slices = slices(open.qty, m_twapSlices);
            if (open.slices.size() > 1) {
                open.algorithm = ExecutionAlgorithm::kTwap;
            } else {
                open.slices.clear();
            }
        }
        const ExitPlan& exit = cache.get<ExitPlan>();
        open.stopLoss = exit.stopLoss;
        open.takeProfit = exit.takeProfit;
        open.trailAmount = exit.trailAmount;
        execution.algorithm = open.algorithm;
        execution.legs.push_back(std::move(open));
    }
    return DispositionEnvelope::publish("EXECUTION_DIRECTIVE", std::move(execution));
}

std::vector<Quantity> ExecutionPlanner::slices(Quantity qty, int count) {
    const std::int64_t units = qty.raw();
    const std::int64_t n = std::min<std::int64_t>(count, units);
    std::vector<Quantity> result;
    if (n <= 0) {
        return result;
    }
    const std::int64_t base = units / n;
    const std::int64_t extra = units % n;
    for (std::int64_t i = 0; i < n; ++i) {
        result.push_back(Quantity::fromRaw(base + (i >= n - extra ? 1 : 0)));
    }
    return result;
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
