#include "cli_commands.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstdio>

#include "engine/runtime/session.h"
#include "engine/storage/run_reader.h"
#include "engine/strategy/strategy_registry.h"

namespace causeway::app {

namespace {

bool contains(const std::vector<std::string>& list, const std::string& name) {
    return std::find(list.begin(), list.end(), name) != list.end();
}

void printJson(const QJsonDocument& document) {
    const QByteArray text = document.toJson(QJsonDocument::Indented);
    std::fwrite(text.constData(), 1, static_cast<std::size_t>(text.size()), stdout);
}

std::string iso(engine::Timestamp ts) {
    return engine::formatIso8601(ts);
}

template <class T>
std::string text(const std::optional<T>& value) {
    return value ? value->toString() : std::string("-");
}

}  // namespace

CliArgs::CliArgs(const std::vector<std::string>& args, const Spec& spec) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string arg = args[i];
        if (!arg.starts_with("--")) {
            throw UsageError("unexpected argument '" + arg + "'");
        }
        std::string name = arg.substr(2);
        std::optional<std::string> inlineValue;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        if (contains(spec.flags, name)) {
            if (inlineValue) {
                throw UsageError("option --" + name + " takes no value");
            }
            m_flags[name] = true;
            continue;
        }
        const bool repeated = contains(spec.repeated, name);
        if (!repeated && !contains(spec.valued, name)) {
            throw UsageError("unknown option --" + name);
        }
        std::string value;
        if (inlineValue) {
            value = *inlineValue;
        } else if (i + 1 < args.size()) {
            value = args[++i];
        } else {
            throw UsageError("option --" + name + " needs a value");
        }
        if (!repeated && m_values.contains(name)) {
            throw UsageError("option --" + name + " given twice");
        }
        m_values[name].push_back(value);
    }
}

std::string CliArgs::value(const std::string& name, const std::string& fallback) const {
    const auto it = m_values.find(name);
    return it == m_values.end() ? fallback : it->second.front();
}

std::string CliArgs::required(const std::string& name) const {
    if (!has(name)) {
        throw UsageError("missing required option --" + name);
    }
    return value(name);
}

std::vector<std::string> CliArgs::values(const std::string& name) const {
    const auto it = m_values.find(name);
    return it == m_values.end() ? std::vector<std::string>{} : it->second;
}

int runBacktest(const std::vector<std::string>& rawArgs) {
    const CliArgs args(
        rawArgs,
        {{"data", "strategy", "db", "cash", "fee-bps", "slippage-bps"}, {"param"}, {"json"}});
    engine::SessionConfig config;
    config.dataPath = args.required("data");
    config.strategy = args.required("strategy");
    config.dbPath = args.required("db");
    config.initialCash = args.value("cash", config.initialCash);
    config.feeBps = args.value("fee-bps", config.feeBps);
    config.slippageBps = args.value("slippage-bps", config.slippageBps);
    for (const auto& param : args.values("param")) {
        const auto eq = param.find('=');
        if (eq == std::string::npos || eq == 0) {
            throw UsageError("--param takes KEY=VALUE, got '" + param + "'");
        }
        config.params[param.substr(0, eq)] = param.substr(eq + 1);
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

int runTrades(const std::vector<std::string>& rawArgs) {
    const CliArgs args(rawArgs, {{"db"}, {}, {"json"}});
    const engine::RunReader reader(args.required("db"));
    if (args.flag("json")) {
        printJson(QJsonDocument(reader.tradesJson()));
        return kOk;
    }
    const auto trades = reader.trades(true);
    std::printf("%-30s %-8s %-6s %8s  %-20s %12s  %-20s %12s %12s %10s\n", "trade", "symbol",
                "side", "qty", "entry time", "entry", "exit time", "exit", "pnl", "fees");
    for (const auto& t : trades) {
        std::printf("%-30s %-8s %-6s %8s  %-20s %12s  %-20s %12s %12s %10s\n", t.tradeId.c_str(),
                    t.symbol.c_str(), t.side.c_str(), t.qty.toString().c_str(),
                    iso(t.entryTs.value_or(0)).c_str(), text(t.entryPrice).c_str(),
                    iso(t.exitTs.value_or(0)).c_str(), text(t.exitPrice).c_str(),
                    text(t.pnl).c_str(), t.fees.toString().c_str());
    }
    std::printf("%zu closed trades\n", trades.size());
    return kOk;
}

namespace {

void printStoryText(const QJsonObject& story) {
    const auto str = [](const QJsonValue& v) { return v.toVariant().toString().toStdString(); };
    const QJsonObject origin = story.value(QStringLiteral("origin")).toObject();
    std::printf("order %s (trade %s)\n", str(story[QStringLiteral("order_id")]).c_str(),
                str(story[QStringLiteral("trade_id")]).c_str());
    std::printf("  origin     %s %s at %s\n", str(origin[QStringLiteral("type")]).c_str(),
                str(origin[QStringLiteral("id")]).c_str(),
                str(origin[QStringLiteral("timestamp")]).c_str());
    for (const auto& value : story.value(QStringLiteral("signals")).toArray()) {
        const QJsonObject signal = value.toObject();
        const QJsonObject evidence = signal.value(QStringLiteral("evidence")).toObject();
        std::printf("  signal     %s %s:", str(signal[QStringLiteral("id")]).c_str(),
                    str(signal[QStringLiteral("type")]).c_str());
        for (auto it = evidence.begin(); it != evidence.end(); ++it) {
            std::printf(" %s=%s", it.key().toStdString().c_str(), str(it.value()).c_str());
        }
        std::printf("\n");
    }
    const QJsonObject directive = story.value(QStringLiteral("directive")).toObject();
    if (!directive.isEmpty()) {
        std::printf("  decision   %s %s: %s\n", str(directive[QStringLiteral("id")]).c_str(),
                    str(directive[QStringLiteral("action")]).c_str(),
                    str(directive[QStringLiteral("rationale")]).c_str());
    }
    const QJsonObject plans = story.value(QStringLiteral("plans")).toObject();
    for (auto it = plans.begin(); it != plans.end(); ++it) {
        const QJsonObject plan = it.value().toObject();
        std::printf("  plan       %s %s\n", it.key().toStdString().c_str(),
                    str(plan[QStringLiteral("id")]).c_str());
    }
    const QJsonObject order = story.value(QStringLiteral("order")).toObject();
    std::printf(
        "  order      %s %s %s qty %s, decision price %s, %s\n",
        str(order[QStringLiteral("side")]).c_str(), str(order[QStringLiteral("type")]).c_str(),
        str(order[QStringLiteral("symbol")]).c_str(), str(order[QStringLiteral("qty")]).c_str(),
        str(order[QStringLiteral("decision_price")]).c_str(),
        str(order[QStringLiteral("status")]).c_str());
    for (const auto& value : story.value(QStringLiteral("fills")).toArray()) {
        const QJsonObject fill = value.toObject();
        std::printf(
            "  fill       %s at %s: %s x %s, fee %s, slippage %s bp\n",
            str(fill[QStringLiteral("fill_id")]).c_str(), str(fill[QStringLiteral("time")]).c_str(),
            str(fill[QStringLiteral("qty")]).c_str(), str(fill[QStringLiteral("price")]).c_str(),
            str(fill[QStringLiteral("fee")]).c_str(),
            str(fill[QStringLiteral("slippage_bps")]).c_str());
    }
}

}  // namespace

int runStory(const std::vector<std::string>& rawArgs) {
    const CliArgs args(rawArgs, {{"db", "order", "trade"}, {}, {"json"}});
    if (args.has("order") == args.has("trade")) {
        throw UsageError("give exactly one of --order ID or --trade ID");
    }
    const engine::RunReader reader(args.required("db"));
    std::vector<QJsonObject> stories;
    QJsonObject tradeJson;
    if (args.has("order")) {
        const auto story = reader.storyJson(args.value("order"));
        if (!story) {
            throw UsageError("no order '" + args.value("order") + "' in " + args.value("db"));
        }
        stories.push_back(*story);
    } else {
        const std::string tradeId = args.value("trade");
        for (const auto& trade : reader.trades(false)) {
            if (trade.tradeId == tradeId) {
                for (const auto& orderId : trade.orderIds) {
                    stories.push_back(*reader.storyJson(orderId));
                }
            }
        }
        if (stories.empty()) {
            throw UsageError("no trade '" + tradeId + "' in " + args.value("db"));
        }
    }
    if (args.flag("json")) {
        if (args.has("order")) {
            printJson(QJsonDocument(stories.front()));
        } else {
            QJsonArray orders;
            for (const auto& story : stories) {
                orders.append(story);
            }
            printJson(QJsonDocument(QJsonObject{
                {QStringLiteral("trade_id"), QString::fromStdString(args.value("trade"))},
                {QStringLiteral("orders"), orders}}));
        }
        return kOk;
    }
    for (const auto& story : stories) {
        printStoryText(story);
    }
    return kOk;
}

int runStrategies(const std::vector<std::string>& rawArgs) {
    const CliArgs args(rawArgs, {{}, {}, {"json"}});
    if (args.flag("json")) {
        printJson(QJsonDocument(engine::StrategyRegistry::toJson()));
        return kOk;
    }
    for (const auto& spec : engine::StrategyRegistry::builtins()) {
        std::printf("%s\n  %s\n", spec.name.c_str(), spec.description.c_str());
        for (const auto& p : spec.params) {
            std::printf("  --param %s=%s  %s\n", p.name.c_str(), p.defaultValue.c_str(),
                        p.description.c_str());
        }
    }
    return kOk;
}

}  // namespace causeway::app
