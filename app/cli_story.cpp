#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>

#include "cli_commands.h"
#include "engine/storage/run_reader.h"

namespace causeway::app {

namespace {

std::string iso(engine::Timestamp ts) {
    return engine::formatIso8601(ts);
}

template <class T>
std::string text(const std::optional<T>& value) {
    return value ? value->toString() : std::string("-");
}

}  // namespace

namespace {

std::optional<engine::Timestamp> timeOption(const CliArgs& args, const std::string& name) {
    if (!args.has(name)) {
        return std::nullopt;
    }
    const auto ts = engine::parseTimestamp(args.value(name));
    if (!ts) {
        throw UsageError("invalid value '" + args.value(name) + "' for --" + name +
                         ": expected an ISO 8601 time or epoch seconds");
    }
    return ts;
}

std::optional<std::string> textOption(const CliArgs& args, const std::string& name) {
    return args.has(name) ? std::optional(args.value(name)) : std::nullopt;
}

}  // namespace

int runTrades(const std::vector<std::string>& rawArgs) {
    const CliArgs args(rawArgs, {{"db", "symbol", "strategy", "side", "from", "to"}, {}, {"json"}});
    engine::LedgerFilter filter;
    filter.status = "closed";
    filter.symbol = textOption(args, "symbol");
    filter.strategy = textOption(args, "strategy");
    filter.side = textOption(args, "side");
    filter.from = timeOption(args, "from");
    filter.to = timeOption(args, "to");
    const engine::RunReader reader(args.required("db"));
    if (args.flag("json")) {
        printJson(QJsonDocument(reader.tradesJson(filter)));
        return kOk;
    }
    const auto trades = reader.listTrades(filter);
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
    const QJsonArray risks = story.value(QStringLiteral("risks")).toArray();
    if (risks.isEmpty()) {
        std::printf("  risks      none\n");
    }
    for (const auto& value : risks) {
        const QJsonObject risk = value.toObject();
        const std::string cap = risk.contains(QStringLiteral("size_cap"))
                                    ? ", size cap " + str(risk[QStringLiteral("size_cap")])
                                    : std::string();
        std::printf("  risk       %s %s, severity %s%s%s\n",
                    str(risk[QStringLiteral("id")]).c_str(),
                    str(risk[QStringLiteral("type")]).c_str(),
                    str(risk[QStringLiteral("severity")]).c_str(), cap.c_str(),
                    risk[QStringLiteral("blocking")].toBool() ? ", blocking" : "");
    }
    const QJsonObject regime = story.value(QStringLiteral("context"))
                                   .toObject()
                                   .value(QStringLiteral("regime"))
                                   .toObject();
    if (!regime.isEmpty()) {
        std::printf("  regime     %s", str(regime[QStringLiteral("regime")]).c_str());
        const QJsonObject measures = regime.value(QStringLiteral("measures")).toObject();
        for (auto it = measures.begin(); it != measures.end(); ++it) {
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
    const QJsonObject context = story.value(QStringLiteral("context")).toObject();
    const QJsonObject execution = context.value(QStringLiteral("execution")).toObject();
    if (!execution.isEmpty()) {
        // the directive's algorithm, and how this order carries it out
        const QJsonObject how = context.value(QStringLiteral("order")).toObject();
        std::string part = str(how[QStringLiteral("algorithm")]);
        if (how.contains(QStringLiteral("limit_price"))) {
            part += " at " + str(how[QStringLiteral("limit_price")]) + " for " +
                    str(how[QStringLiteral("valid_bars")]) + " bar(s)";
        } else if (how.contains(QStringLiteral("slice"))) {
            part += " slice " + str(how[QStringLiteral("slice")]) + " of " +
                    str(how[QStringLiteral("slices")]);
        }
        std::printf("  execution  %s %s; this order: %s\n",
                    str(execution[QStringLiteral("id")]).c_str(),
                    str(execution[QStringLiteral("algorithm")]).c_str(), part.c_str());
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
            "  fill       %s at %s: %s x %s, fee %s, slippage %s bp vs decision, %s bp vs "
            "arrival %s\n",
            str(fill[QStringLiteral("fill_id")]).c_str(), str(fill[QStringLiteral("time")]).c_str(),
            str(fill[QStringLiteral("qty")]).c_str(), str(fill[QStringLiteral("price")]).c_str(),
            str(fill[QStringLiteral("fee")]).c_str(),
            str(fill[QStringLiteral("slippage_bps")]).c_str(),
            str(fill[QStringLiteral("arrival_slippage_bps")]).c_str(),
            str(fill[QStringLiteral("arrival_price")]).c_str());
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

}  // namespace causeway::app
