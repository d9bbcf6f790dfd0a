#include "engine/runtime/logging.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace causeway::engine {

void setupLogging(const std::string& level) {
    auto logger = spdlog::stderr_logger_mt("causeway");
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%eZ %^%l%$ [%t] %v", spdlog::pattern_time_type::utc);
    spdlog::set_default_logger(logger);
    const auto parsed = spdlog::level::from_str(level);
    if (parsed == spdlog::level::off && level != "off") {
        spdlog::set_level(spdlog::level::warn);
        spdlog::warn("unknown log level '{}', using 'warn'", level);
        return;
    }
    spdlog::set_level(parsed);
}

}  // namespace causeway::engine
