#include <QTest>

#include "engine/bus/event_bus.h"

using namespace causeway::engine;

namespace {
struct Ping {
    int value = 0;
};
struct Pong {};
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
};

QTEST_APPLESS_MAIN(TestEventBus)
#include "test_event_bus.moc"
