#include "engine/strategy/journal_context.h"

#include <QJsonArray>

namespace causeway::engine {

QJsonObject toJson(const FlowSnapshot& snapshot) {
    QJsonObject context;
    QJsonArray signalArray;
    for (const auto& signal : snapshot.signals) {
        signalArray.append(toJson(signal));
    }
    context[QStringLiteral("signals")] = signalArray;
    QJsonArray riskArray;
    for (const auto& threat : snapshot.risks) {
        riskArray.append(toJson(threat));
    }
    context[QStringLiteral("risks")] = riskArray;
    if (snapshot.regime) {
        context[QStringLiteral("regime")] = toJson(*snapshot.regime);
    }
    if (snapshot.directive) {
        context[QStringLiteral("directive")] = toJson(*snapshot.directive);
    }
    QJsonObject plans;
    if (snapshot.entry) {
        plans[QStringLiteral("entry")] = toJson(*snapshot.entry);
    }
    if (snapshot.size) {
        plans[QStringLiteral("size")] = toJson(*snapshot.size);
    }
    if (snapshot.exit) {
        plans[QStringLiteral("exit")] = toJson(*snapshot.exit);
    }
    context[QStringLiteral("plans")] = plans;
    if (snapshot.execution) {
        context[QStringLiteral("execution")] = toJson(*snapshot.execution);
    }
    if (snapshot.rejection) {
        context[QStringLiteral("rejection")] = QJsonObject{
            {QStringLiteral("id"), QString::fromStdString(snapshot.rejection->id)},
            {QStringLiteral("reason"), QString::fromStdString(snapshot.rejection->reason)}};
    }
    return context;
}

void JournalContext::put(std::string path, Value value) {
    for (auto& [key, existing] : m_values) {
        if (key == path) {
            existing = std::move(value);
            return;
        }
    }
    m_values.emplace_back(std::move(path), std::move(value));
}

void JournalContext::erase(std::string_view path) {
    std::erase_if(m_values, [&](const auto& entry) {
        const std::string& key = entry.first;
        return key == path ||
               (key.size() > path.size() && key.starts_with(path) && key[path.size()] == '.');
    });
}

namespace {

QJsonValue jsonOf(const JournalContext::Value& value) {
    return std::visit(
        [](const auto& v) -> QJsonValue {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::string>) {
                return QString::fromStdString(v);
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
                return static_cast<qint64>(v);
            } else {
                return v;
            }
        },
        value);
}

// Sets `path` ("a.b.c") in `json`, creating the objects on the way.
void setPath(QJsonObject& json, std::string_view path, const QJsonValue& value) {
    const auto dot = path.find('.');
    const QString key = QString::fromUtf8(path.substr(0, dot).data(),
                                          static_cast<qsizetype>(path.substr(0, dot).size()));
    if (dot == std::string_view::npos) {
        json.insert(key, value);
        return;
    }
    QJsonObject inner = json.value(key).toObject();
    setPath(inner, path.substr(dot + 1), value);
    json.insert(key, inner);
}

}  // namespace

QJsonObject JournalContext::toJson() const {
    if (!m_flow && m_values.empty()) {
        return m_fields;
    }
    QJsonObject json = m_flow ? engine::toJson(*m_flow) : QJsonObject();
    for (auto it = m_fields.begin(); it != m_fields.end(); ++it) {
        json.insert(it.key(), it.value());
    }
    for (const auto& [path, value] : m_values) {
        setPath(json, path, jsonOf(value));
    }
    return json;
}

}  // namespace causeway::engine
