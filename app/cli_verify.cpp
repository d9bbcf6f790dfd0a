#include <cstdio>

#include "cli_commands.h"
#include "engine/storage/run_verifier.h"

namespace causeway::app {

int runVerify(const std::vector<std::string>& rawArgs) {
    const CliArgs args(rawArgs, {{"db"}, {}, {}});
    const std::string path = args.required("db");
    engine::RunVerifier verifier(path);
    const engine::VerifyReport report = verifier.verify();
    for (const auto& line : report.integrityErrors) {
        std::fprintf(stderr, "causeway-cli verify: %s: integrity_check: %s\n", path.c_str(),
                     line.c_str());
    }
    if (!report.integrityErrors.empty()) {
        return kStorage;
    }
    for (const auto& problem : report.problems) {
        std::fprintf(stderr, "causeway-cli verify: %s\n", problem.c_str());
    }
    if (!report.problems.empty()) {
        std::fprintf(stderr, "causeway-cli verify: %s does not reconcile: %zu problem%s\n",
                     path.c_str(), report.problems.size(), report.problems.size() == 1 ? "" : "s");
        return kUnreconciled;
    }
    std::printf(
        "%s: integrity ok; %lld orders, %lld fills, %lld trades, %lld positions, %lld journal "
        "entries reconcile; equity %s\n",
        path.c_str(), static_cast<long long>(report.orders), static_cast<long long>(report.fills),
        static_cast<long long>(report.trades), static_cast<long long>(report.positions),
        static_cast<long long>(report.journalEntries),
        report.equityChecked
            ? "reconciles"
            : "not derivable (no initial cash, or several symbols without their shares)");
    return kOk;
}

}  // namespace causeway::app
