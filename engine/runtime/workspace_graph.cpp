#include "engine/runtime/workspace_graph.h"

#include "engine/bus/event_bus.h"
#include "engine/dag/graph.h"
#include "engine/indicators/nodes.h"
#include "engine/runtime/workspace_config.h"
#include "engine/strategy/strategy_registry.h"

namespace causeway::engine {

namespace {

// Where the indicators a strategy's workers read meet: the workers run
// outside the graph, so this node only shows the graph's edges into them.
class StrategyInputsNode final : public Node {
public:
    using Node::Node;
    void compute() override {}
};

// The ids of the nodes the strategy adds below a candle node.
std::vector<std::string> strategyNodeIds(const StrategyConfig& strategy, const std::string& candles,
                                         Timeframe timeframe) {
    Graph scratch;
    EventBus bus;
    const auto& source = scratch.emplace<CandleNode>(candles);
    StrategyRegistry::build(strategy.name, strategy.params, scratch, source, timeframe, bus);
    scratch.finalize();
    std::vector<std::string> ids;
    for (const Node* node : scratch.order()) {
        if (node != &source) {
            ids.push_back(node->id());
        }
    }
    return ids;
}

}  // namespace

std::string candleNodeId(const std::string& symbol, Timeframe timeframe) {
    return "candles." + symbol + '.' + timeframe.label();
}

std::string strategyNodeId(const std::string& symbol, const std::string& strategy) {
    return "strategy." + symbol + '.' + strategy;
}

void buildWorkspaceGraph(const WorkspaceConfig& workspace, Graph& graph) {
    EventBus bus;
    for (const SymbolConfig& symbol : workspace.symbols) {
        const StrategyConfig* strategy = workspace.strategyFor(symbol.name);
        if (strategy == nullptr) {
            continue;
        }
        const std::string candles = candleNodeId(symbol.name, symbol.timeframe);
        const auto& source = graph.emplace<CandleNode>(candles);
        StrategyRegistry::build(strategy->name, strategy->params, graph, source, symbol.timeframe,
                                bus);
        graph.emplace<StrategyInputsNode>(strategyNodeId(symbol.name, strategy->name),
                                          strategyNodeIds(*strategy, candles, symbol.timeframe));
    }
    graph.finalize();
}

}  // namespace causeway::engine
