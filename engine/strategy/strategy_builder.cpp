#include "engine/strategy/strategy_builder.h"

#include <algorithm>

#include "engine/strategy/planners.h"
#include "engine/strategy/regime.h"
#include "engine/strategy/risk_monitors.h"

namespace causeway::engine {

int StrategyBuildContext::integer(const std::string& name) const {
    return std::stoi(params.at(name));
}

double StrategyBuildContext::decimal(const std::string& name) const {
    return Quantity::parse(params.at(name))->toDouble();
}

Quantity StrategyBuildContext::quantity(const std::string& name) const {
    return *Quantity::parse(params.at(name));
}

bool StrategyBuildContext::boolean(const std::string& name) const {
    return params.at(name) == "true";
}

const IndicatorNode& StrategyBuildContext::indicator(const std::string& spec) const {
    return indicator(candles, spec);
}

const IndicatorNode& StrategyBuildContext::indicator(const CandleNode& source,
                                                     const std::string& spec) const {
    std::string id = source.id() + '.' + spec;
    std::replace(id.begin() + static_cast<std::ptrdiff_t>(source.id().size()), id.end(), ':', '_');
    if (Node* existing = graph.find(id)) {
        return dynamic_cast<const IndicatorNode&>(*existing);
    }
    return graph.emplace<IndicatorNode>(id, source.id(), spec);
}

std::unique_ptr<Worker> regimeWorker(const StrategyBuildContext& context, bool announce) {
    // one after the other: the graph's node order must not depend on the
    // compiler's order of evaluating arguments
    const IndicatorNode& adx = context.indicator("adx:14");
    const IndicatorNode& natr = context.indicator("natr:14");
    return std::make_unique<RegimeContextWorker>(adx, natr, context.bus,
                                                 RegimeContextWorker::Thresholds{}, announce);
}

void appendRiskMonitors(std::vector<std::unique_ptr<Worker>>& workers,
                        const StrategyBuildContext& context) {
    const double multiple = context.decimal("spike_atr");
    if (multiple <= 0.0) {
        return;
    }
    const IndicatorNode& trueRange = context.indicator("atr:1");
    const IndicatorNode& atr = context.indicator("atr:14");
    workers.push_back(std::make_unique<VolatilitySpikeMonitor>(trueRange, atr, multiple));
}

void appendPlanning(std::vector<std::unique_ptr<Worker>>& workers,
                    const StrategyBuildContext& context, std::string exitRule) {
    workers.push_back(std::make_unique<SignalFollowingPlanner>(context.boolean("allow_short")));
    workers.push_back(std::make_unique<MarketEntryPlanner>());
    workers.push_back(std::make_unique<FixedSizePlanner>(context.quantity("qty")));
    workers.push_back(std::make_unique<SignalExitPlanner>(std::move(exitRule)));
    workers.push_back(std::make_unique<ExecutionPlanner>());
}

}  // namespace causeway::engine
