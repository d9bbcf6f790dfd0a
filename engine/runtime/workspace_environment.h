#pragma once

#include <vector>

#include "engine/runtime/workspace_config.h"
#include "engine/runtime/workspace_sections.h"

namespace causeway::engine::config {

// Applies the CAUSEWAY_<SECTION>_<KEY> variables of `env` over what the
// file gave, recording each in config.origins:
//   CAUSEWAY_RISK_MAX_POSITION, CAUSEWAY_CONNECTOR_MARKET_DATA_URL, ... (mapping sections)
//   CAUSEWAY_SYMBOLS_<SYMBOL>_DATA, _TIMEFRAME
//   CAUSEWAY_STRATEGIES_<STRATEGY>_ENABLED, _SYMBOLS (comma-separated), _<PARAMETER>
// A variable naming a section but an unknown key, symbol or strategy is an
// error; other CAUSEWAY_* variables (CAUSEWAY_LOG_LEVEL of the CLI, ...)
// are not workspace settings and are left alone. Throws ConfigError.
void applyWorkspaceEnvironment(const Environment& env, WorkspaceConfig& config,
                               std::vector<RawStrategy>& raw);

}  // namespace causeway::engine::config
