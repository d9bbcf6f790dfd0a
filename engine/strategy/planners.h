#pragma once

#include "engine/strategy/worker.h"

namespace causeway::engine {

// Turns the flow's opportunity signal into a decision against the current
// position: open, close or reverse, or a journaled decision not to trade.
class SignalFollowingPlanner final : public Worker {
public:
    explicit SignalFollowingPlanner(bool allowShort) : m_allowShort(allowShort) {}
    std::string name() const override { return "signal_following_planner"; }
    WorkerRole role() const override { return WorkerRole::kStrategyPlanner; }
    DispositionEnvelope process(StrategyCache& cache, const FlowContext& flow) override;

private:
    bool m_allowShort;
};

class MarketEntryPlanner final : public Worker {
public:
    std::string name() const override { return "market_entry_planner"; }
    WorkerRole role() const override { return WorkerRole::kEntryPlanner; }
    DispositionEnvelope process(StrategyCache& cache, const FlowContext& flow) override;
};

class FixedSizePlanner final : public Worker {
public:
    explicit FixedSizePlanner(Quantity qty) : m_qty(qty) {}
    std::string name() const override { return "fixed_size_planner"; }
    WorkerRole role() const override { return WorkerRole::kSizePlanner; }
    DispositionEnvelope process(StrategyCache& cache, const FlowContext& flow) override;

private:
    Quantity m_qty;
};

// Records how the position is meant to end (the strategy's exit rule);
// the exits themselves arrive as exit-intent signals.
class SignalExitPlanner final : public Worker {
public:
    explicit SignalExitPlanner(std::string rule) : m_rule(std::move(rule)) {}
    std::string name() const override { return "signal_exit_planner"; }
    WorkerRole role() const override { return WorkerRole::kExitPlanner; }
    DispositionEnvelope process(StrategyCache& cache, const FlowContext& flow) override;

private:
    std::string m_rule;
};

// Aggregates the plans into an ExecutionDirective: one leg per order, market
// algorithm, the bar's close as decision price.
class ExecutionPlanner final : public Worker {
public:
    std::string name() const override { return "execution_planner"; }
    WorkerRole role() const override { return WorkerRole::kExecutionPlanner; }
    DispositionEnvelope process(StrategyCache& cache, const FlowContext& flow) override;
};

// A scheduled flow that closes whatever the strategy holds (end of data).
class ScheduledExitPlanner final : public Worker {
public:
    explicit ScheduledExitPlanner(std::string reason) : m_reason(std::move(reason)) {}
    std::string name() const override { return "scheduled_exit_planner"; }
    WorkerRole role() const override { return WorkerRole::kStrategyPlanner; }
    DispositionEnvelope process(StrategyCache& cache, const FlowContext& flow) override;

private:
    std::string m_reason;
};

}  // namespace causeway::engine
