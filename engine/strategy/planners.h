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

// Enters with a limit order at the mid moved `offsetBps` to the passive side
// (a buy below, a sell above), working for `validBars` bars. Bars carry no
// quote, so the mid is the decision bar's close. A directive that only
// closes is planned at the market: an exit does not wait for a price.
class LimitEntryPlanner final : public Worker {
public:
    LimitEntryPlanner(Price offsetBps, int validBars)
        : m_offsetBps(offsetBps), m_validBars(validBars) {}
    std::string name() const override { return "limit_entry_planner"; }
    WorkerRole role() const override { return WorkerRole::kEntryPlanner; }
    DispositionEnvelope process(StrategyCache& cache, const FlowContext& flow) override;

    static Price limitPrice(Side side, Price mid, Price offsetBps);

private:
    Price m_offsetBps;
    int m_validBars;
};

// Fixed quantity. Under a threat's size cap (an exposure limit) smaller than
// the quantity, a decision not to trade: a fixed size is all or nothing.
class FixedSizePlanner final : public Worker {
public:
    explicit FixedSizePlanner(Quantity qty) : m_qty(qty) {}
    std::string name() const override { return "fixed_size_planner"; }
    WorkerRole role() const override { return WorkerRole::kSizePlanner; }
    DispositionEnvelope process(StrategyCache& cache, const FlowContext& flow) override;

private:
    Quantity m_qty;
};

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
// A threat's size cap (an exposure limit) lowers the size to the lots that
// fit below it.
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

// Plans the exits as orders placed with the entry, from the entering
// signal's evidence ("stop", "target"): placement "bracket" puts a stop-loss
// at the stop and a take-profit at the target; "trailing" a trailing stop
// as far behind the market as the stop is from the entry close. A
// directive that only closes, or a signal without a stop, gets no
// protection (its exit comes by signal).
class ProtectiveExitPlanner final : public Worker {
public:
    ProtectiveExitPlanner(std::string placement, std::string rule)
        : m_placement(std::move(placement)), m_rule(std::move(rule)) {}
    std::string name() const override { return "protective_exit_planner"; }
    WorkerRole role() const override { return WorkerRole::kExitPlanner; }
    DispositionEnvelope process(StrategyCache& cache, const FlowContext& flow) override;

private:
    std::string m_placement;
    std::string m_rule;
};

// Aggregates the plans into an ExecutionDirective — a closing leg for the
// position held (close, reverse), an opening leg of the planned size (open,
// reverse) — with the bar's close as decision price, and picks the
// algorithm of the opening leg: limit when the entry plan is a limit order,
// else TWAP in `twapSlices` equal child orders when that is more than 1,
// else market. Closing legs are always market.
class ExecutionPlanner final : public Worker {
public:
    explicit ExecutionPlanner(int twapSlices = 1) : m_twapSlices(twapSlices) {}
    std::string name() const override { return "execution_planner"; }
    WorkerRole role() const override { return WorkerRole::kExecutionPlanner; }
    DispositionEnvelope process(StrategyCache& cache, const FlowContext& flow) override;

    // `qty` in `count` slices as equal as 8 decimals allow, the remainder
    // spread over the last ones; fewer when qty has fewer smallest units.
    static std::vector<Quantity> slices(Quantity qty, int count);

private:
    int m_twapSlices;
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
