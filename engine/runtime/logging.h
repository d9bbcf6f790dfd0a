#pragma once

#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spdlog {
class logger;
}

namespace causeway::engine {

enum class LogFormat { kText, kJson };

// The `logging` section of workspace.yaml.
struct LoggingConfig {
    std::string level = "info";
    LogFormat format = LogFormat::kText;
    // Component (logger name) -> level, overriding `level` for that component.
    std::map<std::string, std::string> components;
    // Also append every line to this file; empty: no file.
    std::string file;
};

// Every line carries the time (ISO 8601 UTC), level, component, thread and
// the correlation id of the flow being worked on (CorrelationScope), so one
// grep follows a flow through every component:
//   text: 2024-01-02T10:00:00.123Z info [orchestrator] [4711] [CDL_SPX_1d_20240102] message
//         ("-" in place of the correlation id outside any flow)
//   json: one object per line: {"ts":..., "level":..., "component":...,
//         "correlation_id":..., "thread":..., "msg":...} ("" outside a flow)
//
// Reconfiguring moves every existing logger to the new sinks, format and
// levels; call it before engine threads start logging. Throws
// std::invalid_argument for an unknown level and std::runtime_error when the
// log file cannot be opened.
void setupLogging(const LoggingConfig& config);
// The same, writing to `stream` instead of stderr (tests, embedding).
void setupLogging(const LoggingConfig& config, std::ostream& stream);
// Text to stderr at `level`; an unknown level falls back to "warn" and says so.
void setupLogging(const std::string& level);

// The logger of one component ("orchestrator", "storage", ...), created on
// first use with the configured sinks, format and the component's level.
std::shared_ptr<spdlog::logger> componentLogger(const std::string& component);
// Writes out what file sinks buffer.
void flushLogs();

// "trace", "debug", "info", "warn", "error", "critical", "off".
const std::vector<std::string>& logLevelNames();
// The canonical name of a level given in any case ("WARNING" -> "warn");
// nullopt when it is none.
std::optional<std::string> normalizeLogLevel(std::string_view text);
// Parses "storage=debug,bus=warn" into component -> canonical level. Throws
// std::invalid_argument naming the entry at fault.
std::map<std::string, std::string> parseComponentLevels(std::string_view text);

}  // namespace causeway::engine
