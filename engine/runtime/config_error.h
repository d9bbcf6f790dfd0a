#pragma once

#include <stdexcept>
#include <string>

namespace causeway::engine {

// A workspace setting that cannot be used, located where it was given:
//   "FILE:LINE: KEY: reason"            a value in workspace.yaml
//   "FILE: KEY: reason"                 a required key that is missing
//   "environment VARIABLE: reason"      a CAUSEWAY_<SECTION>_<KEY> override
// A std::invalid_argument, so the CLI reports it as a usage error (exit 2).
class ConfigError final : public std::invalid_argument {
public:
    static ConfigError inFile(const std::string& file, int line, const std::string& key,
                              const std::string& reason) {
        const std::string where = line > 0 ? file + ':' + std::to_string(line) : file;
        return ConfigError(where + ": " + (key.empty() ? "" : key + ": ") + reason, key, reason);
    }
    static ConfigError inEnvironment(const std::string& variable, const std::string& key,
                                     const std::string& reason) {
        return ConfigError("environment " + variable + ": " + reason, key, reason);
    }

    // The dotted path of the setting ("risk.max_position", "symbols[0].data");
    // empty when the whole file is at fault.
    const std::string& key() const { return m_key; }
    const std::string& reason() const { return m_reason; }

private:
    ConfigError(const std::string& text, std::string key, std::string reason)
        : std::invalid_argument(text), m_key(std::move(key)), m_reason(std::move(reason)) {}

    std::string m_key;
    std::string m_reason;
};

}  // namespace causeway::engine
