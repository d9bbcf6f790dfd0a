#include <QEventLoop>

#include <cstdio>

#include "cli_commands.h"
#include "engine/runtime/session.h"

namespace causeway::app {

int runBacktest(const std::vector<std::string>& rawArgs) {
    const CliArgs args(
        rawArgs, {{"data", "strategy", "db", "cash", "fee-bps", "slippage-bps", "maker-fee-bps",
                   "taker-fee-bps", "latency-ms", "participation", "reject-every", "reject-rate"},
                  {"param", "risk"},
                  {"json"}});
    engine::SessionConfig config;
    config.dataPath = args.required("data");
    config.strategy = args.required("strategy");
    config.dbPath = args.required("db");
    config.initialCash = args.value("cash", config.initialCash);
    config.feeBps = args.value("fee-bps", config.feeBps);
    config.slippageBps = args.value("slippage-bps", config.slippageBps);
    config.makerFeeBps = args.value("maker-fee-bps", "");
    config.takerFeeBps = args.value("taker-fee-bps", "");
    config.latencyMs = args.value("latency-ms", "");
    config.participation = args.value("participation", "");
    config.rejectEvery = args.value("reject-every", "");
    config.rejectRate = args.value("reject-rate", "");
    for (const char* option : {"param", "risk"}) {
        for (const auto& pair : args.values(option)) {
            const auto eq = pair.find('=');
            if (eq == std::string::npos || eq == 0) {
                throw UsageError(std::string("--") + option + " takes KEY=VALUE, got '" + pair +
                                 "'");
            }
            auto& target = std::string(option) == "param" ? config.params : config.risk;
            target[pair.substr(0, eq)] = pair.substr(eq + 1);
        }
    }

    engine::Session session(config);
    session.start();
    QEventLoop loop;
    QString failure;
    QObject::connect(&session, &engine::Session::finished, &loop, &QEventLoop::quit);
    QObject::connect(&session, &engine::Session::failed, &loop, [&](const QString& message) {
        failure = message;
        loop.quit();
    });
    loop.exec();
    if (!failure.isEmpty()) {
        std::fprintf(stderr, "causeway-cli backtest: %s\n", qPrintable(failure));
        return session.storageFailed() ? kStorage : 1;
    }

    const engine::BacktestSummary& s = session.summary();
    if (args.flag("json")) {
        printJson(QJsonDocument(s.toJson()));
        return kOk;
    }
    std::printf("strategy         %s on %s\n", s.strategy.c_str(), s.symbol.c_str());
    std::printf("bars             %lld (%lld events)\n", static_cast<long long>(s.bars),
                static_cast<long long>(s.events));
    std::printf("orders / fills   %lld / %lld\n", static_cast<long long>(s.orders),
                static_cast<long long>(s.fills));
    std::printf("trades           %lld (win rate %.1f%%)\n", static_cast<long long>(s.trades),
                s.winRate * 100.0);
    std::printf("net pnl          %s (%.4f%%), fees %s\n", s.netPnl.toString().c_str(), s.returnPct,
                s.fees.toString().c_str());
    std::printf("max drawdown     %.4f%%\n", s.maxDrawdownPct);
    std::printf("sharpe           %.4f\n", s.sharpe);
    if (s.profitFactor < 0) {
        std::printf("profit factor    unbounded (no losing trade)\n");
    } else {
        std::printf("profit factor    %.4f\n", s.profitFactor);
    }
    std::printf("elapsed          %.3f s (%.0f events/s)\n", s.elapsedSeconds, s.eventsPerSecond);
    std::printf("ledger hash      %s\n", s.ledgerHash.c_str());
    std::printf("database         %s\n", config.dbPath.c_str());
    return kOk;
}

}  // namespace causeway::app
