#pragma once

#include <optional>

#include "engine/indicators/structure_nodes.h"
#include "engine/strategy/strategy_registry.h"
#include "engine/strategy/worker.h"

namespace causeway::engine {

// Market-structure strategy, decided at each bar's close:
//   1. a break of structure (BOS or CHoCH) arms a setup in its direction;
//   2. a fair value gap opened in that direction at or after the break
//      becomes the setup's zone (the latest one wins);
//   3. the retest: a later bar trades into the zone (bullish: low <= zone
//      high) and closes without leaving it on the far side (close >= zone
//      low) -> enter in the setup's direction;
//   a close beyond the zone's far side, a break the other way or `expiry`
//   bars without a retest disarm the setup.
// Exits: while a position is held, a structure break against it, or a
// close beyond the far side of the zone it was entered on.
// The setup and the entry zone are this worker's state between flows, kept
// in the flow's StateStore (state_persistence), so they survive a restart.
class StructureRetestDetector final : public Worker {
public:
    StructureRetestDetector(const StructureNode& structure, const FairValueGapNode& gaps,
                            int expiry);
    std::string name() const override { return "structure_retest_detector"; }
    WorkerRole role() const override { return WorkerRole::kOpportunity; }
    DispositionEnvelope process(StrategyCache& cache, const FlowContext& flow) override;

private:
    template <class W, class F>
    friend auto withStoredState(W& worker, const F& flow);

    struct Setup {
        Direction direction = Direction::kBullish;
        Price breakLevel;
        std::optional<Price> zoneLow;
        std::optional<Price> zoneHigh;
        int age = 0;
    };
    struct Zone {
        Direction direction = Direction::kBullish;
        Price low;
        Price high;
    };

    struct State {
        std::optional<Setup> setup;
        std::optional<Zone> pendingZone;  // of the last entry signal
        std::optional<Zone> heldZone;     // of the position held
    };

    DispositionEnvelope decide(State& state, const FlowContext& flow);
    DispositionEnvelope publish(const FlowContext& flow, std::string type, Side side,
                                SignalIntent intent, Evidence evidence) const;
    static State load(const QJsonObject& stored);
    static QJsonObject save(const State& state);

    const StructureNode& m_structure;
    const FairValueGapNode& m_gaps;
    int m_expiry;
};

StrategySpec structureRetestSpec();

}  // namespace causeway::engine
