#pragma once

#include <string>
#include <vector>

#include "cli_commands.h"
#include "engine/lab/backtest_data.h"
#include "engine/runtime/run_settings.h"

namespace causeway::app {

// The options `backtest` and `optimize` share: the data, the account, the
// simulated exchange, the risk limits and the strategy's fixed parameters.
CliArgs::Spec runOptionsSpec(std::vector<std::string> valued, std::vector<std::string> repeated,
                             std::vector<std::string> flags);

// --strategy, --param KEY=VALUE..., --cash, --fee-bps, ..., --risk KEY=VALUE...
engine::RunSettings runSettings(const CliArgs& args);
// --data FILE... [--detail [SYMBOL=]FILE...] [--timeframe TF]
engine::BacktestData backtestData(const CliArgs& args);
// --threads N (default 1): a whole number from 1 to 256.
int threadCount(const CliArgs& args);
// --risk-free-rate R (annual, default 0).
double riskFreeRate(const CliArgs& args);

}  // namespace causeway::app
