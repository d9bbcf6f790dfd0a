#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "engine/strategy/dtos.h"

namespace causeway::engine {

// What a flow's workers left in the StrategyCache when it decided: the
// DTOs themselves, copied once per decision. They become JSON only when the
// journal is written, on the storage writer's thread: building JSON on the
// decision path was most of its cost.
struct FlowSnapshot {
    std::vector<OpportunitySignal> signals;
    std::vector<ThreatSignal> risks;
    std::optional<RegimeContext> regime;
    std::optional<StrategyDirective> directive;
    std::optional<EntryPlan> entry;
    std::optional<SizePlan> size;
    std::optional<ExitPlan> exit;
    std::optional<ExecutionDirective> execution;
    std::optional<RejectedDecision> rejection;
};

// `context` of the journal: signals, risks, regime, directive, plans,
// execution, rejection (id and reason).
QJsonObject toJson(const FlowSnapshot& snapshot);

// The context of one journal entry: the flow's snapshot (shared by every
// entry of the flow) and the entry's own fields ("order", "reason", a fill's
// price, ...), which toJson() puts over the snapshot's. Fields given as
// plain values (put) stay plain until the writer asks for JSON; a path
// "order.algorithm" names a field of the object "order".
class JournalContext final {
public:
    using Value = std::variant<std::string, double, std::int64_t, bool>;

    JournalContext() = default;
    // An entry with fields only.
    JournalContext(QJsonObject fields) : m_fields(std::move(fields)) {}  // NOLINT: implicit
    explicit JournalContext(std::shared_ptr<const FlowSnapshot> flow) : m_flow(std::move(flow)) {}

    const std::shared_ptr<const FlowSnapshot>& flow() const { return m_flow; }
    const QJsonObject& fields() const { return m_fields; }
    void set(const QString& key, QJsonValue value) { m_fields.insert(key, std::move(value)); }
    void put(std::string path, Value value);
    // Forgets the plain fields at `path` and below.
    void erase(std::string_view path);

    QJsonObject toJson() const;
    // Reading like a JSON object (tests, tools): the whole context.
    QJsonValue operator[](const QString& key) const { return toJson().value(key); }
    bool contains(const QString& key) const { return toJson().contains(key); }

private:
    std::shared_ptr<const FlowSnapshot> m_flow;
    QJsonObject m_fields;
    std::vector<std::pair<std::string, Value>> m_values;
};

}  // namespace causeway::engine
