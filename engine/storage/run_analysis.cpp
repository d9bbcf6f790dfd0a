#include "engine/storage/run_analysis.h"

#include <QJsonArray>

#include <algorithm>
#include <map>

#include "engine/storage/run_reader.h"
#include "engine/storage/slippage.h"

namespace causeway::engine {

namespace {

constexpr std::pair<AnalysisKey, const char*> kKeyNames[] = {
    {AnalysisKey::kOrigin, "origin"},       {AnalysisKey::kSignal, "signal"},
    {AnalysisKey::kAlgorithm, "algorithm"}, {AnalysisKey::kStrategy, "strategy"},
    {AnalysisKey::kRegime, "regime"},
};

constexpr const char* kUnknown = "unknown";

std::string signalCombination(const std::optional<std::vector<std::string>>& types) {
    if (!types) {
        return kUnknown;
    }
    std::vector<std::string> sorted = *types;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    std::string combination;
    for (const auto& type : sorted) {
        combination += (combination.empty() ? "" : "+") + (type.empty() ? kUnknown : type);
    }
    return combination.empty() ? "none" : combination;
}

std::string keyOf(const OrderCause& cause, AnalysisKey by) {
    switch (by) {
        case AnalysisKey::kOrigin:
            return cause.originType.value_or(kUnknown);
        case AnalysisKey::kSignal:
            return signalCombination(cause.signalTypes);
        case AnalysisKey::kAlgorithm:
            return cause.algorithm.value_or(kUnknown);
        case AnalysisKey::kStrategy:
            return cause.strategy;
        case AnalysisKey::kRegime:
            return cause.regime.value_or(kUnknown);
    }
    return kUnknown;
}

std::optional<double> ratio(double numerator, std::int64_t denominator) {
    if (denominator == 0) {
        return std::nullopt;
    }
    return numerator / static_cast<double>(denominator);
}

QJsonValue orNull(const std::optional<double>& value) {
    return value ? QJsonValue(*value) : QJsonValue();
}

void addTrade(GroupStats& g, const Money& pnl) {
    ++g.trades;
    g.netPnl += pnl;
    g.wins += pnl > Money() ? 1 : 0;
    g.losses += pnl < Money() ? 1 : 0;
}

void addFill(GroupStats& g, const OrderRow& order, const FillRow& fill,
             const std::optional<Price>& arrival) {
    ++g.fills;
    if (order.decisionPrice) {
        g.decisionSlippageSum += slippageBps(order.side, *order.decisionPrice, fill.price);
        ++g.decisionSlippageFills;
    }
    if (arrival) {
        g.arrivalSlippageSum += slippageBps(order.side, *arrival, fill.price);
        ++g.arrivalSlippageFills;
    }
}

}  // namespace

std::optional<AnalysisKey> parseAnalysisKey(std::string_view text) {
    for (const auto& [key, name] : kKeyNames) {
        if (text == name) {
            return key;
        }
    }
    return std::nullopt;
}

const char* toString(AnalysisKey key) {
    for (const auto& [k, name] : kKeyNames) {
        if (k == key) {
            return name;
        }
    }
    return kUnknown;
}

std::optional<double> GroupStats::winRate() const {
    return ratio(static_cast<double>(wins), trades);
}

std::optional<double> GroupStats::expectancy() const {
    return ratio(netPnl.toDouble(), trades);
}

std::optional<double> GroupStats::avgSlippageBps() const {
    return ratio(decisionSlippageSum, decisionSlippageFills);
}

std::optional<double> GroupStats::avgArrivalSlippageBps() const {
    return ratio(arrivalSlippageSum, arrivalSlippageFills);
}

QJsonObject GroupStats::toJson() const {
    return {{QStringLiteral("trades"), static_cast<qint64>(trades)},
            {QStringLiteral("wins"), static_cast<qint64>(wins)},
            {QStringLiteral("losses"), static_cast<qint64>(losses)},
            {QStringLiteral("win_rate"), orNull(winRate())},
            {QStringLiteral("expectancy"), orNull(expectancy())},
            {QStringLiteral("net_pnl"), netPnl.toDouble()},
            {QStringLiteral("orders"), static_cast<qint64>(orders)},
            {QStringLiteral("fills"), static_cast<qint64>(fills)},
            {QStringLiteral("avg_slippage_bps"), orNull(avgSlippageBps())},
            {QStringLiteral("avg_arrival_slippage_bps"), orNull(avgArrivalSlippageBps())}};
}

QJsonObject RunAnalysis::toJson() const {
    QJsonArray groupArray;
    for (const auto& group : groups) {
        QJsonObject object = group.toJson();
        object.insert(QStringLiteral("key"), QString::fromStdString(group.key));
        groupArray.append(object);
    }
    return {{QStringLiteral("by"), QString::fromLatin1(engine::toString(by))},
            {QStringLiteral("groups"), groupArray},
            {QStringLiteral("total"), total.toJson()}};
}

RunAnalysis analyzeRun(const RunReader& reader, AnalysisKey by) {
    std::map<std::string, std::string> keyOfOrder;
    for (const auto& cause : reader.orderCauses()) {
        keyOfOrder.emplace(cause.orderId, keyOf(cause, by));
    }
    const auto key = [&](const std::string& orderId) -> std::string {
        const auto it = keyOfOrder.find(orderId);
        return it == keyOfOrder.end() ? kUnknown : it->second;
    };

    std::map<std::string, GroupStats> groups;
    RunAnalysis analysis;
    analysis.by = by;
    const auto group = [&](const std::string& name) -> GroupStats& {
        GroupStats& g = groups[name];
        g.key = name;
        return g;
    };
    for (const auto& trade : reader.trades(true)) {
        const Money pnl = trade.pnl.value_or(Money());
        addTrade(group(trade.orderIds.empty() ? kUnknown : key(trade.orderIds.front())), pnl);
        addTrade(analysis.total, pnl);
    }
    std::map<std::string, OrderRow> orders;
    for (auto& order : reader.orders()) {
        ++group(key(order.orderId)).orders;
        ++analysis.total.orders;
        orders.emplace(order.orderId, std::move(order));
    }
    const std::map<std::string, Price> arrivals = reader.arrivalPrices();
    for (const auto& fill : reader.fills()) {
        const auto order = orders.find(fill.orderId);
        if (order == orders.end()) {
            continue;  // a fill without its order: `verify` names it
        }
        const auto arrival = arrivals.find(fill.orderId);
        const std::optional<Price> arrivalPrice =
            arrival == arrivals.end() ? std::nullopt : std::optional(arrival->second);
        addFill(group(key(fill.orderId)), order->second, fill, arrivalPrice);
        addFill(analysis.total, order->second, fill, arrivalPrice);
    }
    for (auto& [name, stats] : groups) {
        analysis.groups.push_back(std::move(stats));
    }
    return analysis;
}

}  // namespace causeway::engine
