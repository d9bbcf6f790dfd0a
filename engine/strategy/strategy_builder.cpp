#include "engine/strategy/strategy_builder.h"

#include <algorithm>
#include <stdexcept>

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
    const auto has = [&](const char* name) { return context.params.contains(name); };
    if (has("spike_atr") && context.decimal("spike_atr") > 0.0) {
        const IndicatorNode& trueRange = context.indicator("atr:1");
        const IndicatorNode& atr = context.indicator("atr:14");
        workers.push_back(
            std::make_unique<VolatilitySpikeMonitor>(trueRange, atr, context.decimal("spike_atr")));
    }
    if (has("max_position") && has("max_exposure_pct")) {
        ExposureMonitor::Limits limits;
        limits.maxPosition = context.quantity("max_position");
        limits.maxExposurePct = context.quantity("max_exposure_pct");
        limits.allowShort = context.boolean("allow_short");
        if (!limits.maxPosition.isZero() || !limits.maxExposurePct.isZero()) {
            workers.push_back(std::make_unique<ExposureMonitor>(limits));
        }
    }
}

void requireIntegerBelow(const ParamMap& params, const std::string& lower,
                         const std::string& upper) {
    if (std::stoi(params.at(lower)) >= std::stoi(params.at(upper))) {
        throw std::invalid_argument("parameter '" + lower + "' (" + params.at(lower) +
                                    ") must be less than parameter '" + upper + "' (" +
                                    params.at(upper) + ")");
    }
}

void checkFastBelowSlow(const ParamMap& params) {
    requireIntegerBelow(params, "fast", "slow");
}

std::vector<ParamSpec> sizingParams() {
    ParamSpec sizing{"sizing",
                     ParamType::kChoice,
                     "fixed",
                     std::nullopt,
                     std::nullopt,
                     "how entries are sized: fixed qty; risk: risk_pct of equity to the stop; "
                     "kelly: capped Kelly fraction of equity; vol_target: one ATR costs "
                     "vol_target_pct of equity"};
    sizing.choices = {"fixed", "risk", "kelly", "vol_target"};
    return {
        sizing,
        {"risk_pct", ParamType::kDecimal, "1", 0.01, 100, "with sizing=risk: % of equity risked"},
        {"kelly_cap", ParamType::kDecimal, "0.25", 0.01, 1,
         "with sizing=kelly: the largest fraction of equity"},
        {"vol_target_pct", ParamType::kDecimal, "1", 0.01, 100,
         "with sizing=vol_target: % of equity a one-ATR move may cost"},
    };
}

std::vector<ParamSpec> exposureParams() {
    return {
        {"max_position", ParamType::kDecimal, "0", 0, 1e9,
         "largest position, in units; 0: no limit"},
        {"max_exposure_pct", ParamType::kDecimal, "100", 0, 1000,
         "largest position value at entry, in % of equity (100: no leverage); 0: no limit"},
    };
}

std::vector<ParamSpec> executionParams() {
    ParamSpec execution{"execution",
                        ParamType::kChoice,
                        "market",
                        std::nullopt,
                        std::nullopt,
                        "how entries are executed: market at the next open; limit at the mid "
                        "(the decision close) moved limit_offset_bps to the passive side; twap: "
                        "twap_slices market orders, one per bar. Exits are always market"};
    execution.choices = {"market", "limit", "twap"};
    return {
        execution,
        {"limit_offset_bps", ParamType::kDecimal, "10", 0, 1000,
         "with execution=limit: distance of the limit from the mid, in basis points"},
        {"limit_bars", ParamType::kInteger, "1", 1, 1000,
         "with execution=limit: bars the limit order works before it expires"},
        {"twap_slices", ParamType::kInteger, "4", 2, 100,
         "with execution=twap: child orders the entry is split into, one per bar"},
    };
}

ParamSpec exitsParam() {
    ParamSpec exits{"exits",
                    ParamType::kChoice,
                    "signals",
                    std::nullopt,
                    std::nullopt,
                    "how positions are protected: signals: the strategy's stop and target are "
                    "checked at each close and exit at the next open; bracket: a stop-loss and a "
                    "take-profit order placed with the entry, filled inside the bar that reaches "
                    "them; trailing: a trailing stop at the stop distance, placed with the entry"};
    exits.choices = {"signals", "bracket", "trailing"};
    return exits;
}

std::vector<ParamSpec> withSizing(std::vector<ParamSpec> params) {
    for (auto group : {sizingParams(), exposureParams(), executionParams()}) {
        for (ParamSpec& spec : group) {
            params.push_back(std::move(spec));
        }
    }
    return params;
}

void appendPlanning(std::vector<std::unique_ptr<Worker>>& workers,
                    const StrategyBuildContext& context, std::string exitRule) {
    workers.push_back(std::make_unique<SignalFollowingPlanner>(context.boolean("allow_short")));
    const auto execution = context.params.find("execution");
    const std::string algorithm =
        execution == context.params.end() ? std::string("market") : execution->second;
    if (algorithm == "limit") {
        workers.push_back(std::make_unique<LimitEntryPlanner>(
            Price::fromRaw(context.quantity("limit_offset_bps").raw()),
            context.integer("limit_bars")));
    } else {
        workers.push_back(std::make_unique<MarketEntryPlanner>());
    }
    const auto sizing = context.params.find("sizing");
    if (sizing == context.params.end() || sizing->second == "fixed") {
        workers.push_back(std::make_unique<FixedSizePlanner>(context.quantity("qty")));
    } else {
        SizingPlanner::Settings settings;
        settings.method = sizing->second == "risk"    ? SizingPlanner::Method::kRisk
                          : sizing->second == "kelly" ? SizingPlanner::Method::kKelly
                                                      : SizingPlanner::Method::kVolatilityTarget;
        settings.lot = context.quantity("qty");
        settings.riskPct = context.decimal("risk_pct");
        settings.kellyCap = context.decimal("kelly_cap");
        settings.volPct = context.decimal("vol_target_pct");
        workers.push_back(std::make_unique<SizingPlanner>(settings, context.indicator("atr:14")));
    }
    const auto exits = context.params.find("exits");
    if (exits != context.params.end() && exits->second != "signals") {
        workers.push_back(std::make_unique<ProtectiveExitPlanner>(
            exits->second, exits->second == "trailing"
                               ? "a trailing stop as far behind the market as the stop is from "
                                 "the entry, placed with the entry"
                               : "stop-loss and take-profit orders placed with the entry (a "
                                 "bracket; one filling cancels the other)"));
    } else {
        workers.push_back(std::make_unique<SignalExitPlanner>(std::move(exitRule)));
    }
    workers.push_back(std::make_unique<ExecutionPlanner>(
        algorithm == "twap" ? context.integer("twap_slices") : 1));
}

}  // namespace causeway::engine
