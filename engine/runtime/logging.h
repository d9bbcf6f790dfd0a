#pragma once

#include <string>

namespace causeway::engine {

// Routes the engine's spdlog output to stderr at `level` ("trace" .. "off").
// Invalid level names fall back to "warn" and say so.
void setupLogging(const std::string& level);

}  // namespace causeway::engine
