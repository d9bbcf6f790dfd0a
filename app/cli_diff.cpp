#include <QJsonDocument>

#include <cstdio>
#include <string>

#include "cli_commands.h"
#include "engine/storage/run_diff.h"

namespace causeway::app {

namespace {

std::string orDash(const std::string& text) {
    return text.empty() ? std::string("-") : text;
}

template <class T>
std::string orDash(const std::optional<T>& value) {
    return value ? value->toString() : std::string("-");
}

std::string timeText(const std::optional<engine::Timestamp>& ts) {
    return ts ? engine::formatIso8601(*ts) : std::string("-");
}

std::string signedNumber(double value) {
    char text[40];
    std::snprintf(text, sizeof text, "%+.10g", value);
    return text;
}

// Basis points to four decimals; everything else exactly as the ledger has it.
std::string figure(const engine::FieldDiff& field, const std::string& value) {
    if (value.empty() || field.unit != engine::FieldDiff::Unit::kBps) {
        return orDash(value);
    }
    char text[40];
    std::snprintf(text, sizeof text, "%.4f", std::stod(value));
    return text;
}

void printSummary(const engine::RunDiff& diff) {
    std::printf("A  %s: %zu trades, net pnl %s\n", diff.pathA.c_str(), diff.tradesA,
                diff.netPnlA.toString().c_str());
    std::printf("B  %s: %zu trades, net pnl %s\n", diff.pathB.c_str(), diff.tradesB,
                diff.netPnlB.toString().c_str());
    std::printf("matched %zu (%zu differ), only in A %zu, only in B %zu\n", diff.matched.size(),
                diff.differingTrades(), diff.onlyA.size(), diff.onlyB.size());
    if (diff.firstDivergence) {
        std::printf("first divergence at %s (%s): %s\n",
                    engine::formatIso8601(diff.firstDivergence->ts).c_str(),
                    diff.firstDivergence->kind.c_str(), diff.firstDivergence->reason.c_str());
    } else {
        std::printf("first divergence: none, the journals agree\n");
    }
}

void printSettings(const engine::RunDiff& diff) {
    if (diff.settings.empty()) {
        return;
    }
    std::printf("\nsettings that differ:\n");
    for (const auto& s : diff.settings) {
        std::printf("  %-16s A %s  B %s\n", s.key.c_str(), s.a.value_or("(none)").c_str(),
                    s.b.value_or("(none)").c_str());
    }
}

void printOnly(const char* run, const std::vector<engine::DiffTrade>& trades) {
    if (trades.empty()) {
        return;
    }
    std::printf("\nonly in %s:\n", run);
    for (const auto& t : trades) {
        const engine::TradeRow& r = t.trade;
        const std::string origin =
            t.origin ? engine::toString(t.origin->type) + ' ' + t.origin->id : "-";
        std::printf("  %-30s %-8s %-5s entry %s at %s, pnl %s, origin %s\n", r.tradeId.c_str(),
                    r.symbol.c_str(), r.side.c_str(), timeText(r.entryTs).c_str(),
                    orDash(r.entryPrice).c_str(), orDash(r.pnl).c_str(), origin.c_str());
    }
}

void printTrades(const engine::RunDiff& diff) {
    if (diff.differingTrades() == 0) {
        return;
    }
    std::printf("\nmatched trades that differ (A - B):\n");
    for (const auto& t : diff.matched) {
        if (!t.differs()) {
            continue;
        }
        const engine::TradeRow& a = t.a.trade;
        std::printf("  %s %s %s entered %s (B %s)\n", a.symbol.c_str(), a.side.c_str(),
                    a.tradeId.c_str(), timeText(a.entryTs).c_str(), t.b.trade.tradeId.c_str());
        for (const auto& f : t.differences) {
            const std::string delta = f.delta ? "  diff " + signedNumber(*f.delta) : std::string();
            std::printf("    %-27s A %-22s B %-22s%s\n", f.field.c_str(), figure(f, f.a).c_str(),
                        figure(f, f.b).c_str(), delta.c_str());
        }
    }
}

}  // namespace

// Exit code 0 whether or not the runs differ: the report is the answer, and
// a script reads `agree` from --json.
int runDiff(const std::vector<std::string>& rawArgs) {
    const CliArgs args(rawArgs, {{}, {"db"}, {"json"}});
    const std::vector<std::string> dbs = args.values("db");
    if (dbs.size() != 2) {
        throw UsageError("give exactly two runs: --db A.sqlite --db B.sqlite (got " +
                         std::to_string(dbs.size()) + ")");
    }
    const engine::RunDiff diff = engine::diffRuns(dbs[0], dbs[1]);
    if (args.flag("json")) {
        printJson(QJsonDocument(diff.toJson()));
        return kOk;
    }
    printSummary(diff);
    printSettings(diff);
    printOnly("A", diff.onlyA);
    printOnly("B", diff.onlyB);
    printTrades(diff);
    return kOk;
}

}  // namespace causeway::app
