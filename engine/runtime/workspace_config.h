#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/fixed_point.h"
#include "engine/core/timeframe.h"
#include "engine/execution/risk_engine.h"
#include "engine/runtime/config_error.h"
#include "engine/runtime/logging.h"
#include "engine/strategy/strategy_registry.h"

namespace causeway::engine {

enum class ConnectorType { kSim, kPaper, kBinance, kCoinbase, kBinanceTestnet, kAlpacaPaper };

// "sim", "paper", "binance", "coinbase", "binance_testnet", "alpaca_paper".
std::string_view connectorTypeName(ConnectorType type);

struct SymbolConfig {
    std::string name;
    std::string dataPath;  // absolute; empty when the connector streams market data
    Timeframe timeframe;
};

struct StrategyConfig {
    std::string name;
    std::vector<std::string> symbols;  // every workspace symbol when not given
    ParamMap params;                   // resolved: defaults filled in, values canonical
    bool enabled = true;
};

// Unset limits do not limit.
struct RiskConfig {
    std::optional<Quantity> maxPosition;
    std::optional<Money> maxOrderNotional;
    std::optional<int> maxOpenOrders;
    std::optional<Money> dailyLossLimit;
    std::optional<double> maxDrawdownPct;
    std::optional<double> priceBandPct;
    bool cancelOpenOrdersOnTrip = true;
};

// The limits as the execution worker's risk engine takes them.
RiskLimits riskLimits(const RiskConfig& config);

struct ConnectorConfig {
    ConnectorType type = ConnectorType::kSim;
    std::string marketDataUrl;  // ws:// or wss://; empty: replay the symbols' data files
    std::string restUrl;        // http:// or https://
};

struct EngineConfig {
    double barsPerSecond = 0.0;  // replay pace; 0 runs as fast as the engine can
    Money initialCash = Money::fromInt(100'000);
    Money feeBps;
    Money slippageBps;
    // The simulated exchange of sessions on recorded data: maker and taker
    // fees (fee_bps when not given), latency, the share of a bar's volume
    // that may fill, injected rejections.
    std::optional<Money> makerFeeBps;
    std::optional<Money> takerFeeBps;
    double latencyMs = 0.0;
    double participation = 0.0;
    int rejectEvery = 0;
    double rejectRate = 0.0;
    int healthCheckIntervalMs = 1'000;
    int heartbeatTimeoutMs = 5'000;  // longer than the health check interval
    int maxRestarts = 3;             // of one failed executor
};

struct StorageConfig {
    std::string dbPath;  // absolute; "run.sqlite" in the workspace by default
    int batchSize = 1'000;
};

// Variables of the form CAUSEWAY_<SECTION>_<KEY> and their values.
using Environment = std::map<std::string, std::string>;

// Where a setting's value was given.
struct ValueOrigin {
    int line = 0;          // line in the workspace file (1-based) ...
    std::string variable;  // ... or the environment variable that overrode it
};

// A workspace's workspace.yaml, typed and validated. Every value comes from,
// in this priority: the environment (CAUSEWAY_<SECTION>_<KEY>, e.g.
// CAUSEWAY_CONNECTOR_MARKET_DATA_URL, CAUSEWAY_STRATEGIES_EMA_CROSS_FAST,
// CAUSEWAY_SYMBOLS_SPX_DATA), the file, the defaults above. Unknown keys
// are errors, so that a typo never silently leaves a default in place;
// relative paths resolve against the workspace directory.
struct WorkspaceConfig {
    std::string file;       // as given; names the file in errors
    std::string directory;  // absolute
    std::vector<SymbolConfig> symbols;
    std::vector<StrategyConfig> strategies;
    RiskConfig risk;
    ConnectorConfig connector;
    LoggingConfig logging;
    EngineConfig engine;
    StorageConfig storage;
    // Key path ("risk.max_position", "symbols[0].data") -> where its value
    // was given. Defaults have none.
    std::map<std::string, ValueOrigin> origins;

    // Reads `path` (a workspace.yaml, or a directory holding one). Throws
    // ConfigError naming the key, where it was given and why it is wrong.
    static WorkspaceConfig load(const std::string& path, const Environment& env);
    static WorkspaceConfig load(const std::string& path);
    // The same for YAML text; `file` names it in errors and `directory`
    // anchors relative paths.
    static WorkspaceConfig parse(const std::string& yaml, const std::string& file,
                                 const std::string& directory, const Environment& env);

    // An error about `key`, located where its value was given.
    ConfigError error(const std::string& key, const std::string& reason) const;
    const SymbolConfig* findSymbol(const std::string& name) const;
    // The enabled strategies that run on `symbol` (at most one).
    const StrategyConfig* strategyFor(const std::string& symbol) const;
};

// The CAUSEWAY_* variables of this process.
Environment processEnvironment();

}  // namespace causeway::engine
