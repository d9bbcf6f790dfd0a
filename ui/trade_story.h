#pragma once

#include <QCoreApplication>
#include <QJsonObject>
#include <QString>

#include <optional>
#include <vector>

#include "engine/storage/run_reader.h"

namespace causeway::ui {

// One link of a causality chain as the TradeExplorer shows it.
struct StoryStep {
    enum class Kind {
        kOrigin,
        kSignal,
        kRisk,
        kDecision,
        kPlans,
        kExecution,
        kOrder,
        kOrderRejected,
        kFill,
        kNotTaken,
        kMissing
    };
    Kind kind = Kind::kMissing;
    QString title;
    QString detail;
    QString toolTip;
    std::optional<engine::Timestamp> ts;
};

// Turns journal entries into readable stories: from the market event that
// started a flow through signals, decision and plans to the order and its
// fills. Tolerates missing keys, since the journal's context is free-form
// JSON that grows with the strategies.
class TradeStory final {
    Q_DECLARE_TR_FUNCTIONS(TradeStory)

public:
    TradeStory() = delete;

    // `entries` are the journal rows of this order, oldest first.
    static std::vector<StoryStep> forOrder(const engine::OrderRow& order,
                                           const std::vector<const engine::FillRow*>& fills,
                                           const std::vector<const engine::JournalRow*>& entries);
    // A "decision_rejected" journal row: why the strategy did not trade.
    static std::vector<StoryStep> forRejection(const engine::JournalRow& entry);
    // The reason text of a rejected decision, or a fallback.
    static QString rejectionReason(const engine::JournalRow& entry);

private:
    static void appendCauses(const QJsonObject& causality, const QJsonObject& context,
                             std::vector<StoryStep>& steps);
    static StoryStep signalStep(const QJsonObject& signal);
    static StoryStep riskStep(const QJsonObject& risk);
    static std::optional<StoryStep> planStep(const QJsonObject& plans);
    static StoryStep orderStep(const engine::OrderRow& order, const QJsonObject& context);
    static StoryStep fillStep(const engine::OrderRow& order, const engine::FillRow& fill,
                              const std::vector<const engine::JournalRow*>& entries);
    static QString evidenceText(const QJsonObject& evidence);
    static std::optional<engine::Timestamp> parseTime(const QJsonValue& value);
};

}  // namespace causeway::ui
