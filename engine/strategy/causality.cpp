#include "engine/strategy/causality.h"

#include <QJsonArray>

namespace causeway::engine {

namespace {
QJsonArray toArray(const std::vector<std::string>& ids) {
    QJsonArray array;
    for (const auto& id : ids) {
        array.append(QString::fromStdString(id));
    }
    return array;
}
}  // namespace

std::string toString(OriginType type) {
    switch (type) {
        case OriginType::kTick:
            return "tick";
        case OriginType::kCandle:
            return "candle";
        case OriginType::kNews:
            return "news";
        case OriginType::kSchedule:
            return "schedule";
    }
    return "unknown";
}

std::optional<OriginType> originTypeFromString(std::string_view text) {
    for (const OriginType type :
         {OriginType::kTick, OriginType::kCandle, OriginType::kNews, OriginType::kSchedule}) {
        if (text == toString(type)) {
            return type;
        }
    }
    return std::nullopt;
}

QJsonObject CausalityChain::toJson() const {
    return QJsonObject{
        {QStringLiteral("origin"),
         QJsonObject{
             {QStringLiteral("type"), QString::fromStdString(toString(origin.type))},
             {QStringLiteral("id"), QString::fromStdString(origin.id)},
             {QStringLiteral("timestamp"), QString::fromStdString(formatIso8601(origin.ts))}}},
        {QStringLiteral("signal_ids"), toArray(signalIds)},
        {QStringLiteral("risk_ids"), toArray(riskIds)},
        {QStringLiteral("directive_id"), QString::fromStdString(directiveId)},
        {QStringLiteral("plan_ids"), toArray(planIds)},
        {QStringLiteral("order_ids"), toArray(orderIds)},
        {QStringLiteral("fill_ids"), toArray(fillIds)},
    };
}

}  // namespace causeway::engine
