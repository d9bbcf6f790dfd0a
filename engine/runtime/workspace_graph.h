#pragma once

#include <string>

#include "engine/core/timeframe.h"

namespace causeway::engine {

class Graph;
struct WorkspaceConfig;

// The id of a symbol's candle (source) node: "candles.SPX.1d".
std::string candleNodeId(const std::string& symbol, Timeframe timeframe);
// The id of the node standing for a strategy's inputs: "strategy.SPX.ema_cross".
std::string strategyNodeId(const std::string& symbol, const std::string& strategy);

// Adds to `graph` (and finalizes it) the DAG the workspace's executors run:
// for every symbol with an enabled strategy, its candle node, the indicator
// nodes the strategy builds below it (the same StrategyRegistry::build the
// executor calls) and a strategy node reading them.
void buildWorkspaceGraph(const WorkspaceConfig& workspace, Graph& graph);

}  // namespace causeway::engine
