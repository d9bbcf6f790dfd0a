#pragma once

#include <string>

#include "engine/data/bar_csv_reader.h"

namespace causeway::engine {

// How sessions and the orchestrator read a bar file: loadValidatedBars,
// with every flag logged on the "data" component as FILE:LINE: rule: detail.
// Flags are information about the data, not failures; the caller reports
// the counts (BacktestSummary's data_quality).
ValidatedBars readSessionBars(const std::string& path, Symbol symbol = {});

}  // namespace causeway::engine
