#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/core/ids.h"
#include "engine/core/market_data.h"
#include "engine/strategy/state_store.h"
#include "engine/strategy/strategy_cache.h"

namespace causeway::engine {

// Read access to the ledger's current state, for planners that must know
// the position (the ledger_state capability).
class LedgerStateProvider {
public:
    virtual ~LedgerStateProvider() = default;
    virtual Quantity position(const std::string& strategy, Symbol symbol) const = 0;
    virtual int openOrders(const std::string& strategy, Symbol symbol) const = 0;
    // Cash plus positions marked at the latest close.
    virtual Money equity() const = 0;
    // Net PnL of every closed round trip so far, in closing order.
    virtual const std::vector<Money>& closedTradePnls() const = 0;
};

// What every worker of one flow may read about the flow itself.
struct FlowContext {
    Origin origin;
    Symbol symbol;
    const Candle* bar = nullptr;  // the bar that closed (for candle and schedule origins)
    std::string strategy;
    // Providers: a worker is handed only those its manifest asks for
    // (ledger_state, state_persistence); the others are null for it.
    const LedgerStateProvider* ledger = nullptr;
    StateStore* state = nullptr;
    // Where in `state` the worker keeps its own: "<strategy>/<worker>" for
    // the strategy scope, "global/<worker>" for the global one.
    std::string_view stateKey;
    IdGenerator* ids = nullptr;
};

enum class WorkerRole {
    kContext,
    kOpportunity,
    kThreat,
    kStrategyPlanner,
    kEntryPlanner,
    kSizePlanner,
    kExitPlanner,
    kExecutionPlanner,
};

class Worker {
public:
    virtual ~Worker() = default;
    virtual std::string name() const = 0;
    virtual WorkerRole role() const = 0;
    virtual DispositionEnvelope process(StrategyCache& cache, const FlowContext& flow) = 0;
};

}  // namespace causeway::engine
