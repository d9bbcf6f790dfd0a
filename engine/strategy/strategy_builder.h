#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/bus/event_bus.h"
#include "engine/dag/graph.h"
#include "engine/indicators/indicator_node.h"
#include "engine/indicators/nodes.h"
#include "engine/strategy/strategy_registry.h"
#include "engine/strategy/worker.h"

namespace causeway::engine {

// What a built-in strategy is assembled from: its resolved parameters, the
// symbol's DAG with its bar source, and the executor's bus.
struct StrategyBuildContext {
    const ParamMap& params;
    Graph& graph;
    const CandleNode& candles;
    Timeframe timeframe;  // of the bars `candles` holds
    EventBus& bus;

    int integer(const std::string& name) const;
    double decimal(const std::string& name) const;
    Quantity quantity(const std::string& name) const;
    bool boolean(const std::string& name) const;

    // The indicator node of `spec` below the bar source ("sma:20" becomes
    // "<candles>.sma_20"), created once and shared by every worker and
    // strategy of the symbol that asks for it.
    const IndicatorNode& indicator(const std::string& spec) const;
    // The same below another bar source (a TimeframeNode).
    const IndicatorNode& indicator(const CandleNode& source, const std::string& spec) const;
};

// The workers every built-in strategy ends with: the regime context worker
// first (so the regime is in every chain), then — after the strategy's own
// context, signal and risk workers — the StrategyPlanner, entry, size and
// exit planners and the ExecutionPlanner.
// `announce`: publish RegimeChanged (off for a second reader of the same
// regime, such as the end-of-data flow).
std::unique_ptr<Worker> regimeWorker(const StrategyBuildContext& context, bool announce = true);
// Throws std::invalid_argument "parameter 'fast' (N) must be less than
// parameter 'slow' (M)" unless params[lower] < params[upper] (integers).
void requireIntegerBelow(const ParamMap& params, const std::string& lower,
                         const std::string& upper);
// requireIntegerBelow(params, "fast", "slow"), as StrategySpec::check.
void checkFastBelowSlow(const ParamMap& params);

// The sizing parameters of the strategies that offer more than a fixed
// quantity: sizing (fixed | risk | kelly | vol_target), risk_pct, kelly_cap,
// vol_target_pct. With them, `qty` is the lot every size is a multiple of.
std::vector<ParamSpec> sizingParams();
// The exposure limits: max_position, max_exposure_pct.
std::vector<ParamSpec> exposureParams();
// The execution algorithm: execution (market | limit | twap),
// limit_offset_bps, limit_bars, twap_slices.
std::vector<ParamSpec> executionParams();
// `params` followed by sizingParams(), exposureParams() and
// executionParams(): what every built-in strategy but ema_cross (whose
// parameters DESIGN.md fixes) offers.
std::vector<ParamSpec> withSizing(std::vector<ParamSpec> params);

// The threat workers the strategy's parameters ask for: the volatility-spike
// monitor on ATR(14) unless `spike_atr` is 0 or absent, the exposure monitor
// unless both limits are 0 or absent. Wire them after the opportunity
// workers: the exposure monitor reads their signals.
void appendRiskMonitors(std::vector<std::unique_ptr<Worker>>& workers,
                        const StrategyBuildContext& context);
// The StrategyPlanner, entry, size and exit planners and the
// ExecutionPlanner, as the sizing and execution parameters say.
// The `exits` parameter of strategies whose signals carry a stop.
ParamSpec exitsParam();

void appendPlanning(std::vector<std::unique_ptr<Worker>>& workers,
                    const StrategyBuildContext& context, std::string exitRule);

}  // namespace causeway::engine
