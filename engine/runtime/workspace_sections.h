#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/runtime/config_values.h"
#include "engine/strategy/strategy_registry.h"

namespace causeway::engine {
struct WorkspaceConfig;
}

namespace causeway::engine::config {

// What workspace.yaml's reader, its environment overrides and its
// validation share: the keys of the mapping sections and how their text
// becomes a value, and a few naming helpers.

// One key of a mapping section and how its text becomes a value.
struct Setting {
    std::string_view key;
    std::function<Refusal(WorkspaceConfig&, const std::string&)> apply;
};

struct Section {
    std::string_view name;
    std::vector<Setting> settings;

    const Setting* find(std::string_view key) const;
    // "max_position, max_order_notional, ..."
    std::string keys() const;
};

// risk, connector, logging, engine, storage: every key of each.
const std::vector<Section>& mappingSections();
const Section* sectionNamed(std::string_view name);

// What was given for a strategy before the registry resolves it.
struct RawStrategy {
    bool symbolsGiven = false;
    ParamMap params;
};

Refusal componentLevels(const std::string& text, std::map<std::string, std::string>& out);

std::string upper(std::string_view text);
std::string lower(std::string_view text);
// A name as it appears in a variable name: "BTC-USD" -> "BTC_USD".
std::string envName(std::string_view name);
// "symbols[2]"
std::string indexed(std::string_view list, std::size_t index);
// "MSFT, SP500"
std::string symbolNames(const WorkspaceConfig& config);
bool hasParameter(const std::string& strategy, const std::string& name);
// "fast, slow, qty, allow_short"
std::string parameterNames(const std::string& strategy);

}  // namespace causeway::engine::config
