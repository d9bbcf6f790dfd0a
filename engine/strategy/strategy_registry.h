#pragma once

#include <QJsonArray>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/bus/event_bus.h"
#include "engine/dag/graph.h"
#include "engine/indicators/nodes.h"
#include "engine/strategy/strategy_pipeline.h"

namespace causeway::engine {

enum class ParamType { kInteger, kDecimal, kBoolean, kChoice };

struct ParamSpec {
    ParamSpec(std::string name, ParamType type, std::string defaultValue, std::optional<double> min,
              std::optional<double> max, std::string description,
              std::vector<std::string> choices = {})
        : name(std::move(name)),
          type(type),
          defaultValue(std::move(defaultValue)),
          min(min),
          max(max),
          description(std::move(description)),
          choices(std::move(choices)) {}

    std::string name;
    ParamType type = ParamType::kInteger;
    std::string defaultValue;
    std::optional<double> min;
    std::optional<double> max;
    std::string description;
    std::vector<std::string> choices;  // kChoice only
};

using ParamMap = std::map<std::string, std::string>;
struct StrategyBuildContext;

struct StrategySpec {
    std::string name;
    std::string description;
    std::vector<ParamSpec> params;
    // Adds the strategy's indicator nodes and returns its workers in wiring
    // order.
    std::vector<std::unique_ptr<Worker>> (*build)(const StrategyBuildContext&) = nullptr;
    // Checks between parameters (fast < slow); throws std::invalid_argument
    // naming both. May be null.
    void (*check)(const ParamMap&) = nullptr;
};

// The built-in strategies: each a configuration of workers with a parameter
// schema that the CLI lists and the GUI turns into a dialog.
class StrategyRegistry final {
public:
    static const std::vector<StrategySpec>& builtins();
    // Throws std::invalid_argument naming the strategy and what exists.
    static const StrategySpec& spec(const std::string& strategy);
    // Fills in defaults and checks every value; throws std::invalid_argument
    // naming the parameter and its valid range.
    static ParamMap resolve(const std::string& strategy, const ParamMap& given);
    // Adds the strategy's indicator nodes below `candles` (bars of
    // `timeframe`) and returns its worker pipeline. `params` must come from
    // resolve().
    static std::unique_ptr<StrategyPipeline> build(const std::string& strategy,
                                                   const ParamMap& params, Graph& graph,
                                                   const CandleNode& candles, Timeframe timeframe,
                                                   EventBus& bus);
    // The pipeline of the scheduled end-of-data exit, shared by all
    // strategies; call it after build() on the same graph (it reads the
    // regime nodes build() added).
    static std::unique_ptr<StrategyPipeline> buildScheduledExit(const std::string& strategy,
                                                                const ParamMap& params,
                                                                Graph& graph,
                                                                const CandleNode& candles,
                                                                Timeframe timeframe, EventBus& bus);
    static QJsonArray toJson();
};

}  // namespace causeway::engine
