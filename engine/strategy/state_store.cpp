#include "engine/strategy/state_store.h"

namespace causeway::engine {

QJsonObject StateStore::get(const std::string& worker) const {
    const auto it = m_states.find(worker);
    return it == m_states.end() ? QJsonObject() : it->second;
}

void StateStore::put(const std::string& worker, QJsonObject state) {
    if (state.isEmpty()) {
        m_states.erase(worker);
    } else {
        m_states[worker] = std::move(state);
    }
}

}  // namespace causeway::engine
