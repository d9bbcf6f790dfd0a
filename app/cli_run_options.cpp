#include "cli_run_options.h"

#include <charconv>

namespace causeway::app {

namespace {

// KEY=VALUE pairs of a repeated option.
std::map<std::string, std::string> pairs(const CliArgs& args, const std::string& option) {
    std::map<std::string, std::string> values;
    for (const auto& pair : args.values(option)) {
        const auto eq = pair.find('=');
        if (eq == std::string::npos || eq == 0) {
            throw UsageError("--" + option + " takes KEY=VALUE, got '" + pair + "'");
        }
        values[pair.substr(0, eq)] = pair.substr(eq + 1);
    }
    return values;
}

}  // namespace

CliArgs::Spec runOptionsSpec(std::vector<std::string> valued, std::vector<std::string> repeated,
                             std::vector<std::string> flags) {
    for (const char* name : {"strategy", "timeframe", "cash", "fee-bps", "slippage-bps",
                             "maker-fee-bps", "taker-fee-bps", "latency-ms", "participation",
                             "reject-every", "reject-rate", "threads", "risk-free-rate"}) {
        valued.emplace_back(name);
    }
    for (const char* name : {"data", "detail", "param", "risk"}) {
        repeated.emplace_back(name);
    }
    return {std::move(valued), std::move(repeated), std::move(flags)};
}

engine::RunSettings runSettings(const CliArgs& args) {
    engine::RunSettings settings;
    settings.strategy = args.required("strategy");
    settings.initialCash = args.value("cash", settings.initialCash);
    settings.feeBps = args.value("fee-bps", settings.feeBps);
    settings.slippageBps = args.value("slippage-bps", settings.slippageBps);
    settings.makerFeeBps = args.value("maker-fee-bps");
    settings.takerFeeBps = args.value("taker-fee-bps");
    settings.latencyMs = args.value("latency-ms");
    settings.participation = args.value("participation");
    settings.rejectEvery = args.value("reject-every");
    settings.rejectRate = args.value("reject-rate");
    settings.params = pairs(args, "param");
    settings.risk = pairs(args, "risk");
    return settings;
}

engine::BacktestData backtestData(const CliArgs& args) {
    if (!args.has("data")) {
        throw UsageError("missing required option --data");
    }
    return engine::loadBacktestData(args.values("data"), args.values("detail"),
                                    args.value("timeframe"));
}

int threadCount(const CliArgs& args) {
    const std::string text = args.value("threads", "1");
    int threads = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), threads);
    if (error != std::errc() || end != text.data() + text.size() || threads < 1 || threads > 256) {
        throw UsageError("invalid value '" + text +
                         "' for --threads: expected a whole number from 1 to 256");
    }
    return threads;
}

double riskFreeRate(const CliArgs& args) {
    const std::string text = args.value("risk-free-rate", "0");
    double rate = 0.0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), rate);
    if (error != std::errc() || end != text.data() + text.size() || !(rate > -1.0 && rate < 1.0)) {
        throw UsageError("invalid value '" + text +
                         "' for --risk-free-rate: expected an annual rate such as 0.02 "
                         "(between -1 and 1)");
    }
    return rate;
}

}  // namespace causeway::app
