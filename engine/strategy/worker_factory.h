#pragma once

#include <set>
#include <string>
#include <vector>

#include "engine/strategy/strategy_pipeline.h"
#include "engine/strategy/worker_manifest.h"

namespace causeway::engine {

// What a strategy grants its workers. State persistence is granted per
// scope: "strategy" keeps a worker's state for its strategy only, "global"
// shares it across strategies.
struct CapabilityGrant {
    std::set<std::string> capabilities;
    std::set<std::string> persistenceScopes;

    // What the built-in strategies grant on bar data: everything but
    // market_depth (bars carry no book) and global state.
    static CapabilityGrant forBarData();
};

// Checks a pipeline — the manifests of its workers in wiring order — before
// it runs. Each error names the strategy, the worker and the DTO or
// capability:
//   missing producer  "strategy 'S': worker 'W' requires DTO 'D' v1, which no worker produces"
//   version mismatch  "strategy 'S': worker 'W' requires DTO 'D' v1 but worker 'P' produces v2"
//   cycle             "strategy 'S': cycle of requirements: a -> b -> a (via D, E)"
//   wrong order       "strategy 'S': worker 'W' requires DTO 'D', which only the later
//                      worker 'P' produces"
//   not granted       "strategy 'S': worker 'W' needs capability 'market_depth', which the
//                      strategy does not grant"
class WorkerFactory final {
public:
    static void validate(const std::string& strategy, const std::vector<WorkerManifest>& pipeline,
                         const CapabilityGrant& grant);
    // What each worker of a validated pipeline is handed: the ledger with
    // ledger_state, the state store (in the declared scope) with
    // state_persistence, nothing else.
    static std::vector<StrategyPipeline::Providers> providers(
        const std::vector<WorkerManifest>& pipeline);
};

}  // namespace causeway::engine
