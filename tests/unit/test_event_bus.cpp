#include <QTest>
#include <QThread>

#include <atomic>
#include <memory>

#include "engine/bus/event_bus.h"
#include "engine/core/correlation.h"
#include "engine/core/market_data.h"

using namespace causeway::engine;

namespace {
struct Ping {
    int value = 0;
};
struct Pong {};
struct Named {
    static constexpr const char* kEventName = "NamedEvent";
};
}  // namespace

class TestEventBus final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void deliversByTypeInSubscriptionOrder() {
        EventBus bus;
        std::vector<int> seen;
        bus.subscribe<Ping>([&](const Ping& p) { seen.push_back(p.value); });
        bus.subscribe<Ping>([&](const Ping& p) { seen.push_back(p.value * 10); });
        bool pong = false;
        bus.subscribe<Pong>([&](const Pong&) { pong = true; });
        bus.publish(Ping{2});
        QCOMPARE(seen, (std::vector<int>{2, 20}));
        QVERIFY(!pong);
        QCOMPARE(bus.metrics<Ping>().published, 1u);
        QCOMPARE(bus.metrics<Ping>().delivered, 2u);
    }

    void isolatesAThrowingHandler() {
        EventBus bus;
        int delivered = 0;
        bus.subscribe<Ping>([](const Ping&) { throw std::runtime_error("boom"); });
        bus.subscribe<Ping>([&](const Ping&) { ++delivered; });
        bus.publish(Ping{});
        QCOMPARE(delivered, 1);
        QCOMPARE(bus.metrics<Ping>().handlerErrors, 1u);
    }

    void unsubscribes() {
        EventBus bus;
        int count = 0;
        const auto id = bus.subscribe<Ping>([&](const Ping&) { ++count; });
        bus.publish(Ping{});
        bus.unsubscribe(id);
        bus.publish(Ping{});
        QCOMPARE(count, 1);
        QCOMPARE(bus.metrics<Ping>().published, 2u);
    }

    void keepsABoundedHistoryPerType() {
        EventBus bus(EventBus::Options{.historyCapacity = 3, .timeHandlers = true});
        for (int i = 1; i <= 5; ++i) {
            bus.publish(Ping{i});
        }
        bus.publish(Pong{});
        std::vector<int> values;
        std::vector<std::uint64_t> sequences;
        for (const auto& published : bus.history<Ping>()) {
            values.push_back(published.event.value);
            sequences.push_back(published.sequence);
        }
        QCOMPARE(values, (std::vector<int>{3, 4, 5}));  // oldest first, the last three
        QCOMPARE(sequences, (std::vector<std::uint64_t>{3, 4, 5}));
        QCOMPARE(bus.history<Pong>().front().sequence, std::uint64_t{6});
        QCOMPARE(bus.history<Pong>().size(), std::size_t{1});

        EventBus none(EventBus::Options{.historyCapacity = 0, .timeHandlers = false});
        none.publish(Ping{1});
        QVERIFY(none.history<Ping>().empty());
    }

    void historyKeepsMarketDataMessages() {
        EventBus bus;
        Candle bar;
        bar.symbol = Symbol("MSFT");
        bar.ts = 42;
        bus.publish(bar);
        const auto kept = bus.history<Candle>();
        QCOMPARE(kept.size(), std::size_t{1});
        QCOMPARE(kept[0].event.ts, Timestamp{42});
        QCOMPARE(kept[0].event.symbol, Symbol("MSFT"));
        QCOMPARE(kept[0].event.type, MessageType::kCandle);
        QCOMPARE(kept[0].correlationId, std::string());
    }

    void namesTypesAndMeasuresHandlerTime() {
        EventBus bus;
        bus.subscribe<Ping>([](const Ping&) {
            volatile double x = 1.0;
            for (int i = 0; i < 1000; ++i) {
                x = x * 1.0000001;
            }
        });
        bus.subscribe<Named>([](const Named&) { throw std::runtime_error("no"); });
        bus.publish(Ping{});
        bus.publish(Ping{});
        bus.publish(Named{});
        const auto snapshot = bus.metricsSnapshot();
        QCOMPARE(snapshot.size(), std::size_t{2});
        // sorted by name: the demangled C++ name, or the declared kEventName
        QCOMPARE(snapshot[0].type, std::string("(anonymous namespace)::Ping"));
        QCOMPARE(snapshot[0].metrics.published, 2u);
        QCOMPARE(snapshot[0].metrics.delivered, 2u);
        QVERIFY(snapshot[0].metrics.handlerNanos > 0);
        QVERIFY(snapshot[0].metrics.maxHandlerNanos > 0);
        QVERIFY(snapshot[0].metrics.maxHandlerNanos <= snapshot[0].metrics.handlerNanos);
        QCOMPARE(snapshot[1].type, std::string("NamedEvent"));
        QCOMPARE(snapshot[1].metrics.handlerErrors, 1u);
        QCOMPARE(snapshot[1].metrics.delivered, 0u);
    }

    void handlersMayUnsubscribeAndSubscribeWhileCalled() {
        EventBus bus;
        std::vector<std::string> calls;
        EventBus::SubscriptionId self = 0;
        self = bus.subscribe<Ping>([&](const Ping&) {
            calls.push_back("once");
            bus.unsubscribe(self);
            bus.subscribe<Ping>([&](const Ping&) { calls.push_back("late"); });
        });
        bus.subscribe<Ping>([&](const Ping&) { calls.push_back("always"); });
        bus.publish(Ping{});
        QCOMPARE(calls, (std::vector<std::string>{"once", "always"}));
        calls.clear();
        bus.publish(Ping{});
        QCOMPARE(calls, (std::vector<std::string>{"always", "late"}));
        QCOMPARE(bus.subscriberCount(), std::size_t{2});
    }

    void nestedPublishIsDispatchedInPlace() {
        EventBus bus;
        std::vector<std::string> calls;
        bus.subscribe<Ping>([&](const Ping& p) {
            calls.push_back("ping" + std::to_string(p.value));
            if (p.value == 1) {
                bus.publish(Ping{2});
                bus.publish(Pong{});
            }
        });
        bus.subscribe<Pong>([&](const Pong&) { calls.push_back("pong"); });
        bus.publish(Ping{1});
        QCOMPARE(calls, (std::vector<std::string>{"ping1", "ping2", "pong"}));
    }

    void deliversToAnotherThreadWhenAsked() {
        QThread worker;
        worker.start();
        auto receiver = std::make_unique<QObject>();
        receiver->moveToThread(&worker);

        EventBus bus;
        std::atomic<int> sum{0};
        std::atomic<bool> onWorker{true};
        bus.subscribe<Ping>(receiver.get(), [&](const Ping& p) {
            sum += p.value;
            if (QThread::currentThread() != &worker) {
                onWorker = false;
            }
        });
        int sameThread = 0;
        bus.subscribe<Ping>([&](const Ping&) { ++sameThread; });
        for (int i = 1; i <= 10; ++i) {
            bus.publish(Ping{i});
        }
        QCOMPARE(sameThread, 10);
        QTRY_COMPARE(sum.load(), 55);
        QVERIFY(onWorker.load());
        QTRY_COMPARE(bus.metrics<Ping>().delivered, 20u);

        // a receiver that is gone gets nothing, and nothing breaks
        QMetaObject::invokeMethod(
            receiver.get(), [&receiver] { receiver.reset(); }, Qt::BlockingQueuedConnection);
        bus.publish(Ping{100});
        QCOMPARE(bus.metrics<Ping>().delivered, 21u);
        worker.quit();
        worker.wait();
        QCOMPARE(sum.load(), 55);
    }

    void eventsCarryTheirFlowsCorrelationId() {
        QThread worker;
        worker.start();
        auto* receiver = new QObject;
        receiver->moveToThread(&worker);
        connect(&worker, &QThread::finished, receiver, &QObject::deleteLater);
        EventBus bus;
        std::string seenOnWorker[3];
        std::atomic<int> done{0};
        bus.subscribe<Ping>(receiver, [&](const Ping& p) {
            seenOnWorker[p.value] = CorrelationScope::current();
            ++done;
        });
        {
            const CorrelationScope flow("CDL_MSFT_1d_20010122_000000");
            bus.publish(Ping{1});
        }
        bus.publish(Ping{2});
        QTRY_COMPARE(done.load(), 2);
        const auto kept = bus.history<Ping>();
        QCOMPARE(kept[0].correlationId, std::string("CDL_MSFT_1d_20010122_000000"));
        QCOMPARE(kept[1].correlationId, std::string());
        worker.quit();
        worker.wait();
        // each delivery ran inside the scope of the flow that published it
        QCOMPARE(seenOnWorker[1], std::string("CDL_MSFT_1d_20010122_000000"));
        QCOMPARE(seenOnWorker[2], std::string());
    }

    void contextOnThePublishingThreadIsSynchronous() {
        QObject context;
        EventBus bus;
        int seen = 0;
        bus.subscribe<Ping>(&context, [&](const Ping& p) { seen = p.value; });
        bus.publish(Ping{7});
        QCOMPARE(seen, 7);
    }
};

QTEST_GUILESS_MAIN(TestEventBus)
#include "test_event_bus.moc"
