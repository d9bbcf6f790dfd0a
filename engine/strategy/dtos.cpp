#include "engine/strategy/dtos.h"

namespace causeway::engine {

namespace {
QString str(const std::string& text) {
    return QString::fromStdString(text);
}
QString iso(Timestamp ts) {
    return str(formatIso8601(ts));
}
}  // namespace

std::string toString(DirectiveAction action) {
    switch (action) {
        case DirectiveAction::kOpen:
            return "open";
        case DirectiveAction::kClose:
            return "close";
        case DirectiveAction::kReverse:
            return "reverse";
    }
    return "unknown";
}

const char* toString(SignalIntent intent) {
    return intent == SignalIntent::kEnter ? "enter" : "exit";
}

const char* toString(ExecutionAlgorithm algorithm) {
    switch (algorithm) {
        case ExecutionAlgorithm::kMarket:
            return "market";
        case ExecutionAlgorithm::kLimit:
            return "limit";
        case ExecutionAlgorithm::kTwap:
            return "twap";
    }
    return "unknown";
}

QJsonObject Evidence::toJson() const {
    QJsonObject json;
    for (const auto& entry : m_values) {
        json.insert(QLatin1String(entry.key),
                    entry.text ? QJsonValue(QLatin1String(entry.text)) : QJsonValue(entry.number));
    }
    return json;
}

QJsonObject toJson(const OpportunitySignal& s) {
    return {{QStringLiteral("id"), str(s.id)},
            {QStringLiteral("timestamp"), iso(s.ts)},
            {QStringLiteral("symbol"), str(s.symbol.name())},
            {QStringLiteral("type"), str(s.signalType)},
            {QStringLiteral("direction"), QString::fromLatin1(toString(s.direction))},
            {QStringLiteral("intent"), QString::fromLatin1(toString(s.intent))},
            {QStringLiteral("confidence"), s.confidence},
            {QStringLiteral("evidence"), s.evidence.toJson()}};
}

QJsonObject toJson(const ThreatSignal& t) {
    QJsonObject json{{QStringLiteral("id"), str(t.id)},
                     {QStringLiteral("timestamp"), iso(t.ts)},
                     {QStringLiteral("symbol"), str(t.symbol.name())},
                     {QStringLiteral("type"), str(t.threatType)},
                     {QStringLiteral("severity"), t.severity},
                     {QStringLiteral("blocking"), t.blocking},
                     {QStringLiteral("details"), t.details}};
    if (t.sizeCap) {
        json[QStringLiteral("size_cap")] = t.sizeCap->toDouble();
    }
    return json;
}

QJsonObject toJson(const RegimeContext& r) {
    QJsonObject measures;
    if (r.adx) {
        measures[QStringLiteral("adx")] = *r.adx;
    }
    if (r.natr) {
        measures[QStringLiteral("natr")] = *r.natr;
    }
    return {{QStringLiteral("regime"), str(r.regime)},
            {QStringLiteral("timestamp"), iso(r.ts)},
            {QStringLiteral("measures"), measures}};
}

QJsonObject toJson(const StrategyDirective& d) {
    return {{QStringLiteral("id"), str(d.id)},
            {QStringLiteral("timestamp"), iso(d.ts)},
            {QStringLiteral("strategy"), str(d.strategy)},
            {QStringLiteral("action"), str(toString(d.action))},
            {QStringLiteral("side"), QString::fromLatin1(toString(d.side))},
            {QStringLiteral("rationale"), str(d.rationale)}};
}

QJsonObject toJson(const EntryPlan& p) {
    QJsonObject json{{QStringLiteral("id"), str(p.id)},
                     {QStringLiteral("order_type"), str(p.orderType)}};
    if (p.limitPrice) {
        json[QStringLiteral("limit_price")] = p.limitPrice->toDouble();
        json[QStringLiteral("mid")] = p.mid.toDouble();
        json[QStringLiteral("offset_bps")] = p.offsetBps.toDouble();
        json[QStringLiteral("valid_bars")] = p.validBars;
    }
    return json;
}

QJsonObject toJson(const SizePlan& p) {
    return {{QStringLiteral("id"), str(p.id)},
            {QStringLiteral("qty"), p.qty.toDouble()},
            {QStringLiteral("method"), str(p.method)}};
}

namespace {

void putProtection(QJsonObject& json, const std::optional<Price>& stopLoss,
                   const std::optional<Price>& takeProfit, const std::optional<Price>& trail) {
    if (stopLoss) {
        json[QStringLiteral("stop_loss")] = stopLoss->toDouble();
    }
    if (takeProfit) {
        json[QStringLiteral("take_profit")] = takeProfit->toDouble();
    }
    if (trail) {
        json[QStringLiteral("trail_amount")] = trail->toDouble();
    }
}

}  // namespace

QJsonObject toJson(const ExitPlan& p) {
    QJsonObject json{{QStringLiteral("id"), str(p.id)},
                     {QStringLiteral("rule"), str(p.rule)},
                     {QStringLiteral("placement"), str(p.placement)}};
    putProtection(json, p.stopLoss, p.takeProfit, p.trailAmount);
    return json;
}

QJsonObject toJson(const ExecutionLeg& leg) {
    QJsonObject json{{QStringLiteral("side"), QString::fromLatin1(toString(leg.side))},
                     {QStringLiteral("qty"), leg.qty.toDouble()},
                     {QStringLiteral("closes_position"), leg.closesPosition},
                     {QStringLiteral("algorithm"), QString::fromLatin1(toString(leg.algorithm))}};
    if (leg.limitPrice) {
        json[QStringLiteral("limit_price")] = leg.limitPrice->toDouble();
        json[QStringLiteral("valid_bars")] = leg.validBars;
    }
    if (!leg.slices.empty()) {
        QJsonArray slices;
        for (const Quantity& slice : leg.slices) {
            slices.append(slice.toDouble());
        }
        json[QStringLiteral("slices")] = slices;
    }
    putProtection(json, leg.stopLoss, leg.takeProfit, leg.trailAmount);
    return json;
}

QJsonObject toJson(const ExecutionDirective& d) {
    QJsonArray legs;
    for (const auto& leg : d.legs) {
        legs.append(toJson(leg));
    }
    return {{QStringLiteral("id"), str(d.id)},
            {QStringLiteral("algorithm"), QString::fromLatin1(toString(d.algorithm))},
            {QStringLiteral("decision_price"), d.decisionPrice.toDouble()},
            {QStringLiteral("legs"), legs}};
}

}  // namespace causeway::engine
