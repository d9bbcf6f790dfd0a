#include "ui/trade_story.h"

#include <QJsonArray>
#include <QStringList>

#include <cmath>

#include "ui/display_format.h"

namespace causeway::ui {

namespace {

QString qs(const std::string& text) {
    return QString::fromStdString(text);
}

QString str(const QJsonObject& object, const char* key) {
    return object.value(QLatin1String(key)).toString();
}

QString jsonText(const QJsonValue& value) {
    if (value.isDouble()) {
        const double number = value.toDouble();
        // quantities and periods are whole numbers; indicator values are not
        return DisplayFormat::number(number, std::trunc(number) == number ? 0 : 4);
    }
    if (value.isBool()) {
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    }
    return value.toVariant().toString();
}

}  // namespace

std::optional<engine::Timestamp> TradeStory::parseTime(const QJsonValue& value) {
    if (!value.isString()) {
        return std::nullopt;
    }
    return engine::parseTimestamp(value.toString().toStdString());
}

std::vector<StoryStep> TradeStory::forOrder(const engine::OrderRow& order,
                                            const std::vector<const engine::FillRow*>& fills,
                                            const std::vector<const engine::JournalRow*>& entries) {
    std::vector<StoryStep> steps;
    const engine::JournalRow* orderEntry = nullptr;
    for (const auto* entry : entries) {
        if (entry->kind == "order") {
            orderEntry = entry;
            break;
        }
    }
    if (orderEntry) {
        appendCauses(orderEntry->causality, orderEntry->context, steps);
    } else {
        steps.push_back({StoryStep::Kind::kMissing,
                         tr("Why"),
                         tr("The journal has no entry for this order yet"),
                         {},
                         std::nullopt});
    }
    steps.push_back(orderStep(order, orderEntry ? orderEntry->context : QJsonObject()));
    for (const auto* entry : entries) {
        if (entry->kind == "order_rejected") {
            const QString reason = str(entry->context, "reason");
            steps.push_back({StoryStep::Kind::kOrderRejected,
                             tr("Rejected by the exchange"),
                             reason.isEmpty() ? tr("no reason given") : reason,
                             {},
                             entry->ts});
        }
    }
    for (const auto* fill : fills) {
        steps.push_back(fillStep(order, *fill, entries));
    }
    return steps;
}

std::vector<StoryStep> TradeStory::forRejection(const engine::JournalRow& entry) {
    std::vector<StoryStep> steps;
    appendCauses(entry.causality, entry.context, steps);
    const QJsonObject rejection = entry.context.value(QLatin1String("rejection")).toObject();
    steps.push_back({StoryStep::Kind::kNotTaken, tr("Not taken"), rejectionReason(entry),
                     str(rejection, "id"), entry.ts});
    return steps;
}

QString TradeStory::rejectionReason(const engine::JournalRow& entry) {
    const QString reason =
        str(entry.context.value(QLatin1String("rejection")).toObject(), "reason");
    return reason.isEmpty() ? tr("no reason recorded") : reason;
}

void TradeStory::appendCauses(const QJsonObject& causality, const QJsonObject& context,
                              std::vector<StoryStep>& steps) {
    const QJsonObject origin = causality.value(QLatin1String("origin")).toObject();
    if (!origin.isEmpty()) {
        const QJsonValue time = origin.value(QLatin1String("timestamp"));
        steps.push_back({StoryStep::Kind::kOrigin,
                         tr("Origin: %1").arg(DisplayFormat::originType(str(origin, "type"))),
                         str(origin, "id"),
                         {},
                         parseTime(time)});
    }
    for (const auto& signal : context.value(QLatin1String("signals")).toArray()) {
        steps.push_back(signalStep(signal.toObject()));
    }
    for (const auto& risk : context.value(QLatin1String("risks")).toArray()) {
        steps.push_back(riskStep(risk.toObject()));
    }
    const QJsonObject directive = context.value(QLatin1String("directive")).toObject();
    if (!directive.isEmpty()) {
        const QString side = DisplayFormat::side(str(directive, "side").toStdString());
        steps.push_back({StoryStep::Kind::kDecision,
                         tr("Decision: %1 (%2)")
                             .arg(DisplayFormat::directiveAction(str(directive, "action")), side),
                         str(directive, "rationale"), str(directive, "id"),
                         parseTime(directive.value(QLatin1String("timestamp")))});
    }
    if (auto plans = planStep(context.value(QLatin1String("plans")).toObject())) {
        steps.push_back(std::move(*plans));
    }
    const QJsonObject execution = context.value(QLatin1String("execution")).toObject();
    if (!execution.isEmpty()) {
        const QJsonValue price = execution.value(QLatin1String("decision_price"));
        steps.push_back(
            {StoryStep::Kind::kExecution, tr("Execution: %1").arg(str(execution, "algorithm")),
             price.isDouble() ? tr("decision price %1").arg(jsonText(price)) : QString(),
             str(execution, "id"), std::nullopt});
    }
}

StoryStep TradeStory::signalStep(const QJsonObject& signal) {
    const QJsonObject evidence = signal.value(QLatin1String("evidence")).toObject();
    const QString direction = DisplayFormat::side(str(signal, "direction").toStdString());
    QString detail;
    const auto has = [&](const char* key) { return evidence.value(QLatin1String(key)).isDouble(); };
    const auto num = [&](const char* key) {
        return DisplayFormat::number(evidence.value(QLatin1String(key)).toDouble(), 4);
    };
    if (has("fast_ema") && has("slow_ema")) {
        const QString fast =
            evidence.value(QLatin1String("fast_period")).isDouble()
                ? tr("EMA(%1)").arg(evidence.value(QLatin1String("fast_period")).toInt())
                : tr("fast EMA");
        const QString slow =
            evidence.value(QLatin1String("slow_period")).isDouble()
                ? tr("EMA(%1)").arg(evidence.value(QLatin1String("slow_period")).toInt())
                : tr("slow EMA");
        detail = tr("%1 %2 vs %3 %4").arg(fast, num("fast_ema"), slow, num("slow_ema"));
        if (has("prev_fast_ema") && has("prev_slow_ema")) {
            detail += tr("; bar before %1 vs %2").arg(num("prev_fast_ema"), num("prev_slow_ema"));
        }
        if (has("close")) {
            detail += tr("; close %1").arg(num("close"));
        }
    } else {
        detail = evidenceText(evidence);
    }
    QString type = str(signal, "type");
    if (!direction.isEmpty()) {
        type = tr("%1 (%2)").arg(type, direction);
    }
    QString toolTip = str(signal, "id");
    if (!evidence.isEmpty()) {
        toolTip += QLatin1Char('\n') + evidenceText(evidence);
    }
    return {StoryStep::Kind::kSignal, tr("Signal: %1").arg(type), detail, toolTip,
            parseTime(signal.value(QLatin1String("timestamp")))};
}

StoryStep TradeStory::riskStep(const QJsonObject& risk) {
    QJsonObject rest = risk;
    rest.remove(QLatin1String("id"));
    rest.remove(QLatin1String("timestamp"));
    rest.remove(QLatin1String("type"));
    return {StoryStep::Kind::kRisk, tr("Risk: %1").arg(str(risk, "type")), evidenceText(rest),
            str(risk, "id"), parseTime(risk.value(QLatin1String("timestamp")))};
}

std::optional<StoryStep> TradeStory::planStep(const QJsonObject& plans) {
    if (plans.isEmpty()) {
        return std::nullopt;
    }
    QStringList parts;
    QStringList ids;
    const QJsonObject entry = plans.value(QLatin1String("entry")).toObject();
    if (!entry.isEmpty()) {
        parts
            << tr("entry %1").arg(DisplayFormat::orderType(str(entry, "order_type").toStdString()));
        ids << str(entry, "id");
    }
    const QJsonObject size = plans.value(QLatin1String("size")).toObject();
    if (!size.isEmpty()) {
        parts << tr("size %1 (%2)")
                     .arg(jsonText(size.value(QLatin1String("qty"))), str(size, "method"));
        ids << str(size, "id");
    }
    const QJsonObject exit = plans.value(QLatin1String("exit")).toObject();
    if (!exit.isEmpty()) {
        parts << tr("exit: %1").arg(str(exit, "rule"));
        ids << str(exit, "id");
    }
    ids.removeAll(QString());
    return StoryStep{StoryStep::Kind::kPlans, tr("Plans"), parts.join(QStringLiteral(" · ")),
                     ids.join(QLatin1Char('\n')), std::nullopt};
}

StoryStep TradeStory::orderStep(const engine::OrderRow& order, const QJsonObject& context) {
    const QString purpose = str(context.value(QLatin1String("order")).toObject(), "purpose");
    QString detail = DisplayFormat::orderStatus(order.status);
    if (purpose == QLatin1String("entry")) {
        detail = tr("%1, opens the trade").arg(detail);
    } else if (purpose == QLatin1String("exit")) {
        detail = tr("%1, closes the trade").arg(detail);
    }
    return {StoryStep::Kind::kOrder,
            tr("Order: %1 %2 %3")
                .arg(DisplayFormat::side(order.side), DisplayFormat::decimal(order.qty),
                     DisplayFormat::orderType(order.type)),
            detail, qs(order.orderId), order.createdTs};
}

StoryStep TradeStory::fillStep(const engine::OrderRow& order, const engine::FillRow& fill,
                               const std::vector<const engine::JournalRow*>& entries) {
    std::optional<double> slippage;
    for (const auto* entry : entries) {
        if (entry->kind == "fill" && entry->fillId == fill.fillId) {
            const QJsonValue bps = entry->context.value(QLatin1String("slippage_bps"));
            if (bps.isDouble()) {
                slippage = bps.toDouble();
            }
        }
    }
    if (!slippage && order.decisionPrice && !order.decisionPrice->isZero()) {
        const double decision = order.decisionPrice->toDouble();
        const double sign = order.side == "sell" ? -1.0 : 1.0;
        slippage = sign * (fill.price.toDouble() - decision) / decision * 10'000.0;
    }
    QString detail = tr("%1 · fee %2").arg(qs(fill.fillId), DisplayFormat::decimal(fill.fee));
    if (slippage) {
        detail += tr(" · slippage %1 bps").arg(DisplayFormat::number(*slippage, 1));
    }
    return {StoryStep::Kind::kFill,
            tr("Fill: %1 @ %2")
                .arg(DisplayFormat::decimal(fill.qty), DisplayFormat::decimal(fill.price)),
            detail, qs(fill.fillId), fill.ts};
}

QString TradeStory::evidenceText(const QJsonObject& evidence) {
    QStringList parts;
    for (auto it = evidence.begin(); it != evidence.end(); ++it) {
        parts << QStringLiteral("%1 = %2").arg(it.key(), jsonText(it.value()));
    }
    return parts.join(QStringLiteral(", "));
}

}  // namespace causeway::ui
