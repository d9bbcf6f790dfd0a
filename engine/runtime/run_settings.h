#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/execution/ledger_sink.h"
#include "engine/runtime/symbol_executor.h"
#include "engine/runtime/workspace_config.h"

namespace causeway::engine {

// What a run does with its data, as the user typed it (`backtest`'s
// options, a dialog's fields): the strategy and its parameters, the account
// and the simulated exchange, the risk limits.
struct RunSettings {
    std::string strategy = "ema_cross";
    std::map<std::string, std::string> params;  // strategy parameters
    std::string initialCash = "100000";
    std::string feeBps = "0";
    std::string slippageBps = "0";
    // The simulated exchange (empty: as the defaults of workspace.yaml's
    // engine section say): maker and taker fees (fee_bps when not given),
    // latency in ms, the share of a bar's volume that may fill, injected
    // rejections (every Nth order, a share of orders).
    std::string makerFeeBps;
    std::string takerFeeBps;
    std::string latencyMs;
    std::string participation;
    std::string rejectEvery;
    std::string rejectRate;
    // Risk limits by the keys of workspace.yaml's risk section
    // (max_position, max_order_notional, ...).
    std::map<std::string, std::string> risk;
};

// The settings checked and parsed: an executor configuration without its
// bars, and the engine and risk sections they amount to.
struct ResolvedSettings {
    ExecutorConfig executor;
    WorkspaceConfig workspace;
};

// Throws std::invalid_argument naming the option and why (an unknown
// strategy or parameter, a negative fee, an unknown risk key).
ResolvedSettings resolveRunSettings(const RunSettings& settings);

// The run_info rows a run's database starts with. `symbols` and
// `timeframes` are comma-joined when the run has several.
std::vector<RunInfoRecord> runInfoRecords(const ResolvedSettings& resolved,
                                          const std::string& strategy, const std::string& data,
                                          const std::string& symbols, const std::string& timeframes,
                                          const std::string& mode);

}  // namespace causeway::engine
