#pragma once

#include "engine/indicators/indicator_node.h"
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
// The size planners beside fixed quantity: every size is a whole multiple of
// `lot` (the strategy's qty), rounded down; a size that rounds to zero is a
// journaled decision not to trade. Closing directives are not sized (the
// whole position closes).
//   risk        equity × riskPct% / stop distance; the distance is the entry
//               signal's own stop (its evidence "stop") or 2 × ATR
//   kelly       equity × min(W − (1 − W) / R, cap) / close, W the win rate and
//               R the average win over the average loss of the closed
//               trades; fixed `lot` until 10 trades have closed
//   vol_target  equity × volPct% / ATR: a one-ATR move costs volPct% of equity
class SizingPlanner final : public Worker {
public:
    enum class Method { kRisk, kKelly, kVolatilityTarget };
    struct Settings {
        Method method = Method::kRisk;
        Quantity lot;
        double riskPct = 1.0;
        double kellyCap = 0.25;
        double volPct = 1.0;
    };
    // `atr` must hold an ATR (atr:N node).
    SizingPlanner(Settings settings, const IndicatorNode& atr) : m_settings(settings), m_atr(atr) {}
    std::string name() const override { return "sizing_planner"; }
    WorkerRole role() const override { return WorkerRole::kSizePlanner; }
    DispositionEnvelope process(StrategyCache& cache, const FlowContext& flow) override;

    static constexpr int kKellyMinimumTrades = 10;

private:
    Settings m_settings;
    const IndicatorNode& m_atr;
};

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
