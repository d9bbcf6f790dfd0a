#include <QJsonDocument>

#include <algorithm>
#include <cstdio>
#include <string>

#include "cli_commands.h"
#include "engine/storage/run_analysis.h"
#include "engine/storage/run_reader.h"

namespace causeway::app {

namespace {

std::string percent(const std::optional<double>& value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f%%", value.value_or(0.0) * 100.0);
    return value ? text : "-";
}

std::string number(const std::optional<double>& value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.4f", value.value_or(0.0));
    return value ? text : "-";
}

void printRow(int width, const std::string& key, const engine::GroupStats& g) {
    std::printf("%-*s %7lld %6lld %7lld %9s %11s %13s %7lld %7lld %12s %11s\n", width, key.c_str(),
                static_cast<long long>(g.trades), static_cast<long long>(g.wins),
                static_cast<long long>(g.losses), percent(g.winRate()).c_str(),
                number(g.expectancy()).c_str(), g.netPnl.toString().c_str(),
                static_cast<long long>(g.orders), static_cast<long long>(g.fills),
                number(g.avgSlippageBps()).c_str(), number(g.avgArrivalSlippageBps()).c_str());
}

}  // namespace

int runAnalyze(const std::vector<std::string>& rawArgs) {
    const CliArgs args(rawArgs, {{"db", "by"}, {}, {"json"}});
    const std::string path = args.required("db");
    const std::string byText = args.required("by");
    const auto by = engine::parseAnalysisKey(byText);
    if (!by) {
        throw UsageError("invalid value '" + byText +
                         "' for --by: expected origin, signal, algorithm, strategy or regime");
    }
    const engine::RunReader reader(path);
    const engine::RunAnalysis analysis = engine::analyzeRun(reader, *by);
    if (args.flag("json")) {
        printJson(QJsonDocument(analysis.toJson()));
        return kOk;
    }
    int width = static_cast<int>(byText.size());
    for (const auto& group : analysis.groups) {
        width = std::max(width, static_cast<int>(group.key.size()));
    }
    std::printf("%-*s %7s %6s %7s %9s %11s %13s %7s %7s %12s %11s\n", width, byText.c_str(),
                "trades", "wins", "losses", "win rate", "expectancy", "net pnl", "orders", "fills",
                "slippage bp", "arrival bp");
    for (const auto& group : analysis.groups) {
        printRow(width, group.key, group);
    }
    printRow(width, "total", analysis.total);
    return kOk;
}

}  // namespace causeway::app
