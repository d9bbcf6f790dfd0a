#include <QTest>

#include "engine/strategy/planners.h"
#include "engine/strategy/strategy_pipeline.h"

using namespace causeway::engine;

namespace {

struct Dto {
    Timestamp ts = 0;
    int value = 0;
};

class FakeLedger final : public LedgerStateProvider {
public:
    Quantity qty;
    int working = 0;
    Quantity position(const std::string&, Symbol) const override { return qty; }
    int openOrders(const std::string&, Symbol) const override { return working; }
};

// Publishes one opportunity in the given direction.
class FixedSignal final : public Worker {
public:
    explicit FixedSignal(Side side) : m_side(side) {}
    std::string name() const override { return "fixed_signal"; }
    WorkerRole role() const override { return WorkerRole::kOpportunity; }
    DispositionEnvelope process(StrategyCache&, const FlowContext& flow) override {
        OpportunitySignal signal;
        signal.id = "SIG_1";
        signal.ts = flow.origin.ts;
        signal.symbol = flow.symbol;
        signal.signalType = "test";
        signal.direction = m_side;
        return DispositionEnvelope::publish("OPPORTUNITY_DETECTED", signal);
    }

private:
    Side m_side;
};

}  // namespace

class TestStrategyFlow final : public QObject {
    Q_OBJECT

private:
    FlowResult runFlow(Side side, FakeLedger& ledger, bool allowShort, EventBus& bus) {
        std::vector<std::unique_ptr<Worker>> workers;
        workers.push_back(std::make_unique<FixedSignal>(side));
        workers.push_back(std::make_unique<SignalFollowingPlanner>(allowShort));
        workers.push_back(std::make_unique<MarketEntryPlanner>());
        workers.push_back(std::make_unique<FixedSizePlanner>(Quantity::fromInt(2)));
        workers.push_back(std::make_unique<SignalExitPlanner>(
            "exit on the opposite signal or at the end of data; no stop"));
        workers.push_back(std::make_unique<ExecutionPlanner>());
        StrategyPipeline pipeline("test", std::move(workers), bus);
        m_bar.symbol = Symbol("TEST");
        m_bar.ts = 1000;
        m_bar.close = Price::fromInt(50);
        FlowContext flow;
        flow.origin = Origin{OriginType::kCandle, "CDL_TEST", 1000};
        flow.symbol = m_bar.symbol;
        flow.bar = &m_bar;
        flow.strategy = "test";
        flow.ledger = &ledger;
        flow.ids = &m_ids;
        StrategyCache cache;
        FlowResult result = pipeline.run(flow, cache);
        if (cache.inFlow()) {
            qFatal("the flow terminator left the cache open");
        }
        return result;
    }

    Candle m_bar;
    IdGenerator m_ids{"test"};

private Q_SLOTS:
    void cacheRefusesStaleDtos() {
        StrategyCache cache;
        QVERIFY_THROWS_EXCEPTION(StrategyError, cache.runAnchor());
        cache.startFlow(100);
        cache.set(Dto{100, 7});
        QCOMPARE(cache.get<Dto>().value, 7);
        try {
            cache.set(Dto{99, 1});
            QFAIL("stale DTO accepted");
        } catch (const StrategyError& error) {
            QVERIFY(QString::fromLatin1(error.what())
                        .contains(QStringLiteral("does not match the run anchor")));
        }
        cache.clear();
        QVERIFY(!cache.inFlow());
        cache.startFlow(200);
        QVERIFY(cache.find<Dto>() == nullptr);
    }

    void dispositionsAreValidated() {
        DispositionEnvelope::next().validate("w");
        DispositionEnvelope::stop().validate("w");
        try {
            DispositionEnvelope{Disposition::kPublish, "", OpportunitySignal{}}.validate("scout");
            QFAIL("publish without event name accepted");
        } catch (const StrategyError& error) {
            QCOMPARE(QString::fromLatin1(error.what()),
                     QStringLiteral("worker 'scout' published without an event name"));
        }
        try {
            DispositionEnvelope{Disposition::kPublish, "X", {}}.validate("scout");
            QFAIL("publish without payload accepted");
        } catch (const StrategyError& error) {
            QCOMPARE(QString::fromLatin1(error.what()),
                     QStringLiteral("worker 'scout' published 'X' without a system DTO"));
        }
    }

    void entersWhenFlat() {
        FakeLedger ledger;
        EventBus bus;
        int directives = 0;
        bus.subscribe<ExecutionDirective>([&](const ExecutionDirective&) { ++directives; });
        const FlowResult result = runFlow(Side::kBuy, ledger, false, bus);
        QVERIFY(result.directive.has_value());
        QCOMPARE(directives, 1);
        QCOMPARE(result.directive->legs.size(), std::size_t(1));
        QCOMPARE(result.directive->legs[0].qty, Quantity::fromInt(2));
        QCOMPARE(result.directive->decisionPrice, Price::fromInt(50));
        QCOMPARE(result.directive->causality.origin.id, std::string("CDL_TEST"));
        QCOMPARE(result.directive->causality.signalIds, std::vector<std::string>{"SIG_1"});
        QCOMPARE(result.directive->causality.planIds.size(), std::size_t(3));
        QVERIFY(!result.directive->causality.directiveId.empty());
        QVERIFY(result.context.contains(QStringLiteral("signals")));
        QVERIFY(result.context.contains(QStringLiteral("directive")));
    }

    void reversesWhenShortingIsAllowed() {
        FakeLedger ledger;
        ledger.qty = Quantity::fromInt(2);
        EventBus bus;
        const FlowResult result = runFlow(Side::kSell, ledger, true, bus);
        QVERIFY(result.directive.has_value());
        QCOMPARE(result.directive->legs.size(), std::size_t(2));
        QVERIFY(result.directive->legs[0].closesPosition);
        QCOMPARE(result.directive->legs[0].side, Side::kSell);
        QVERIFY(!result.directive->legs[1].closesPosition);
    }

    void journalsDecisionsNotToTrade() {
        FakeLedger ledger;
        EventBus bus;
        const FlowResult result = runFlow(Side::kSell, ledger, false, bus);
        QVERIFY(!result.directive.has_value());
        QVERIFY(result.rejected.has_value());
        QCOMPARE(result.rejected->reason,
                 std::string("flat and short selling is not allowed (allow_short=false)"));
        QCOMPARE(result.rejected->causality.signalIds, std::vector<std::string>{"SIG_1"});
        QCOMPARE(result.context[QStringLiteral("rejection")]
                     .toObject()[QStringLiteral("reason")]
                     .toString(),
                 QStringLiteral("flat and short selling is not allowed (allow_short=false)"));

        ledger.working = 1;
        const FlowResult pending = runFlow(Side::kBuy, ledger, false, bus);
        QCOMPARE(pending.rejected->reason,
                 std::string("an order of this strategy is still working"));
    }
};

QTEST_APPLESS_MAIN(TestStrategyFlow)
#include "test_strategy_flow.moc"
