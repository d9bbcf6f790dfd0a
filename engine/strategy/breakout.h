#pragma once

#include <optional>

#include "engine/indicators/indicator_node.h"
#include "engine/strategy/strategy_registry.h"
#include "engine/strategy/worker.h"

namespace causeway::engine {

// Opportunity worker of breakout: a Donchian channel breakout with an ATR
// stop and an R-multiple target, decided at the bar's close.
//
//   long   (enter buy)  close above the highest high of the previous N bars
//   short  (enter sell) close below their lowest low
//   At the entry signal: stop = close ∓ stopAtr × ATR, risk R = |close − stop|,
//   target = close ± targetR × R. While the position they belong to is held:
//   exit (stop) when a bar's low (long) / high (short) reaches the stop,
//   exit (target) when its high / low reaches the target; the stop wins when
//   one bar reaches both. Exits are market orders at the next open. With
//   exits placed as orders (exits=bracket|trailing) the exchange works them
//   and this worker signals entries only.
//
// The levels are this worker's state between flows, kept in the flow's
// StateStore (state_persistence): from the entry signal, adopted when the
// position appears, dropped when it is gone — so they survive a restart.
class BreakoutDetector final : public Worker {
public:
    BreakoutDetector(const IndicatorNode& channel, const IndicatorNode& atr, double stopAtr,
                     double targetR, bool exitSignals = true);
    std::string name() const override { return "breakout_detector"; }
    WorkerRole role() const override { return WorkerRole::kOpportunity; }
    DispositionEnvelope process(StrategyCache& cache, const FlowContext& flow) override;

private:
    template <class W, class F>
    friend auto withStoredState(W& worker, const F& flow);

    struct Levels {
        Side side = Side::kBuy;
        double entry = 0.0;
        double stop = 0.0;
        double target = 0.0;
    };

    struct State {
        std::optional<Levels> pending;  // from the last entry signal
        std::optional<Levels> active;   // of the position held
    };

    DispositionEnvelope decide(State& state, const FlowContext& flow);
    DispositionEnvelope exitIfReached(const Levels& levels, const FlowContext& flow);
    static OpportunitySignal signal(const FlowContext& flow, std::string type, Side direction,
                                    SignalIntent intent, Evidence evidence);
    static State load(const QJsonObject& stored);
    static QJsonObject save(const State& state);

    const IndicatorNode& m_channel;
    const IndicatorNode& m_atr;
    std::size_t m_upper;
    std::size_t m_lower;
    double m_stopAtr;
    double m_targetR;
    bool m_exitSignals;
};

StrategySpec breakoutSpec();

}  // namespace causeway::engine
