#include "engine/bus/event_bus.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>

namespace causeway::engine {

void EventBus::unsubscribe(SubscriptionId id) {
    for (auto& [type, subscriptions] : m_handlers) {
        std::erase_if(subscriptions, [id](const Subscription& s) { return s.id == id; });
    }
}

void EventBus::dispatch(std::type_index type, const void* event) {
    auto& metrics = m_metrics[type];
    ++metrics.published;
    const auto it = m_handlers.find(type);
    if (it == m_handlers.end()) {
        return;
    }
    for (const auto& subscription : it->second) {
        try {
            subscription.call(event);
            ++metrics.delivered;
        } catch (const std::exception& error) {
            ++metrics.handlerErrors;
            spdlog::error("event bus: handler {} for {} threw: {}", subscription.id, type.name(),
                          error.what());
        }
    }
}

}  // namespace causeway::engine
