#include "engine/strategy/worker_manifest.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <map>
#include <mutex>

#include "engine/strategy/disposition.h"

namespace causeway::engine {

namespace {

constexpr std::array kRoles{"context",       "opportunity",  "threat",       "strategy_planner",
                            "entry_planner", "size_planner", "exit_planner", "execution_planner"};
constexpr std::array kCapabilities{"ohlcv_window", "multi_timeframe", "state_persistence",
                                   "market_depth", "ledger_state",    "journaling"};

template <std::size_t N>
bool oneOf(const std::array<const char*, N>& names, const std::string& value) {
    return std::any_of(names.begin(), names.end(), [&](const char* name) { return value == name; });
}

template <std::size_t N>
std::string listOf(const std::array<const char*, N>& names) {
    std::string list;
    for (const char* name : names) {
        list += (list.empty() ? "" : ", ") + std::string(name);
    }
    return list;
}

class ManifestReader final {
public:
    explicit ManifestReader(std::string source) : m_source(std::move(source)) {}

    [[noreturn]] void fail(const std::string& reason) const {
        throw StrategyError("manifest " + m_source + ": " + reason);
    }

    std::vector<DtoRef> dtos(const YAML::Node& list, const char* key) const {
        std::vector<DtoRef> refs;
        if (!list) {
            return refs;
        }
        if (!list.IsSequence()) {
            fail(std::string(key) + " must be a list");
        }
        for (const auto& item : list) {
            if (!item.IsMap() || !item["dto"]) {
                fail(std::string(key) + ": each entry needs a 'dto'");
            }
            DtoRef ref;
            ref.dto = item["dto"].as<std::string>();
            if (item["version"]) {
                try {
                    ref.version = item["version"].as<int>();
                } catch (const YAML::Exception&) {
                    fail(std::string(key) + ": version of " + ref.dto + " must be a whole number");
                }
                if (ref.version < 1) {
                    fail(std::string(key) + ": version of " + ref.dto + " must be at least 1");
                }
            }
            ref.optional = item["optional"] && item["optional"].as<bool>();
            for (const auto& field : item) {
                const auto name = field.first.as<std::string>();
                if (name != "dto" && name != "version" && name != "optional") {
                    fail(std::string(key) + ": unknown key '" + name + "'");
                }
            }
            refs.push_back(std::move(ref));
        }
        return refs;
    }

    std::vector<CapabilityNeed> capabilities(const YAML::Node& list) const {
        std::vector<CapabilityNeed> needs;
        if (!list) {
            return needs;
        }
        if (!list.IsSequence()) {
            fail("capabilities must be a list");
        }
        for (const auto& item : list) {
            CapabilityNeed need;
            if (item.IsScalar()) {
                need.name = item.as<std::string>();
            } else if (item.IsMap() && item.size() == 1) {
                need.name = item.begin()->first.as<std::string>();
                need.scope = item.begin()->second.as<std::string>();
            } else {
                fail("capabilities: each entry is a name or {name: scope}");
            }
            if (!oneOf(kCapabilities, need.name)) {
                fail("unknown capability '" + need.name + "' (valid: " + listOf(kCapabilities) +
                     ")");
            }
            if (need.name == "state_persistence") {
                if (need.scope != "strategy" && need.scope != "global") {
                    fail("state_persistence needs a scope: strategy or global");
                }
            } else if (!need.scope.empty()) {
                fail("capability '" + need.name + "' takes no scope");
            }
            needs.push_back(std::move(need));
        }
        return needs;
    }

private:
    std::string m_source;
};

}  // namespace

WorkerManifest WorkerManifest::parse(std::string_view yaml, const std::string& source) {
    const ManifestReader reader(source);
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yaml));
    } catch (const YAML::Exception& error) {
        reader.fail("line " + std::to_string(error.mark.line + 1) + ": " + error.msg);
    }
    if (!root.IsMap()) {
        reader.fail("not a mapping of worker, role, requires, produces, capabilities");
    }
    for (const auto& field : root) {
        const auto key = field.first.as<std::string>();
        if (key != "worker" && key != "role" && key != "requires" && key != "produces" &&
            key != "capabilities") {
            reader.fail("unknown key '" + key + "'");
        }
    }
    WorkerManifest manifest;
    if (!root["worker"] || !root["role"]) {
        reader.fail("'worker' and 'role' are required");
    }
    manifest.worker = root["worker"].as<std::string>();
    manifest.role = root["role"].as<std::string>();
    if (!oneOf(kRoles, manifest.role)) {
        reader.fail("unknown role '" + manifest.role + "' (valid: " + listOf(kRoles) + ")");
    }
    manifest.required = reader.dtos(root["requires"], "requires");
    manifest.produced = reader.dtos(root["produces"], "produces");
    manifest.capabilities = reader.capabilities(root["capabilities"]);
    return manifest;
}

const WorkerManifest& bundledManifest(const std::string& worker) {
    static const std::map<std::string, WorkerManifest, std::less<>> kParsed = [] {
        std::map<std::string, WorkerManifest, std::less<>> parsed;
        for (const auto& [name, text] : bundledManifestTexts()) {
            WorkerManifest manifest = WorkerManifest::parse(text, std::string(name) + ".yaml");
            if (manifest.worker != name) {
                throw StrategyError("manifest " + std::string(name) + ".yaml: declares worker '" +
                                    manifest.worker + "'");
            }
            parsed.emplace(std::string(name), std::move(manifest));
        }
        return parsed;
    }();
    const auto it = kParsed.find(worker);
    if (it == kParsed.end()) {
        throw StrategyError("no manifest for worker '" + worker + "'");
    }
    return it->second;
}

}  // namespace causeway::engine
