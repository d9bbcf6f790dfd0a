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

QJsonObject toJson(const OpportunitySignal& s) {
    return {{QStringLiteral("id"), str(s.id)},
            {QStringLiteral("timestamp"), iso(s.ts)},
            {QStringLiteral("symbol"), str(s.symbol.name())},
            {QStringLiteral("type"), str(s.signalType)},
            {QStringLiteral("direction"), QString::fromLatin1(toString(s.direction))},
            {QStringLiteral("intent"), QString::fromLatin1(toString(s.intent))},
            {QStringLiteral("confidence"), s.confidence},
            {QStringLiteral("evidence"), s.evidence}};
}

QJsonObject toJson(const ThreatSignal& t) {
    return {{QStringLiteral("id"), str(t.id)},
            {QStringLiteral("timestamp"), iso(t.ts)},
            {QStringLiteral("symbol"), str(t.symbol.name())},
            {QStringLiteral("type"), str(t.threatType)},
            {QStringLiteral("severity"), t.severity},
            {QStringLiteral("blocking"), t.blocking},
            {QStringLiteral("details"), t.details}};
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
    return {{QStringLiteral("id"), str(p.id)}, {QStringLiteral("order_type"), str(p.orderType)}};
}

QJsonObject toJson(const SizePlan& p) {
    return {{QStringLiteral("id"), str(p.id)},
            {QStringLiteral("qty"), p.qty.toDouble()},
            {QStringLiteral("method"), str(p.method)}};
}

QJsonObject toJson(const ExitPlan& p) {
    return {{QStringLiteral("id"), str(p.id)}, {QStringLiteral("rule"), str(p.rule)}};
}

QJsonObject toJson(const ExecutionDirective& d) {
    QJsonArray legs;
    for (const auto& leg : d.legs) {
        legs.append(QJsonObject{{QStringLiteral("side"), QString::fromLatin1(toString(leg.side))},
                                {QStringLiteral("qty"), leg.qty.toDouble()},
                                {QStringLiteral("closes_position"), leg.closesPosition}});
    }
    return {{QStringLiteral("id"), str(d.id)},
            {QStringLiteral("algorithm"), str(d.algorithm)},
            {QStringLiteral("decision_price"), d.decisionPrice.toDouble()},
            {QStringLiteral("legs"), legs}};
}

}  // namespace causeway::engine
