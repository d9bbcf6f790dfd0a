#include "engine/runtime/workspace_yaml.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <map>

#include "engine/runtime/workspace_config.h"

namespace causeway::engine::config {

namespace {

constexpr std::array<std::string_view, 7> kTopLevelKeys{
    "symbols", "strategies", "risk", "connector", "logging", "engine", "storage"};
constexpr std::array<std::string_view, 3> kSymbolKeys{"name", "data", "timeframe"};
constexpr std::array<std::string_view, 5> kStrategyKeys{"name", "symbols", "symbol", "parameters",
                                                        "enabled"};

template <std::size_t N>
std::string keyList(const std::array<std::string_view, N>& keys) {
    return joined(std::vector<std::string_view>(keys.begin(), keys.end()));
}

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& keys, std::string_view key) {
    return std::find(keys.begin(), keys.end(), key) != keys.end();
}

std::string describe(const YAML::Node& node) {
    switch (node.Type()) {
        case YAML::NodeType::Map:
            return "a mapping";
        case YAML::NodeType::Sequence:
            return "a list";
        case YAML::NodeType::Null:
            return "nothing";
        default:
            return "'" + node.Scalar() + "'";
    }
}

class YamlReader final {
public:
    YamlReader(WorkspaceConfig& config, std::vector<RawStrategy>& raw)
        : m_config(config), m_raw(raw) {}

    void read(const std::string& yaml) { readDocument(yaml); }

private:
    [[noreturn]] void fail(const YAML::Node& where, const std::string& key,
                           const std::string& reason) const {
        throw ConfigError::inFile(m_config.file, line(where), key, reason);
    }
    static int line(const YAML::Node& node) {
        const YAML::Mark mark = node.Mark();
        return mark.is_null() ? 0 : mark.line + 1;
    }
    void given(const std::string& key, const YAML::Node& where) {
        m_config.origins[key] = ValueOrigin{line(where), {}};
    }
    std::string scalar(const YAML::Node& keyNode, const YAML::Node& value,
                       const std::string& key) const {
        if (value.IsNull()) {
            return {};
        }
        if (!value.IsScalar()) {
            fail(keyNode, key, "must be a single value, got " + describe(value));
        }
        return value.Scalar();
    }

    // Calls `visit(keyNode, keyText, value)` for each entry of a mapping,
    // refusing keys that are not plain names and keys given twice.
    template <class Visit>
    void forEachEntry(const YAML::Node& map, const std::string& path, Visit visit) const {
        std::map<std::string, int> seen;
        // By value: the iterator's operator-> hands out a temporary.
        for (const auto& entry : map) {
            const YAML::Node& keyNode = entry.first;
            const std::string prefix = path.empty() ? "" : path + '.';
            if (!keyNode.IsScalar()) {
                fail(keyNode, path, "keys must be plain names, got " + describe(keyNode));
            }
            const std::string key = keyNode.Scalar();
            if (const auto [previous, added] = seen.emplace(key, line(keyNode)); !added) {
                fail(keyNode, prefix + key,
                     "given twice (first on line " + std::to_string(previous->second) + ")");
            }
            visit(keyNode, key, entry.second);
        }
    }

    void readDocument(const std::string& yaml) {
        std::vector<YAML::Node> documents;
        try {
            documents = YAML::LoadAll(yaml);
        } catch (const YAML::ParserException& error) {
            // yaml-cpp reports an indenting tab as whatever it broke; a
            // hand-edited file deserves the real cause.
            if (const int tab = firstIndentingTab(yaml, error.mark.line + 1)) {
                throw ConfigError::inFile(m_config.file, tab, {},
                                          "invalid YAML: a tab in the indentation (YAML indents "
                                          "with spaces only)");
            }
            throw ConfigError::inFile(m_config.file, error.mark.line + 1, {},
                                      "invalid YAML: " + error.msg);
        }
        if (documents.size() > 1) {
            fail(documents[1], {},
                 "a workspace file holds one YAML document, found " +
                     std::to_string(documents.size()));
        }
        if (documents.empty() || documents.front().IsNull()) {
            return;
        }
        const YAML::Node& root = documents.front();
        if (!root.IsMap()) {
            fail(root, {},
                 "the workspace must be a mapping of sections (" + keyList(kTopLevelKeys) +
                     "), got " + describe(root));
        }
        forEachEntry(
            root, {},
            [&](const YAML::Node& keyNode, const std::string& key, const YAML::Node& value) {
                if (!contains(kTopLevelKeys, key)) {
                    fail(keyNode, key, "unknown key (valid: " + keyList(kTopLevelKeys) + ")");
                }
                given(key, keyNode);
                if (key == "symbols") {
                    readSymbols(keyNode, value);
                } else if (key == "strategies") {
                    readStrategies(keyNode, value);
                } else {
                    readSection(keyNode, value, *sectionNamed(key));
                }
            });
    }

    // The first line up to `lastLine` whose indentation holds a tab; 0: none.
    static int firstIndentingTab(const std::string& yaml, int lastLine) {
        int line = 1;
        bool indenting = true;
        for (const char c : yaml) {
            if (line > lastLine) {
                break;
            }
            if (c == '\n') {
                ++line;
                indenting = true;
            } else if (indenting && c == '\t') {
                return line;
            } else if (c != ' ') {
                indenting = false;
            }
        }
        return 0;
    }

    void readSection(const YAML::Node& keyNode, const YAML::Node& map, const Section& section) {
        const std::string name(section.name);
        if (map.IsNull()) {
            return;
        }
        if (!map.IsMap()) {
            fail(keyNode, name,
                 "must be a mapping of " + section.keys() + ", got " + describe(map));
        }
        forEachEntry(
            map, name,
            [&](const YAML::Node& entryKey, const std::string& key, const YAML::Node& value) {
                const std::string path = name + '.' + key;
                const Setting* setting = section.find(key);
                if (setting == nullptr) {
                    fail(entryKey, path, "unknown key (valid: " + section.keys() + ")");
                }
                given(path, entryKey);
                if (path == "logging.components" && value.IsMap()) {
                    readComponentLevels(value);
                    return;
                }
                if (const Refusal refusal =
                        setting->apply(m_config, scalar(entryKey, value, path))) {
                    fail(entryKey, path, *refusal);
                }
            });
    }

    void readComponentLevels(const YAML::Node& map) {
        m_config.logging.components.clear();
        forEachEntry(
            map, "logging.components",
            [&](const YAML::Node& keyNode, const std::string& component, const YAML::Node& value) {
                const std::string path = "logging.components." + component;
                std::map<std::string, std::string> one;
                if (const Refusal refusal =
                        componentLevels(component + '=' + scalar(keyNode, value, path), one)) {
                    fail(keyNode, path, *refusal);
                }
                m_config.logging.components.insert(one.begin(), one.end());
                given(path, keyNode);
            });
    }

    void readSymbols(const YAML::Node& keyNode, const YAML::Node& list) {
        if (list.IsNull()) {
            return;
        }
        if (!list.IsSequence()) {
            fail(keyNode, "symbols", "must be a list of symbols, got " + describe(list));
        }
        for (std::size_t i = 0; i < list.size(); ++i) {
            const YAML::Node item = list[i];
            const std::string path = indexed("symbols", i);
            given(path, item);
            SymbolConfig symbol;
            if (item.IsScalar()) {
                symbol.name = item.Scalar();
                given(path + ".name", item);
            } else if (item.IsMap()) {
                forEachEntry(item, path,
                             [&](const YAML::Node& entryKey, const std::string& key,
                                 const YAML::Node& value) {
                                 const std::string keyPath = path + '.' + key;
                                 if (!contains(kSymbolKeys, key)) {
                                     fail(entryKey, keyPath,
                                          "unknown key (valid: " + keyList(kSymbolKeys) + ")");
                                 }
                                 given(keyPath, entryKey);
                                 const std::string text = scalar(entryKey, value, keyPath);
                                 Refusal refusal;
                                 if (key == "name") {
                                     symbol.name = text;
                                 } else if (key == "data") {
                                     refusal =
                                         config::path(text, m_config.directory, symbol.dataPath);
                                 } else {
                                     refusal = config::timeframe(text, symbol.timeframe);
                                 }
                                 if (refusal) {
                                     fail(entryKey, keyPath, *refusal);
                                 }
                             });
            } else {
                fail(item, path,
                     "must be a symbol name or a mapping of " + keyList(kSymbolKeys) + ", got " +
                         describe(item));
            }
            checkSymbolName(item, path, symbol.name);
            m_config.symbols.push_back(std::move(symbol));
        }
    }

    void checkSymbolName(const YAML::Node& item, const std::string& path, const std::string& name) {
        if (name.empty()) {
            fail(item, path + ".name", "required");
        }
        if (std::any_of(name.begin(), name.end(),
                        [](unsigned char c) { return std::isspace(c) || std::iscntrl(c); })) {
            fail(item, path + ".name", "must be a symbol without spaces, got '" + name + "'");
        }
        for (std::size_t j = 0; j < m_config.symbols.size(); ++j) {
            if (m_config.symbols[j].name == name) {
                fail(item, path + ".name",
                     "duplicate symbol '" + name + "' (also " + indexed("symbols", j) + ")");
            }
        }
    }

    void readStrategies(const YAML::Node& keyNode, const YAML::Node& list) {
        if (list.IsNull()) {
            return;
        }
        if (!list.IsSequence()) {
            fail(keyNode, "strategies", "must be a list of strategies, got " + describe(list));
        }
        for (std::size_t i = 0; i < list.size(); ++i) {
            readStrategy(list[i], indexed("strategies", i));
        }
    }

    void readStrategy(const YAML::Node& item, const std::string& path) {
        given(path, item);
        if (!item.IsMap()) {
            fail(item, path,
                 "must be a mapping of " + keyList(kStrategyKeys) + ", got " + describe(item));
        }
        // The name first, whatever the order of the keys: the parameters
        // are checked against the strategy's schema.
        std::map<std::string, std::pair<YAML::Node, YAML::Node>> entries;
        forEachEntry(
            item, path,
            [&](const YAML::Node& keyNode, const std::string& key, const YAML::Node& value) {
                if (!contains(kStrategyKeys, key)) {
                    fail(keyNode, path + '.' + key,
                         "unknown key (valid: " + keyList(kStrategyKeys) + ")");
                }
                given(path + '.' + key, keyNode);
                entries[key] = {keyNode, value};
            });
        StrategyConfig strategy;
        RawStrategy raw;
        if (!entries.contains("name")) {
            fail(item, path + ".name", "required");
        }
        const auto& [nameKey, nameValue] = entries["name"];
        strategy.name = scalar(nameKey, nameValue, path + ".name");
        try {
            StrategyRegistry::spec(strategy.name);
        } catch (const std::invalid_argument& error) {
            fail(nameKey, path + ".name", error.what());
        }
        if (entries.contains("symbol") && entries.contains("symbols")) {
            fail(entries["symbol"].first, path + ".symbol", "give either symbol or symbols");
        }
        if (entries.contains("symbol")) {
            const auto& [key, value] = entries["symbol"];
            strategy.symbols.push_back(scalar(key, value, path + ".symbol"));
            raw.symbolsGiven = true;
            given(path + ".symbols", key);
        }
        if (entries.contains("symbols")) {
            const auto& [key, value] = entries["symbols"];
            strategy.symbols = symbolList(key, value, path + ".symbols");
            raw.symbolsGiven = true;
        }
        if (entries.contains("enabled")) {
            const auto& [key, value] = entries["enabled"];
            if (const Refusal refusal =
                    boolean(scalar(key, value, path + ".enabled"), strategy.enabled)) {
                fail(key, path + ".enabled", *refusal);
            }
        }
        if (entries.contains("parameters")) {
            const auto& [key, value] = entries["parameters"];
            raw.params = readParameters(key, value, path + ".parameters", strategy.name);
        }
        m_config.strategies.push_back(std::move(strategy));
        m_raw.push_back(std::move(raw));
    }

    std::vector<std::string> symbolList(const YAML::Node& keyNode, const YAML::Node& value,
                                        const std::string& path) const {
        if (value.IsScalar()) {
            return {value.Scalar()};
        }
        if (!value.IsSequence() || value.size() == 0) {
            fail(keyNode, path, "must be a list of symbol names, got " + describe(value));
        }
        std::vector<std::string> names;
        for (std::size_t i = 0; i < value.size(); ++i) {
            if (!value[i].IsScalar()) {
                fail(value[i], indexed(path, i),
                     "must be a symbol name, got " + describe(value[i]));
            }
            names.push_back(value[i].Scalar());
        }
        return names;
    }

    ParamMap readParameters(const YAML::Node& keyNode, const YAML::Node& map,
                            const std::string& path, const std::string& strategy) {
        ParamMap params;
        if (map.IsNull()) {
            return params;
        }
        if (!map.IsMap()) {
            fail(keyNode, path, "must be a mapping of parameter: value, got " + describe(map));
        }
        forEachEntry(
            map, path,
            [&](const YAML::Node& paramKey, const std::string& name, const YAML::Node& value) {
                const std::string paramPath = path + '.' + name;
                if (!hasParameter(strategy, name)) {
                    fail(paramKey, paramPath, unknownParameter(strategy));
                }
                params[name] = scalar(paramKey, value, paramPath);
                given(paramPath, paramKey);
            });
        return params;
    }

    static std::string unknownParameter(const std::string& strategy) {
        return "unknown parameter for strategy '" + strategy +
               "' (valid: " + parameterNames(strategy) + ")";
    }

    WorkspaceConfig& m_config;
    std::vector<RawStrategy>& m_raw;
};

}  // namespace

void readWorkspaceYaml(const std::string& yaml, WorkspaceConfig& config,
                       std::vector<RawStrategy>& raw) {
    YamlReader(config, raw).read(yaml);
}

}  // namespace causeway::engine::config
