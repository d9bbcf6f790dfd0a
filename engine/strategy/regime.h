#pragma once

#include "engine/bus/event_bus.h"
#include "engine/indicators/indicator_node.h"
#include "engine/strategy/worker.h"

namespace causeway::engine {

// Context worker: classifies the market each bar and keeps the result in
// the flow's cache (RegimeContext), so the regime at decision time is part
// of every chain's context; publishes RegimeChanged on the bus when it
// changes.
//
//   volatile  NATR >= volatileNatr (the average true range is that many %
//             of the close)
//   trending  otherwise, ADX >= trendingAdx
//   ranging   otherwise
//   unknown   while either indicator warms up
//
// Defaults: ADX(14) >= 25 (Wilder's threshold for a trend), NATR(14) >= 4%.
class RegimeContextWorker final : public Worker {
public:
    struct Thresholds {
        double trendingAdx = 25.0;
        double volatileNatr = 4.0;
    };

    // `adx` is an adx:N node (output "adx"), `natr` a natr:N node.
    RegimeContextWorker(const IndicatorNode& adx, const IndicatorNode& natr, EventBus& bus,
                        Thresholds thresholds, bool announce = true);
    std::string name() const override { return "regime_context"; }
    WorkerRole role() const override { return WorkerRole::kContext; }
    DispositionEnvelope process(StrategyCache& cache, const FlowContext& flow) override;

    static std::string classify(std::optional<double> adx, std::optional<double> natr,
                                const Thresholds& thresholds);

private:
    const IndicatorNode& m_adx;
    const IndicatorNode& m_natr;
    std::size_t m_adxOutput;
    EventBus& m_bus;
    Thresholds m_thresholds;
    bool m_announce;
    std::string m_regime = "unknown";
};

}  // namespace causeway::engine
