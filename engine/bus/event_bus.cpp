#include "engine/bus/event_bus.h"

#include <QMetaObject>
#include <QThread>

#include <cxxabi.h>
#include <spdlog/spdlog.h>

#include "engine/core/correlation.h"

#include <algorithm>
#include <cstdlib>
#include <exception>

namespace causeway::engine {

EventBus::TypeMetrics EventBus::Counters::snapshot() const {
    TypeMetrics out;
    out.published = published.load(std::memory_order_relaxed);
    out.delivered = delivered.load(std::memory_order_relaxed);
    out.handlerErrors = handlerErrors.load(std::memory_order_relaxed);
    out.handlerNanos = handlerNanos.load(std::memory_order_relaxed);
    out.maxHandlerNanos = maxHandlerNanos.load(std::memory_order_relaxed);
    return out;
}

void EventBus::Counters::recordHandler(std::uint64_t nanos) {
    handlerNanos.fetch_add(nanos, std::memory_order_relaxed);
    std::uint64_t max = maxHandlerNanos.load(std::memory_order_relaxed);
    while (nanos > max &&
           !maxHandlerNanos.compare_exchange_weak(max, nanos, std::memory_order_relaxed)) {
    }
}

std::size_t EventBus::nextSlot() {
    static std::atomic<std::size_t> next{0};
    return next.fetch_add(1, std::memory_order_relaxed);
}

EventBus::TypeState& EventBus::create(std::size_t slot, NameFunction name) {
    if (slot >= m_types.size()) {
        m_types.resize(slot + 1);
    }
    m_types[slot] = std::make_unique<TypeState>();
    m_types[slot]->name = name();
    return *m_types[slot];
}

EventBus::SubscriptionId EventBus::add(std::size_t slot, NameFunction name,
                                       Subscription subscription) {
    subscription.id = ++m_nextId;
    TypeState& state = stateFor(slot, name);
    if (state.dispatchDepth > 0) {
        state.pending.push_back(std::move(subscription));
    } else {
        state.subscriptions.push_back(std::move(subscription));
    }
    return m_nextId;
}

void EventBus::unsubscribe(SubscriptionId id) {
    for (const auto& entry : m_types) {
        if (!entry) {
            continue;
        }
        TypeState& state = *entry;
        std::erase_if(state.pending, [id](const Subscription& s) { return s.id == id; });
        for (Subscription& subscription : state.subscriptions) {
            if (subscription.id == id) {
                subscription.removed = true;
                state.hasRemoved = true;
            }
        }
        settle(state);
    }
}

void EventBus::settle(TypeState& state) {
    if (state.dispatchDepth > 0) {
        return;
    }
    if (state.hasRemoved) {
        std::erase_if(state.subscriptions, [](const Subscription& s) { return s.removed; });
        state.hasRemoved = false;
    }
    if (!state.pending.empty()) {
        std::move(state.pending.begin(), state.pending.end(),
                  std::back_inserter(state.subscriptions));
        state.pending.clear();
    }
}

template <class Call>
void EventBus::runHandler(Counters& counters, const std::string& typeName, SubscriptionId id,
                          bool timed, const Call& call) {
    const auto start =
        timed ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
    try {
        call();
        counters.delivered.fetch_add(1, std::memory_order_relaxed);
    } catch (const std::exception& error) {
        counters.handlerErrors.fetch_add(1, std::memory_order_relaxed);
        spdlog::error("event bus: handler {} for {} threw: {}", id, typeName, error.what());
    } catch (...) {
        counters.handlerErrors.fetch_add(1, std::memory_order_relaxed);
        spdlog::error("event bus: handler {} for {} threw a non-standard exception", id, typeName);
    }
    if (timed) {
        const auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(
                               std::chrono::steady_clock::now() - start)
                               .count();
        counters.recordHandler(static_cast<std::uint64_t>(nanos));
    }
}

void EventBus::dispatch(TypeState& state, const void* event) {
    Counters& counters = *state.counters;
    counters.published.fetch_add(1, std::memory_order_relaxed);
    const bool timed = m_options.timeHandlers;
    ++state.dispatchDepth;
    // by index and up to today's count: the vector does not move during a
    // dispatch (see TypeState), and late subscribers wait for the next event
    const std::size_t count = state.subscriptions.size();
    for (std::size_t i = 0; i < count; ++i) {
        const Subscription& subscription = state.subscriptions[i];
        if (subscription.removed) {
            continue;
        }
        if (!subscription.hasContext) {
            runHandler(counters, state.name, subscription.id, timed,
                       [&] { subscription.call(event); });
            continue;
        }
        QObject* context = subscription.context.data();
        if (context == nullptr) {
            continue;  // its receiver is gone
        }
        if (context->thread() == QThread::currentThread()) {
            runHandler(counters, state.name, subscription.id, timed,
                       [&] { subscription.call(event); });
            continue;
        }
        // Another thread: the receiver runs a copy of the event there. The
        // counters are shared so the metrics see that delivery too.
        QMetaObject::invokeMethod(
            context,
            [counters = state.counters, name = state.name, id = subscription.id, timed,
             call = subscription.copyForQueue(event), flow = CorrelationScope::current()] {
                const CorrelationScope scope(flow);
                runHandler(*counters, name, id, timed, call);
            },
            Qt::QueuedConnection);
    }
    --state.dispatchDepth;
    settle(state);
}

std::vector<EventBus::NamedMetrics> EventBus::metricsSnapshot() const {
    std::vector<NamedMetrics> out;
    out.reserve(m_types.size());
    for (const auto& state : m_types) {
        if (state) {
            out.push_back({state->name, state->counters->snapshot()});
        }
    }
    std::sort(out.begin(), out.end(),
              [](const NamedMetrics& a, const NamedMetrics& b) { return a.type < b.type; });
    return out;
}

std::size_t EventBus::subscriberCount() const {
    std::size_t count = 0;
    for (const auto& state : m_types) {
        if (!state) {
            continue;
        }
        count += state->pending.size();
        count += static_cast<std::size_t>(
            std::count_if(state->subscriptions.begin(), state->subscriptions.end(),
                          [](const Subscription& s) { return !s.removed; }));
    }
    return count;
}

const std::string& EventBus::currentCorrelationId() {
    return CorrelationScope::current();
}

std::string EventBus::demangle(const char* name) {
    int status = 0;
    char* readable = abi::__cxa_demangle(name, nullptr, nullptr, &status);
    if (status != 0 || readable == nullptr) {
        return name;
    }
    std::string out(readable);
    std::free(readable);  // NOLINT(cppcoreguidelines-no-malloc): __cxa_demangle's contract
    return out;
}

}  // namespace causeway::engine
