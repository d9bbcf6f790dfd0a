#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace causeway::engine {

// One DTO a worker produces or requires, with the version of its shape.
// An optional requirement is read when present and never missed.
struct DtoRef {
    std::string dto;
    int version = 1;
    bool optional = false;
};

// A capability a worker needs from the platform: ohlcv_window,
// multi_timeframe, state_persistence (with scope strategy or global),
// market_depth, ledger_state, journaling.
struct CapabilityNeed {
    std::string name;
    std::string scope;  // state_persistence only
};

// What a worker type declares in its YAML manifest
// (engine/strategy/manifests/<worker>.yaml):
//
//   worker: breakout_detector
//   role: opportunity
//   requires:
//     - {dto: EmaPairContext, version: 1}
//     - {dto: ThreatSignal, version: 1, optional: true}
//   produces:
//     - {dto: OpportunitySignal, version: 1}
//   capabilities: [ohlcv_window, ledger_state, {state_persistence: strategy}]
struct WorkerManifest {
    std::string worker;
    std::string role;
    std::vector<DtoRef> produced;
    std::vector<DtoRef> required;
    std::vector<CapabilityNeed> capabilities;

    // Throws StrategyError "manifest SOURCE: reason" for malformed YAML, a
    // missing or unknown key, an unknown role or capability, a bad version.
    static WorkerManifest parse(std::string_view yaml, const std::string& source);
};

// The manifests compiled into the engine: worker name -> YAML text.
const std::vector<std::pair<std::string_view, std::string_view>>& bundledManifestTexts();

// The bundled manifest of a worker type, parsed once; throws StrategyError
// "no manifest for worker 'X'".
const WorkerManifest& bundledManifest(const std::string& worker);

}  // namespace causeway::engine
