#pragma once

#include <string>
#include <vector>

#include "engine/runtime/workspace_sections.h"

namespace causeway::engine::config {

// Reads workspace.yaml text into `config` (whose file and directory are
// set), recording in config.origins the line of every value; strategy
// parameters stay as written in `raw`, one entry per strategy. Throws
// ConfigError at the first key that is unknown, given twice or invalid.
void readWorkspaceYaml(const std::string& yaml, WorkspaceConfig& config,
                       std::vector<RawStrategy>& raw);

}  // namespace causeway::engine::config
