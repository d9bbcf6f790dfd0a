#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <typeindex>
#include <unordered_map>
#include <vector>

namespace causeway::engine {

// Typed publish/subscribe inside one executor. Dispatch is synchronous, in
// subscription order; a throwing handler is logged and counted and the other
// handlers still run. Not thread-safe: each executor owns its bus.
class EventBus final {
public:
    using SubscriptionId = std::uint64_t;

    struct TypeMetrics {
        std::uint64_t published = 0;
        std::uint64_t delivered = 0;
        std::uint64_t handlerErrors = 0;
    };

    template <class Event>
    SubscriptionId subscribe(std::function<void(const Event&)> handler) {
        const SubscriptionId id = ++m_nextId;
        m_handlers[typeid(Event)].push_back({id, [h = std::move(handler)](const void* event) {
                                                 h(*static_cast<const Event*>(event));
                                             }});
        return id;
    }

    void unsubscribe(SubscriptionId id);

    template <class Event>
    void publish(const Event& event) {
        dispatch(typeid(Event), &event);
    }

    template <class Event>
    TypeMetrics metrics() const {
        const auto it = m_metrics.find(typeid(Event));
        return it == m_metrics.end() ? TypeMetrics{} : it->second;
    }

private:
    struct Subscription {
        SubscriptionId id;
        std::function<void(const void*)> call;
    };

    void dispatch(std::type_index type, const void* event);

    std::unordered_map<std::type_index, std::vector<Subscription>> m_handlers;
    std::unordered_map<std::type_index, TypeMetrics> m_metrics;
    SubscriptionId m_nextId = 0;
};

}  // namespace causeway::engine
