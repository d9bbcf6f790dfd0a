#pragma once

#include <QObject>
#include <QPointer>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace causeway::engine {

// Typed publish/subscribe inside one executor.
//
// - Dispatch is synchronous, in subscription order, on the publishing thread.
//   A subscription made with a `context` QObject that lives on another thread
//   is delivered there instead, as a queued call carrying a copy of the
//   event ("delivery to other threads when asked").
// - A throwing handler is logged and counted; the other handlers still run.
// - Handlers may publish (nested dispatch) and may subscribe or unsubscribe
//   anything, themselves included, while being called: a handler added
//   during a dispatch first sees the next event, a removed one is not called
//   again.
// - A bounded history keeps the last `historyCapacity` events of each type,
//   each with the correlation id of the flow that published it and a
//   bus-wide sequence number.
// - The flow's correlation id (CorrelationScope) travels with queued
//   deliveries: the receiver's handler runs inside the same scope, so its
//   log lines carry the id of the flow that caused them.
// - Per-type metrics: published, delivered, handler errors and the time
//   spent in handlers.
//
// Not thread-safe apart from queued delivery: the executor that owns a bus
// is the only thread that subscribes, publishes or reads it.
class EventBus final {
public:
    using SubscriptionId = std::uint64_t;

    struct Options {
        // Events kept per type; 0 keeps none.
        std::size_t historyCapacity = 64;
        // Measure handler time (two steady-clock reads per handler call).
        bool timeHandlers = true;
    };

    struct TypeMetrics {
        std::uint64_t published = 0;
        std::uint64_t delivered = 0;
        std::uint64_t handlerErrors = 0;
        std::uint64_t handlerNanos = 0;
        std::uint64_t maxHandlerNanos = 0;
    };

    template <class Event>
    struct Published {
        Event event;
        std::string correlationId;
        std::uint64_t sequence = 0;
    };

    struct NamedMetrics {
        std::string type;
        TypeMetrics metrics;
    };

    EventBus() : EventBus(Options{}) {}
    explicit EventBus(Options options) : m_options(options) {}
    EventBus(const EventBus&) = delete;
    EventBus& operator=(const EventBus&) = delete;

    // Synchronous delivery on the publishing thread.
    template <class Event>
    SubscriptionId subscribe(std::function<void(const Event&)> handler) {
        Subscription subscription;
        subscription.call = [h = std::move(handler)](const void* event) {
            h(*static_cast<const Event*>(event));
        };
        return add(slotOf<Event>(), &typeName<Event>, std::move(subscription));
    }

    // Delivery on `context`'s thread: synchronous when that is the
    // publishing thread, otherwise queued with a copy of the event. Nothing
    // is delivered once `context` is destroyed.
    template <class Event>
    SubscriptionId subscribe(QObject* context, std::function<void(const Event&)> handler) {
        auto shared = std::make_shared<std::function<void(const Event&)>>(std::move(handler));
        Subscription subscription;
        subscription.call = [shared](const void* event) {
            (*shared)(*static_cast<const Event*>(event));
        };
        subscription.hasContext = true;
        subscription.context = context;
        subscription.copyForQueue = [shared](const void* event) -> std::function<void()> {
            return [shared, copy = *static_cast<const Event*>(event)] { (*shared)(copy); };
        };
        return add(slotOf<Event>(), &typeName<Event>, std::move(subscription));
    }

    void unsubscribe(SubscriptionId id);

    template <class Event>
    void publish(const Event& event) {
        TypeState& state = stateFor(slotOf<Event>(), &typeName<Event>);
        if (m_options.historyCapacity > 0) {
            historyOf<Event>(state).push(event, ++m_sequence, m_options.historyCapacity);
        }
        dispatch(state, &event);
    }

    // The last events of a type, oldest first, at most historyCapacity.
    template <class Event>
    std::vector<Published<Event>> history() const {
        const TypeState* state = find(slotOf<Event>());
        if (state == nullptr || !state->history) {
            return {};
        }
        return static_cast<const History<Event>&>(*state->history).ordered();
    }

    template <class Event>
    TypeMetrics metrics() const {
        const TypeState* state = find(slotOf<Event>());
        return state == nullptr ? TypeMetrics{} : state->counters->snapshot();
    }

    // Every type published or subscribed so far, sorted by name.
    std::vector<NamedMetrics> metricsSnapshot() const;

    std::size_t subscriberCount() const;

    const Options& options() const { return m_options; }

    // An event type's name in metrics and logs: Event::kEventName when it
    // declares one, else its demangled C++ name.
    template <class Event>
    static std::string typeName() {
        if constexpr (requires { Event::kEventName; }) {
            return Event::kEventName;
        } else {
            return demangle(typeid(Event).name());
        }
    }

private:
    // Updated by the bus thread and, for queued delivery, by receivers'
    // threads: relaxed atomics, read as a snapshot.
    struct Counters {
        std::atomic<std::uint64_t> published{0};
        std::atomic<std::uint64_t> delivered{0};
        std::atomic<std::uint64_t> handlerErrors{0};
        std::atomic<std::uint64_t> handlerNanos{0};
        std::atomic<std::uint64_t> maxHandlerNanos{0};

        TypeMetrics snapshot() const;
        void recordHandler(std::uint64_t nanos);
    };

    struct HistoryBase {
        virtual ~HistoryBase() = default;
    };

    template <class Event>
    struct History final : HistoryBase {
        std::vector<Published<Event>> ring;
        std::size_t next = 0;

        void push(const Event& event, std::uint64_t sequence, std::size_t capacity) {
            Published<Event>* slot = nullptr;
            if (ring.size() < capacity) {
                slot = &ring.emplace_back();
            } else {
                slot = &ring[next];
                next = (next + 1) % capacity;
            }
            slot->event = event;
            // assign, not construct: a full ring reuses the string's buffer
            slot->correlationId = currentCorrelationId();
            slot->sequence = sequence;
        }
        std::vector<Published<Event>> ordered() const {
            std::vector<Published<Event>> out;
            out.reserve(ring.size());
            for (std::size_t i = 0; i < ring.size(); ++i) {
                out.push_back(ring[(next + i) % ring.size()]);
            }
            return out;
        }
    };

    struct Subscription {
        SubscriptionId id = 0;
        std::function<void(const void*)> call;
        // Set for subscriptions with a context object.
        bool hasContext = false;
        QPointer<QObject> context;
        std::function<std::function<void()>(const void*)> copyForQueue;
        bool removed = false;
    };

    struct TypeState {
        std::string name;
        std::vector<Subscription> subscriptions;
        std::shared_ptr<Counters> counters = std::make_shared<Counters>();
        std::unique_ptr<HistoryBase> history;
        // While a dispatch of this type runs, the subscription vector must
        // not move: additions wait in `pending`, removals are only marked.
        int dispatchDepth = 0;
        std::vector<Subscription> pending;
        bool hasRemoved = false;
    };

    template <class Event>
    static History<Event>& historyOf(TypeState& state) {
        if (!state.history) {
            state.history = std::make_unique<History<Event>>();
        }
        return static_cast<History<Event>&>(*state.history);
    }

    // Each event type gets a process-wide slot on first use, so finding its
    // state is an index, not a hash of its type name.
    static std::size_t nextSlot();
    template <class Event>
    static std::size_t slotOf() {
        static const std::size_t slot = nextSlot();
        return slot;
    }

    using NameFunction = std::string (*)();
    SubscriptionId add(std::size_t slot, NameFunction name, Subscription subscription);
    TypeState& stateFor(std::size_t slot, NameFunction name) {
        if (slot < m_types.size() && m_types[slot]) {
            return *m_types[slot];
        }
        return create(slot, name);
    }
    TypeState& create(std::size_t slot, NameFunction name);
    const TypeState* find(std::size_t slot) const {
        return slot < m_types.size() ? m_types[slot].get() : nullptr;
    }
    void dispatch(TypeState& state, const void* event);
    static void settle(TypeState& state);
    template <class Call>
    static void runHandler(Counters& counters, const std::string& typeName, SubscriptionId id,
                           bool timed, const Call& call);
    static std::string demangle(const char* name);
    static const std::string& currentCorrelationId();

    Options m_options;
    std::uint64_t m_sequence = 0;
    // by slot; null for types this bus has not seen. Heap-allocated so a
    // TypeState stays put while a handler makes the vector grow.
    std::vector<std::unique_ptr<TypeState>> m_types;
    SubscriptionId m_nextId = 0;
};

}  // namespace causeway::engine
