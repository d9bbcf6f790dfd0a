#include "engine/strategy/state_store.h"

namespace causeway::engine {

QJsonObject StateStore::get(std::string_view key) const {
    const auto it = m_states.find(key);
    return it == m_states.end() ? QJsonObject() : it->second;
}

void StateStore::put(std::string_view key, QJsonObject state) {
    if (state.isEmpty()) {
        if (const auto it = m_states.find(key); it != m_states.end()) {
            m_states.erase(it);
        }
    } else {
        m_states.insert_or_assign(std::string(key), std::move(state));
    }
}

std::string StateStore::key(const std::string& scope, const std::string& strategy,
                            const std::string& worker) {
    return (scope == "global" ? std::string("global") : strategy) + '/' + worker;
}

}  // namespace causeway::engine
