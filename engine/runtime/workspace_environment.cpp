#include "engine/runtime/workspace_environment.h"

#include <algorithm>

namespace causeway::engine::config {

namespace {

constexpr std::string_view kEnvPrefix = "CAUSEWAY_";

class EnvironmentOverlay final {
public:
    EnvironmentOverlay(const Environment& env, WorkspaceConfig& config,
                       std::vector<RawStrategy>& raw)
        : m_env(env), m_config(config), m_raw(raw) {}

    void apply() { applyEnvironment(); }

private:
    [[noreturn]] static void failEnv(const std::string& variable, const std::string& key,
                                     const std::string& reason) {
        throw ConfigError::inEnvironment(variable, key, reason);
    }
    void givenByEnv(const std::string& key, const std::string& variable) {
        m_config.origins[key] = ValueOrigin{0, variable};
    }

    void applyEnvironment() {
        for (const auto& [variable, value] : m_env) {
            if (!variable.starts_with(kEnvPrefix)) {
                continue;
            }
            const std::string rest = variable.substr(kEnvPrefix.size());
            if (rest.starts_with("SYMBOLS_")) {
                applySymbolVariable(variable, rest.substr(8), value);
            } else if (rest.starts_with("STRATEGIES_")) {
                applyStrategyVariable(variable, rest.substr(11), value);
            } else {
                for (const auto& section : mappingSections()) {
                    const std::string prefix = upper(section.name) + '_';
                    if (rest.starts_with(prefix)) {
                        applySectionVariable(variable, section, lower(rest.substr(prefix.size())),
                                             value);
                    }
                }
            }
            // Other CAUSEWAY_* variables (CAUSEWAY_LOG_LEVEL of the CLI, ...)
            // are not workspace settings.
        }
    }

    void applySectionVariable(const std::string& variable, const Section& section,
                              const std::string& key, const std::string& value) {
        const std::string path = std::string(section.name) + '.' + key;
        const Setting* setting = section.find(key);
        if (setting == nullptr) {
            failEnv(variable, path,
                    "unknown key '" + key + "' in section '" + std::string(section.name) +
                        "' (valid: " + section.keys() + ")");
        }
        if (const Refusal refusal = setting->apply(m_config, value)) {
            failEnv(variable, path, *refusal);
        }
        givenByEnv(path, variable);
    }

    // CAUSEWAY_SYMBOLS_<SYMBOL>_DATA, CAUSEWAY_SYMBOLS_<SYMBOL>_TIMEFRAME
    void applySymbolVariable(const std::string& variable, const std::string& rest,
                             const std::string& value) {
        for (std::size_t i = 0; i < m_config.symbols.size(); ++i) {
            SymbolConfig& symbol = m_config.symbols[i];
            const std::string prefix = envName(symbol.name) + '_';
            if (!rest.starts_with(prefix)) {
                continue;
            }
            const std::string key = lower(rest.substr(prefix.size()));
            const std::string path = indexed("symbols", i) + '.' + key;
            Refusal refusal;
            if (key == "data") {
                refusal = config::path(value, m_config.directory, symbol.dataPath);
            } else if (key == "timeframe") {
                refusal = config::timeframe(value, symbol.timeframe);
            } else {
                continue;
            }
            if (refusal) {
                failEnv(variable, path, *refusal);
            }
            givenByEnv(path, variable);
            return;
        }
        failEnv(variable, "symbols",
                "names no workspace symbol and key (symbols: " + symbolNames(m_config) +
                    "; keys: data, timeframe)");
    }

    // CAUSEWAY_STRATEGIES_<STRATEGY>_ENABLED, _SYMBOLS (comma-separated) or
    // _<PARAMETER>; applies to every entry of that strategy.
    void applyStrategyVariable(const std::string& variable, const std::string& rest,
                               const std::string& value) {
        bool matched = false;
        for (std::size_t i = 0; i < m_config.strategies.size(); ++i) {
            StrategyConfig& strategy = m_config.strategies[i];
            const std::string prefix = envName(strategy.name) + '_';
            if (!rest.starts_with(prefix)) {
                continue;
            }
            matched = true;
            const std::string key = lower(rest.substr(prefix.size()));
            const std::string path = indexed("strategies", i);
            if (key == "enabled") {
                if (const Refusal refusal = boolean(value, strategy.enabled)) {
                    failEnv(variable, path + ".enabled", *refusal);
                }
                givenByEnv(path + ".enabled", variable);
            } else if (key == "symbols") {
                strategy.symbols = splitList(value);
                m_raw[i].symbolsGiven = true;
                givenByEnv(path + ".symbols", variable);
            } else if (hasParameter(strategy.name, key)) {
                m_raw[i].params[key] = value;
                givenByEnv(path + ".parameters." + key, variable);
            } else {
                failEnv(variable, path + '.' + key,
                        "unknown key '" + key + "' for strategy '" + strategy.name +
                            "' (valid: enabled, symbols, " + parameterNames(strategy.name) + ")");
            }
        }
        if (!matched) {
            std::vector<std::string> names;
            for (const auto& strategy : m_config.strategies) {
                names.push_back(strategy.name);
            }
            failEnv(variable, "strategies",
                    "names no strategy of the workspace (strategies: " + joined(names) + ")");
        }
    }

    static std::vector<std::string> splitList(const std::string& text) {
        std::vector<std::string> items;
        std::size_t start = 0;
        while (start <= text.size()) {
            const std::size_t comma = std::min(text.find(',', start), text.size());
            std::string item = text.substr(start, comma - start);
            item.erase(0, item.find_first_not_of(' '));
            item.erase(item.find_last_not_of(' ') + 1);
            if (!item.empty()) {
                items.push_back(item);
            }
            start = comma + 1;
        }
        return items;
    }

    const Environment& m_env;
    WorkspaceConfig& m_config;
    std::vector<RawStrategy>& m_raw;
};

}  // namespace

void applyWorkspaceEnvironment(const Environment& env, WorkspaceConfig& config,
                               std::vector<RawStrategy>& raw) {
    EnvironmentOverlay(env, config, raw).apply();
}

}  // namespace causeway::engine::config
