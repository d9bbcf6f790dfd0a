#include <QTest>

#include <QJsonArray>

#include <optional>

#include "engine/indicators/indicator_node.h"
#include "engine/strategy/breakout.h"
#include "engine/strategy/planners.h"
#include "engine/strategy/regime.h"
#include "engine/strategy/risk_monitors.h"
#include "engine/strategy/strategy_pipeline.h"
#include "engine/strategy/worker_factory.h"

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
    Money cash = Money::fromInt(100'000);
    std::vector<Money> pnls;
    Quantity position(const std::string&, Symbol) const override { return qty; }
    int openOrders(const std::string&, Symbol) const override { return working; }
    Money equity() const override { return cash; }
    const std::vector<Money>& closedTradePnls() const override { return pnls; }
};

// Publishes one opportunity in the given direction.
class FixedSignal final : public Worker {
public:
    explicit FixedSignal(Side side, SignalIntent intent = SignalIntent::kEnter,
                         Evidence evidence = {})
        : m_side(side), m_intent(intent), m_evidence(std::move(evidence)) {}
    std::string name() const override { return "fixed_signal"; }
    WorkerRole role() const override { return WorkerRole::kOpportunity; }
    DispositionEnvelope process(StrategyCache&, const FlowContext& flow) override {
        OpportunitySignal signal;
        signal.id = "SIG_1";
        signal.ts = flow.origin.ts;
        signal.symbol = flow.symbol;
        signal.signalType = "test";
        signal.direction = m_side;
        signal.intent = m_intent;
        signal.evidence = m_evidence;
        return DispositionEnvelope::publish("OPPORTUNITY_DETECTED", signal);
    }

private:
    Side m_side;
    SignalIntent m_intent;
    Evidence m_evidence;
};

// Publishes one threat.
class FixedThreat final : public Worker {
public:
    explicit FixedThreat(bool blocking) : m_blocking(blocking) {}
    std::string name() const override { return "fixed_threat"; }
    WorkerRole role() const override { return WorkerRole::kThreat; }
    DispositionEnvelope process(StrategyCache&, const FlowContext& flow) override {
        ThreatSignal threat;
        threat.id = "RSK_1";
        threat.ts = flow.origin.ts;
        threat.symbol = flow.symbol;
        threat.threatType = "test_threat";
        threat.severity = 2.0;
        threat.blocking = m_blocking;
        return DispositionEnvelope::publish("THREAT_DETECTED", threat);
    }

private:
    bool m_blocking;
};

// Counts its flows in the state store.
class Counter final : public Worker {
public:
    std::string name() const override { return "counter"; }
    WorkerRole role() const override { return WorkerRole::kContext; }
    DispositionEnvelope process(StrategyCache&, const FlowContext& flow) override {
        return withStoredState(*this, flow);
    }

    struct State {
        int n = 0;
    };
    static State load(const QJsonObject& json) { return {json[QStringLiteral("n")].toInt()}; }
    static QJsonObject save(const State& state) { return {{QStringLiteral("n"), state.n}}; }
    DispositionEnvelope decide(State& state, const FlowContext&) {
        ++state.n;
        return DispositionEnvelope::next();
    }
};

}  // namespace

class TestStrategyFlow final : public QObject {
    Q_OBJECT

private:
    // Runs `workers` for one flow on a bar closing at 50.
    FlowResult runWorkers(std::vector<std::unique_ptr<Worker>> workers, FakeLedger& ledger,
                          EventBus& bus) {
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

    // signal -> exposure monitor -> planning, sized by `sizer`.
    FlowResult runWithLimits(Side side, FakeLedger& ledger, ExposureMonitor::Limits limits,
                             std::unique_ptr<Worker> sizePlanner) {
        EventBus bus;
        std::vector<std::unique_ptr<Worker>> workers;
        workers.push_back(std::make_unique<FixedSignal>(side));
        workers.push_back(std::make_unique<ExposureMonitor>(limits));
        workers.push_back(std::make_unique<SignalFollowingPlanner>(limits.allowShort));
        workers.push_back(std::make_unique<MarketEntryPlanner>());
        workers.push_back(std::move(sizePlanner));
        workers.push_back(std::make_unique<SignalExitPlanner>("test"));
        workers.push_back(std::make_unique<ExecutionPlanner>());
        return runWorkers(std::move(workers), ledger, bus);
    }

    FlowResult runFlow(Side side, FakeLedger& ledger, bool allowShort, EventBus& bus,
                       SignalIntent intent = SignalIntent::kEnter,
                       std::optional<bool> threat = std::nullopt,
                       std::unique_ptr<Worker> sizer = nullptr, Evidence evidence = {}) {
        std::vector<std::unique_ptr<Worker>> workers;
        workers.push_back(std::make_unique<FixedSignal>(side, intent, std::move(evidence)));
        if (threat) {
            workers.push_back(std::make_unique<FixedThreat>(*threat));
        }
        workers.push_back(std::make_unique<SignalFollowingPlanner>(allowShort));
        workers.push_back(std::make_unique<MarketEntryPlanner>());
        workers.push_back(sizer ? std::move(sizer)
                                : std::make_unique<FixedSizePlanner>(Quantity::fromInt(2)));
        workers.push_back(std::make_unique<SignalExitPlanner>(
            "exit on the opposite signal or at the end of data; no stop"));
        workers.push_back(std::make_unique<ExecutionPlanner>());
        return runWorkers(std::move(workers), ledger, bus);
    }

    Candle m_bar;
    IdGenerator m_ids{"test"};
    std::unique_ptr<Graph> m_graph;

    // An ATR(2) node holding 2.5: bars with ranges 2 and 3 (TA-Lib's first
    // ATR is the mean true range of its first `period` bars after the first).
    const IndicatorNode& atrOfTwoAndAHalf() {
        m_graph = std::make_unique<Graph>();
        auto& bars = m_graph->emplace<CandleNode>("bars");
        auto& atr = m_graph->emplace<IndicatorNode>("bars.atr_2", "bars", "atr:2");
        m_graph->finalize();
        const int ranges[] = {1, 2, 3};
        for (int day = 0; day < 3; ++day) {
            Candle bar;
            bar.ts = Timestamp{day} * kNanosPerDay;
            bar.open = bar.close = bar.low = Price::fromInt(50);
            bar.high = Price::fromInt(50 + ranges[day]);
            bars.set(bar);
            m_graph->propagate(bars);
        }
        return atr;
    }

    std::unique_ptr<Worker> sizer(SizingPlanner::Method method, const IndicatorNode& atr) {
        SizingPlanner::Settings settings;
        settings.method = method;
        settings.lot = Quantity::fromInt(1);
        settings.riskPct = 1.0;
        settings.kellyCap = 0.25;
        settings.volPct = 1.0;
        return std::make_unique<SizingPlanner>(settings, atr);
    }

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

    void aBlockingRiskVetoesNewExposureOnly() {
        EventBus bus;
        FakeLedger flat;
        const FlowResult blocked =
            runFlow(Side::kBuy, flat, false, bus, SignalIntent::kEnter, true);
        QVERIFY(!blocked.directive);
        QVERIFY(blocked.rejected.has_value());
        QCOMPARE(blocked.rejected->reason, std::string("blocked by risk: test_threat"));
        QCOMPARE(blocked.rejected->causality.riskIds, std::vector<std::string>{"RSK_1"});
        QCOMPARE(blocked.context[QStringLiteral("risks")].toArray().size(), 1);

        // a short position is still closed, not reversed
        FakeLedger shortPosition;
        shortPosition.qty = Quantity::fromInt(-2);
        const FlowResult closed =
            runFlow(Side::kBuy, shortPosition, true, bus, SignalIntent::kEnter, true);
        QVERIFY(closed.directive.has_value());
        QCOMPARE(closed.directive->legs.size(), std::size_t(1));
        QVERIFY(closed.directive->legs[0].closesPosition);
        QCOMPARE(closed.directive->causality.riskIds, std::vector<std::string>{"RSK_1"});

        // a risk that does not block is recorded in the chain only
        const FlowResult noted = runFlow(Side::kBuy, flat, false, bus, SignalIntent::kEnter, false);
        QVERIFY(noted.directive.has_value());
        QCOMPARE(noted.directive->causality.riskIds, std::vector<std::string>{"RSK_1"});
    }

    void anExitSignalOnlyCloses() {
        EventBus bus;
        FakeLedger longPosition;
        longPosition.qty = Quantity::fromInt(2);
        const FlowResult exit = runFlow(Side::kSell, longPosition, true, bus, SignalIntent::kExit);
        QVERIFY(exit.directive.has_value());
        QCOMPARE(exit.directive->legs.size(), std::size_t(1));  // no reversal
        QVERIFY(exit.directive->legs[0].closesPosition);
        QCOMPARE(exit.directive->legs[0].side, Side::kSell);

        FakeLedger flat;
        const FlowResult nothing = runFlow(Side::kSell, flat, true, bus, SignalIntent::kExit);
        QVERIFY(!nothing.directive);
        QCOMPARE(nothing.rejected->reason, std::string("exit signal while flat"));
    }

    void classifiesTheRegime() {
        const RegimeContextWorker::Thresholds t;
        QCOMPARE(RegimeContextWorker::classify(std::nullopt, 1.0, t), std::string("unknown"));
        QCOMPARE(RegimeContextWorker::classify(30.0, std::nullopt, t), std::string("unknown"));
        QCOMPARE(RegimeContextWorker::classify(30.0, 4.0, t), std::string("volatile"));
        QCOMPARE(RegimeContextWorker::classify(25.0, 3.9, t), std::string("trending"));
        QCOMPARE(RegimeContextWorker::classify(24.9, 1.0, t), std::string("ranging"));
    }

    void announcesRegimeChangesAndFlagsVolatilitySpikes() {
        Graph graph;
        auto& candles = graph.emplace<CandleNode>("bars");
        auto& adx = graph.emplace<IndicatorNode>("bars.adx_2", "bars", "adx:2");
        auto& natr = graph.emplace<IndicatorNode>("bars.natr_2", "bars", "natr:2");
        auto& range = graph.emplace<IndicatorNode>("bars.atr_1", "bars", "atr:1");
        auto& atr = graph.emplace<IndicatorNode>("bars.atr_2", "bars", "atr:2");
        graph.finalize();
        EventBus bus;
        RegimeContextWorker regime(adx, natr, bus, RegimeContextWorker::Thresholds{25.0, 4.0});
        VolatilitySpikeMonitor spikes(range, atr, 3.0);
        FakeLedger ledger;
        std::vector<std::string> regimes;
        int threats = 0;
        // a steady climb of 1 a day with a range of 1, then one bar whose
        // range is 10: the trend shows as "trending", the shock as
        // "volatile" and as a blocking volatility spike
        for (int day = 0; day < 12; ++day) {
            Candle bar;
            bar.symbol = Symbol("TEST");
            bar.ts = Timestamp{day} * kNanosPerDay;
            const int base = 100 + day;
            const int range10 = day == 11 ? 10 : 1;
            bar.open = Price::fromInt(base);
            bar.close = Price::fromInt(base + (day == 11 ? 9 : 1));
            bar.low = Price::fromInt(base);
            bar.high = Price::fromInt(base + range10);
            candles.set(bar);
            graph.propagate(candles);
            FlowContext flow;
            flow.origin = Origin{OriginType::kCandle, "CDL", bar.ts};
            flow.symbol = bar.symbol;
            flow.bar = &bar;
            flow.strategy = "test";
            flow.ledger = &ledger;
            flow.ids = &m_ids;
            StrategyCache cache;
            cache.startFlow(bar.ts);
            regime.process(cache, flow);
            regimes.push_back(cache.get<RegimeContext>().regime);
            const DispositionEnvelope threat = spikes.process(cache, flow);
            if (threat.disposition == Disposition::kPublish) {
                ++threats;
                const auto& signal = std::get<ThreatSignal>(threat.payload);
                QCOMPARE(signal.threatType, std::string("volatility_spike"));
                QVERIFY(signal.blocking);
                QCOMPARE(day, 11);
            }
            cache.clear();
        }
        QCOMPARE(regimes.front(), std::string("unknown"));
        QCOMPARE(regimes[10], std::string("trending"));
        QCOMPARE(regimes.back(), std::string("volatile"));
        QCOMPARE(threats, 1);
        std::vector<std::string> changes;
        for (const auto& published : bus.history<RegimeChanged>()) {
            changes.push_back(published.event.from + "->" + published.event.to);
        }
        QCOMPARE(changes, (std::vector<std::string>{"unknown->trending", "trending->volatile"}));
    }

    void sizesByRiskKellyAndVolatility() {
        const IndicatorNode& atr = atrOfTwoAndAHalf();
        QCOMPARE(*atr.value(), 2.5);
        EventBus bus;
        FakeLedger flat;  // equity 100000, close 50

        // risk: 1% of 100000 over the signal's own stop 4 below the close
        const FlowResult risk =
            runFlow(Side::kBuy, flat, false, bus, SignalIntent::kEnter, std::nullopt,
                    sizer(SizingPlanner::Method::kRisk, atr), Evidence{{"stop", 46.0}});
        QCOMPARE(risk.directive->legs[0].qty, Quantity::fromInt(250));
        // without a stop of its own: 2 ATR = 5 -> 1000 / 5
        const FlowResult proxy = runFlow(Side::kBuy, flat, false, bus, SignalIntent::kEnter,
                                         std::nullopt, sizer(SizingPlanner::Method::kRisk, atr));
        QCOMPARE(proxy.directive->legs[0].qty, Quantity::fromInt(200));

        // volatility target: 1% of equity per ATR -> 1000 / 2.5
        const FlowResult vol =
            runFlow(Side::kBuy, flat, false, bus, SignalIntent::kEnter, std::nullopt,
                    sizer(SizingPlanner::Method::kVolatilityTarget, atr));
        QCOMPARE(vol.directive->legs[0].qty, Quantity::fromInt(400));

        // kelly: fixed lot until 10 trades have closed
        const FlowResult early = runFlow(Side::kBuy, flat, false, bus, SignalIntent::kEnter,
                                         std::nullopt, sizer(SizingPlanner::Method::kKelly, atr));
        QCOMPARE(early.directive->legs[0].qty, Quantity::fromInt(1));
        // 6 wins of 30, 4 losses of 10: W = 0.6, R = 3, f = 0.6 - 0.4/3 = 0.4667,
        // capped at 0.25 -> 25000 / 50 = 500
        FakeLedger seasoned;
        for (int i = 0; i < 6; ++i) {
            seasoned.pnls.push_back(Money::fromInt(30));
        }
        for (int i = 0; i < 4; ++i) {
            seasoned.pnls.push_back(Money::fromInt(-10));
        }
        const FlowResult kelly = runFlow(Side::kBuy, seasoned, false, bus, SignalIntent::kEnter,
                                         std::nullopt, sizer(SizingPlanner::Method::kKelly, atr));
        QCOMPARE(kelly.directive->legs[0].qty, Quantity::fromInt(500));
        // 3 wins of 10, 7 losses of 10: f = 0.3 - 0.7 < 0 -> no trade
        FakeLedger losing;
        for (int i = 0; i < 10; ++i) {
            losing.pnls.push_back(Money::fromInt(i < 3 ? 10 : -10));
        }
        const FlowResult none = runFlow(Side::kBuy, losing, false, bus, SignalIntent::kEnter,
                                        std::nullopt, sizer(SizingPlanner::Method::kKelly, atr));
        QVERIFY(!none.directive);
        QCOMPARE(none.rejected->reason,
                 std::string("Kelly fraction is not positive: no edge so far"));

        // a size below one lot is a decision not to trade
        FakeLedger poor;
        poor.cash = Money::fromInt(100);
        const FlowResult tiny = runFlow(Side::kBuy, poor, false, bus, SignalIntent::kEnter,
                                        std::nullopt, sizer(SizingPlanner::Method::kRisk, atr));
        QVERIFY(!tiny.directive);
        QCOMPARE(tiny.rejected->reason,
                 std::string("risk 1% to the stop: the size rounds to zero lots"));
    }

    // The breakout's stop and target live in the state store, so a detector
    // built anew (an executor restarted after a failure) exits where the
    // old one would have; with an empty store it cannot.
    void workerStateSurvivesARestart() {
        Graph graph;
        auto& bars = graph.emplace<CandleNode>("bars");
        auto& channel = graph.emplace<IndicatorNode>("bars.donchian_3", "bars", "donchian:3");
        auto& atr = graph.emplace<IndicatorNode>("bars.atr_1", "bars", "atr:1");
        graph.finalize();
        const char* rows[][4] = {{"10", "11", "9", "10"},  {"10", "11", "9", "10"},
                                 {"10", "11", "9", "10"},  {"10", "13", "10", "12.5"},
                                 {"13", "14", "12", "13"}, {"13", "19", "13", "18"}};
        FakeLedger ledger;
        StateStore kept;
        StateStore empty;
        auto before = std::make_unique<BreakoutDetector>(channel, atr, 1.0, 2.0);
        BreakoutDetector restarted(channel, atr, 1.0, 2.0);
        BreakoutDetector amnesiac(channel, atr, 1.0, 2.0);
        std::vector<std::string> seen;
        for (int day = 0; day < 6; ++day) {
            Candle bar;
            bar.symbol = Symbol("TEST");
            bar.ts = Timestamp{day} * kNanosPerDay;
            bar.open = *Price::parse(rows[day][0]);
            bar.high = *Price::parse(rows[day][1]);
            bar.low = *Price::parse(rows[day][2]);
            bar.close = *Price::parse(rows[day][3]);
            bars.set(bar);
            graph.propagate(bars);
            if (day == 4) {
                ledger.qty = Quantity::fromInt(1);  // the entry filled at this open
                before.reset();                     // the executor failed
            }
            FlowContext flow;
            flow.origin = Origin{OriginType::kCandle, "CDL", bar.ts};
            flow.symbol = bar.symbol;
            flow.bar = &bar;
            flow.strategy = "test";
            flow.ledger = &ledger;
            flow.ids = &m_ids;
            StrategyCache cache;
            cache.startFlow(bar.ts);
            Worker& worker = before ? static_cast<Worker&>(*before) : restarted;
            flow.state = &kept;
            flow.stateKey = "test/breakout_detector";
            const DispositionEnvelope envelope = worker.process(cache, flow);
            if (envelope.disposition == Disposition::kPublish) {
                seen.push_back(std::get<OpportunitySignal>(envelope.payload).signalType);
            }
            if (!before) {
                flow.state = &empty;
                QCOMPARE(amnesiac.process(cache, flow).disposition, Disposition::kContinue);
            }
            cache.clear();
        }
        QCOMPARE(seen, (std::vector<std::string>{"breakout_up", "breakout_target"}));
        // the levels stay until the position is flat (the exit fills at the next open)
        QCOMPARE(kept.size(), std::size_t{1});
        QVERIFY(kept.get("test/breakout_detector").contains(QStringLiteral("active")));
        QCOMPARE(empty.size(), std::size_t{0});
    }

    // A worker's state lives under its strategy (strategy scope) or under
    // "global" (global scope, shared by every strategy on the store).
    void stateIsKeptPerScope() {
        StateStore store;
        EventBus bus;
        FakeLedger ledger;
        const auto runCounter = [&](const std::string& strategy, const std::string& scope) {
            std::vector<std::unique_ptr<Worker>> workers;
            workers.push_back(std::make_unique<Counter>());
            StrategyPipeline pipeline(strategy, std::move(workers), bus,
                                      {StrategyPipeline::Providers{false, true, scope}});
            Candle bar;
            bar.ts = 1;
            FlowContext flow;
            flow.origin = Origin{OriginType::kCandle, "CDL", 1};
            flow.bar = &bar;
            flow.strategy = strategy;
            flow.ledger = &ledger;
            flow.state = &store;
            flow.ids = &m_ids;
            StrategyCache cache;
            pipeline.run(flow, cache);
        };
        runCounter("alpha", "strategy");
        runCounter("alpha", "strategy");
        runCounter("beta", "strategy");
        runCounter("alpha", "global");
        runCounter("beta", "global");
        QCOMPARE(store.get("alpha/counter")[QStringLiteral("n")].toInt(), 2);
        QCOMPARE(store.get("beta/counter")[QStringLiteral("n")].toInt(), 1);
        QCOMPARE(store.get("global/counter")[QStringLiteral("n")].toInt(), 2);
        QCOMPARE(store.size(), std::size_t{3});
        QCOMPARE(StateStore::key("global", "alpha", "w"), std::string("global/w"));
        QCOMPARE(StateStore::key("strategy", "alpha", "w"), std::string("alpha/w"));
    }

    void handsWorkersOnlyTheProvidersTheyDeclare() {
        const auto providers = WorkerFactory::providers({bundledManifest("ema_cross_detector"),
                                                         bundledManifest("breakout_detector"),
                                                         bundledManifest("execution_planner")});
        QVERIFY(!providers[0].ledger && !providers[0].state);
        QVERIFY(providers[1].ledger && providers[1].state);
        QCOMPARE(providers[1].stateScope, std::string("strategy"));
        QVERIFY(providers[2].ledger && !providers[2].state);
        const auto global = WorkerFactory::providers({WorkerManifest::parse(
            "worker: memory\nrole: context\ncapabilities: [{state_persistence: global}]\n",
            "memory.yaml")});
        QCOMPARE(global[0].stateScope, std::string("global"));
    }

    void exposureMonitorCapsTheSize() {
        FakeLedger flat;  // equity 100000, close 50
        ExposureMonitor::Limits limits;
        limits.maxPosition = Quantity::fromInt(5);
        const auto fixed = [](int qty) {
            return std::make_unique<FixedSizePlanner>(Quantity::fromInt(qty));
        };

        const FlowResult small = runWithLimits(Side::kBuy, flat, limits, fixed(2));
        QCOMPARE(small.directive->legs[0].qty, Quantity::fromInt(2));
        QCOMPARE(small.directive->causality.riskIds.size(), std::size_t{1});
        const QJsonObject risk = small.context[QStringLiteral("risks")].toArray()[0].toObject();
        QCOMPARE(risk[QStringLiteral("type")].toString(), QStringLiteral("exposure_limit"));
        QCOMPARE(risk[QStringLiteral("size_cap")].toDouble(), 5.0);
        QCOMPARE(risk[QStringLiteral("blocking")].toBool(), false);

        // a fixed size above the cap is all or nothing: a journaled decision
        const FlowResult large = runWithLimits(Side::kBuy, flat, limits, fixed(10));
        QVERIFY(!large.directive);
        QCOMPARE(large.rejected->reason,
                 std::string("fixed size 10 exceeds the size cap of 5 set by exposure_limit"));
        QCOMPARE(large.rejected->causality.riskIds.size(), std::size_t{1});
        QVERIFY(large.rejected->causality.directiveId.starts_with("DIR_"));

        // sized by risk: 1000 / (2 x ATR 2.5) = 200, capped at 5
        const IndicatorNode& atr = atrOfTwoAndAHalf();
        const FlowResult sized =
            runWithLimits(Side::kBuy, flat, limits, sizer(SizingPlanner::Method::kRisk, atr));
        QCOMPARE(sized.directive->legs[0].qty, Quantity::fromInt(5));
        QCOMPARE(sized.context[QStringLiteral("plans")]
                     .toObject()[QStringLiteral("size")]
                     .toObject()[QStringLiteral("method")]
                     .toString(),
                 QStringLiteral("risk 1% to the stop, capped at 5 by exposure_limit"));

        // 30% of equity at 50: 600 units
        ExposureMonitor::Limits byValue;
        byValue.maxExposurePct = Quantity::fromInt(30);
        const FlowResult value = runWithLimits(
            Side::kBuy, flat, byValue, sizer(SizingPlanner::Method::kVolatilityTarget, atr));
        QCOMPARE(value.directive->legs[0].qty, Quantity::fromInt(400));  // 1000 / 2.5 fits
        byValue.maxExposurePct = Quantity::fromInt(10);                  // 200 units
        const FlowResult tight = runWithLimits(
            Side::kBuy, flat, byValue, sizer(SizingPlanner::Method::kVolatilityTarget, atr));
        QCOMPARE(tight.directive->legs[0].qty, Quantity::fromInt(200));

        // no equity left: no room at all, the entry is blocked
        FakeLedger broke;
        broke.cash = Money();
        const FlowResult blocked = runWithLimits(Side::kBuy, broke, byValue, fixed(1));
        QVERIFY(!blocked.directive);
        QCOMPARE(blocked.rejected->reason, std::string("blocked by risk: exposure_limit"));

        // nothing to assess: a short that may not be opened, a position already held
        QVERIFY(runWithLimits(Side::kSell, flat, limits, fixed(1))
                    .context[QStringLiteral("risks")]
                    .toArray()
                    .isEmpty());
        FakeLedger held;
        held.qty = Quantity::fromInt(1);
        QVERIFY(runWithLimits(Side::kBuy, held, limits, fixed(1))
                    .context[QStringLiteral("risks")]
                    .toArray()
                    .isEmpty());
        // a reversal starts the new position from zero
        limits.allowShort = true;
        const FlowResult reversal = runWithLimits(Side::kSell, held, limits, fixed(3));
        QCOMPARE(reversal.directive->legs.size(), std::size_t{2});
        QCOMPARE(reversal.directive->legs[1].qty, Quantity::fromInt(3));
    }

    void exposureIsWhatEquityBuys() {
        QCOMPARE(ExposureMonitor::affordable(Money::fromInt(100'000), Quantity::fromInt(100),
                                             Price::fromInt(3)),
                 *Quantity::parse("33333.33333333"));
        QCOMPARE(ExposureMonitor::affordable(Money::fromInt(1000), *Quantity::parse("12.5"),
                                             Price::fromInt(25)),
                 Quantity::fromInt(5));
        QCOMPARE(ExposureMonitor::affordable(Money::fromInt(-1), Quantity::fromInt(100),
                                             Price::fromInt(3)),
                 Quantity());
    }

    // The entry planner and the ExecutionPlanner choose how a directive is
    // executed: market, limit at the mid moved to the passive side, TWAP.
    void plansTheExecutionAlgorithm() {
        const auto plan = [&](Side side, FakeLedger& ledger, std::unique_ptr<Worker> entry,
                              int twapSlices, Quantity qty,
                              SignalIntent intent = SignalIntent::kEnter) {
            EventBus bus;
            std::vector<std::unique_ptr<Worker>> workers;
            workers.push_back(std::make_unique<FixedSignal>(side, intent));
            workers.push_back(std::make_unique<SignalFollowingPlanner>(true));
            workers.push_back(std::move(entry));
            workers.push_back(std::make_unique<FixedSizePlanner>(qty));
            workers.push_back(std::make_unique<SignalExitPlanner>("test"));
            workers.push_back(std::make_unique<ExecutionPlanner>(twapSlices));
            return runWorkers(std::move(workers), ledger, bus);
        };
        const auto limit = [] {
            return std::make_unique<LimitEntryPlanner>(Price::fromInt(100), 2);
        };
        FakeLedger flat;
        // buy 1% below the mid (the close, 50), sell 1% above
        const FlowResult buy = plan(Side::kBuy, flat, limit(), 1, Quantity::fromInt(1));
        QCOMPARE(buy.directive->algorithm, ExecutionAlgorithm::kLimit);
        QCOMPARE(buy.directive->legs[0].algorithm, ExecutionAlgorithm::kLimit);
        QCOMPARE(*buy.directive->legs[0].limitPrice, *Price::parse("49.5"));
        QCOMPARE(buy.directive->legs[0].validBars, 2);
        const QJsonObject entry =
            buy.context[QStringLiteral("plans")].toObject()[QStringLiteral("entry")].toObject();
        QCOMPARE(entry[QStringLiteral("order_type")].toString(), QStringLiteral("limit"));
        QCOMPARE(entry[QStringLiteral("limit_price")].toDouble(), 49.5);
        QCOMPARE(entry[QStringLiteral("mid")].toDouble(), 50.0);
        QCOMPARE(buy.context[QStringLiteral("execution")]
                     .toObject()[QStringLiteral("algorithm")]
                     .toString(),
                 QStringLiteral("limit"));
        const FlowResult sell = plan(Side::kSell, flat, limit(), 1, Quantity::fromInt(1));
        QCOMPARE(*sell.directive->legs[0].limitPrice, *Price::parse("50.5"));

        // a reversal: the close at the market, the new position by limit
        FakeLedger held;
        held.qty = Quantity::fromInt(2);
        const FlowResult reverse = plan(Side::kSell, held, limit(), 1, Quantity::fromInt(1));
        QCOMPARE(reverse.directive->legs.size(), std::size_t{2});
        QCOMPARE(reverse.directive->legs[0].algorithm, ExecutionAlgorithm::kMarket);
        QVERIFY(!reverse.directive->legs[0].limitPrice);
        QCOMPARE(reverse.directive->legs[1].algorithm, ExecutionAlgorithm::kLimit);
        // an exit alone is planned at the market
        const FlowResult exit =
            plan(Side::kSell, held, limit(), 1, Quantity::fromInt(1), SignalIntent::kExit);
        QCOMPARE(exit.directive->algorithm, ExecutionAlgorithm::kMarket);
        QCOMPARE(exit.context[QStringLiteral("plans")]
                     .toObject()[QStringLiteral("entry")]
                     .toObject()[QStringLiteral("order_type")]
                     .toString(),
                 QStringLiteral("market"));

        // TWAP: 2 in three slices; the close leg of a reversal stays market
        const FlowResult twap =
            plan(Side::kBuy, flat, std::make_unique<MarketEntryPlanner>(), 3, Quantity::fromInt(2));
        QCOMPARE(twap.directive->algorithm, ExecutionAlgorithm::kTwap);
        QCOMPARE(
            twap.directive->legs[0].slices,
            (std::vector<Quantity>{*Quantity::parse("0.66666666"), *Quantity::parse("0.66666667"),
                                   *Quantity::parse("0.66666667")}));
        const FlowResult twapReverse = plan(
            Side::kSell, held, std::make_unique<MarketEntryPlanner>(), 3, Quantity::fromInt(3));
        QCOMPARE(twapReverse.directive->legs[0].algorithm, ExecutionAlgorithm::kMarket);
        QCOMPARE(twapReverse.directive->legs[1].slices.size(), std::size_t{3});
        // a quantity of one smallest unit cannot be sliced: market
        const FlowResult unit =
            plan(Side::kBuy, flat, std::make_unique<MarketEntryPlanner>(), 3, Quantity::fromRaw(1));
        QCOMPARE(unit.directive->algorithm, ExecutionAlgorithm::kMarket);
        QVERIFY(unit.directive->legs[0].slices.empty());
        QCOMPARE(ExecutionPlanner::slices(Quantity::fromRaw(2), 4),
                 (std::vector<Quantity>{Quantity::fromRaw(1), Quantity::fromRaw(1)}));
        QCOMPARE(ExecutionPlanner::slices(Quantity::fromInt(8), 4),
                 (std::vector<Quantity>(4, Quantity::fromInt(2))));
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
