#include "engine/strategy/strategy_registry.h"

#include <QJsonObject>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "engine/strategy/breakout.h"
#include "engine/strategy/confluence.h"
#include "engine/strategy/ema_cross.h"
#include "engine/strategy/mean_reversion.h"
#include "engine/strategy/planners.h"
#include "engine/strategy/strategy_builder.h"
#include "engine/strategy/structure_retest.h"
#include "engine/strategy/worker_factory.h"

namespace causeway::engine {

namespace {

std::string formatBound(double value) {
    return Quantity::fromDouble(value).toString();
}

std::string describeRange(const ParamSpec& spec) {
    switch (spec.type) {
        case ParamType::kBoolean:
            return "true or false";
        case ParamType::kInteger:
            return "an integer from " + formatBound(*spec.min) + " to " + formatBound(*spec.max);
        case ParamType::kDecimal:
            return "a number from " + formatBound(*spec.min) + " to " + formatBound(*spec.max);
        case ParamType::kChoice: {
            std::string list;
            for (const auto& choice : spec.choices) {
                list += (list.empty() ? "" : ", ") + choice;
            }
            return "one of " + list;
        }
    }
    return {};
}

// Returns the canonical text of a valid value, empty when invalid.
std::optional<std::string> normalize(const ParamSpec& spec, const std::string& text) {
    if (spec.type == ParamType::kChoice) {
        const bool known =
            std::find(spec.choices.begin(), spec.choices.end(), text) != spec.choices.end();
        return known ? std::optional(text) : std::nullopt;
    }
    if (spec.type == ParamType::kBoolean) {
        if (text == "true" || text == "1" || text == "yes") {
            return "true";
        }
        if (text == "false" || text == "0" || text == "no") {
            return "false";
        }
        return std::nullopt;
    }
    double value = 0;
    if (spec.type == ParamType::kInteger) {
        long long integer = 0;
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), integer);
        if (ec != std::errc{} || ptr != text.data() + text.size()) {
            return std::nullopt;
        }
        value = static_cast<double>(integer);
    } else {
        const auto decimal = Quantity::parse(text);
        if (!decimal) {
            return std::nullopt;
        }
        value = decimal->toDouble();
    }
    if ((spec.min && value < *spec.min) || (spec.max && value > *spec.max)) {
        return std::nullopt;
    }
    return spec.type == ParamType::kInteger ? std::to_string(static_cast<long long>(value))
                                            : Quantity::parse(text)->toString();
}

QString typeName(ParamType type) {
    switch (type) {
        case ParamType::kInteger:
            return QStringLiteral("int");
        case ParamType::kDecimal:
            return QStringLiteral("decimal");
        case ParamType::kBoolean:
            return QStringLiteral("bool");
        case ParamType::kChoice:
            return QStringLiteral("choice");
    }
    return {};
}

// Every built-in pipeline is checked against its workers' manifests when it
// is built, so a wiring mistake stops the run before the first bar.
// Returns what each worker is handed.
std::vector<StrategyPipeline::Providers> validatePipeline(
    const std::string& strategy, const std::vector<std::unique_ptr<Worker>>& workers) {
    std::vector<WorkerManifest> manifests;
    manifests.reserve(workers.size());
    for (const auto& worker : workers) {
        manifests.push_back(bundledManifest(worker->name()));
    }
    WorkerFactory::validate(strategy, manifests, CapabilityGrant::forBarData());
    return WorkerFactory::providers(manifests);
}

}  // namespace

const std::vector<StrategySpec>& StrategyRegistry::builtins() {
    static const std::vector<StrategySpec> kStrategies{
        breakoutSpec(),      confluenceSpec(),      emaCrossSpec(),
        meanReversionSpec(), structureRetestSpec(),
    };
    return kStrategies;
}

const StrategySpec& StrategyRegistry::spec(const std::string& strategy) {
    std::string known;
    for (const auto& spec : builtins()) {
        if (spec.name == strategy) {
            return spec;
        }
        known += (known.empty() ? "" : ", ") + spec.name;
    }
    throw std::invalid_argument("unknown strategy '" + strategy + "' (available: " + known + ")");
}

ParamMap StrategyRegistry::resolve(const std::string& strategy, const ParamMap& given) {
    const StrategySpec& strategySpec = spec(strategy);
    ParamMap resolved;
    for (const auto& param : strategySpec.params) {
        resolved[param.name] = param.defaultValue;
    }
    for (const auto& [name, value] : given) {
        const auto it = std::find_if(strategySpec.params.begin(), strategySpec.params.end(),
                                     [&](const ParamSpec& p) { return p.name == name; });
        if (it == strategySpec.params.end()) {
            std::string known;
            for (const auto& p : strategySpec.params) {
                known += (known.empty() ? "" : ", ") + p.name;
            }
            throw std::invalid_argument("unknown parameter '" + name + "' for strategy '" +
                                        strategy + "' (parameters: " + known + ")");
        }
        const auto normalized = normalize(*it, value);
        if (!normalized) {
            throw std::invalid_argument("invalid value '" + value + "' for parameter '" + name +
                                        "': expected " + describeRange(*it));
        }
        resolved[name] = *normalized;
    }
    if (strategySpec.check != nullptr) {
        strategySpec.check(resolved);
    }
    return resolved;
}

std::unique_ptr<StrategyPipeline> StrategyRegistry::build(const std::string& strategy,
                                                          const ParamMap& params, Graph& graph,
                                                          const CandleNode& candles,
                                                          Timeframe timeframe, EventBus& bus) {
    const StrategySpec& strategySpec = spec(strategy);
    const StrategyBuildContext context{params, graph, candles, timeframe, bus};
    auto workers = strategySpec.build(context);
    auto providers = validatePipeline(strategy, workers);
    return std::make_unique<StrategyPipeline>(strategy, std::move(workers), bus,
                                              std::move(providers));
}

std::unique_ptr<StrategyPipeline> StrategyRegistry::buildScheduledExit(
    const std::string& strategy, const ParamMap& params, Graph& graph, const CandleNode& candles,
    Timeframe timeframe, EventBus& bus) {
    const StrategyBuildContext context{params, graph, candles, timeframe, bus};
    std::vector<std::unique_ptr<Worker>> workers;
    workers.push_back(regimeWorker(context, false));
    workers.push_back(std::make_unique<ScheduledExitPlanner>(
        "end of data: close the open position at the last close"));
    workers.push_back(std::make_unique<MarketEntryPlanner>());
    workers.push_back(std::make_unique<FixedSizePlanner>(Quantity()));
    workers.push_back(std::make_unique<SignalExitPlanner>("close at the last close"));
    workers.push_back(std::make_unique<ExecutionPlanner>());
    auto providers = validatePipeline(strategy, workers);
    return std::make_unique<StrategyPipeline>(strategy, std::move(workers), bus,
                                              std::move(providers));
}

QJsonArray StrategyRegistry::toJson() {
    QJsonArray strategies;
    for (const auto& spec : builtins()) {
        QJsonArray params;
        for (const auto& p : spec.params) {
            QJsonObject param{
                {QStringLiteral("name"), QString::fromStdString(p.name)},
                {QStringLiteral("type"), typeName(p.type)},
                {QStringLiteral("default"), QString::fromStdString(p.defaultValue)},
                {QStringLiteral("description"), QString::fromStdString(p.description)}};
            if (p.min) {
                param[QStringLiteral("min")] = *p.min;
            }
            if (p.max) {
                param[QStringLiteral("max")] = *p.max;
            }
            if (!p.choices.empty()) {
                QJsonArray choices;
                for (const auto& choice : p.choices) {
                    choices.append(QString::fromStdString(choice));
                }
                param[QStringLiteral("choices")] = choices;
            }
            params.append(param);
        }
        strategies.append(
            QJsonObject{{QStringLiteral("name"), QString::fromStdString(spec.name)},
                        {QStringLiteral("description"), QString::fromStdString(spec.description)},
                        {QStringLiteral("params"), params}});
    }
    return strategies;
}

}  // namespace causeway::engine
