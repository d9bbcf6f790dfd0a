#include <QTest>

#include "engine/bus/event_bus.h"
#include "engine/dag/graph.h"
#include "engine/strategy/disposition.h"
#include "engine/strategy/strategy_registry.h"
#include "engine/strategy/worker_factory.h"

using namespace causeway::engine;

namespace {

WorkerManifest manifest(const char* yaml) {
    return WorkerManifest::parse(yaml, "test.yaml");
}

QString errorOf(const std::vector<WorkerManifest>& pipeline,
                const CapabilityGrant& grant = CapabilityGrant::forBarData()) {
    try {
        WorkerFactory::validate("s", pipeline, grant);
    } catch (const StrategyError& error) {
        return QString::fromStdString(error.what());
    }
    return {};
}

}  // namespace

// Worker manifests and the pipeline checks made before a strategy runs.
class TestWorkerFactory final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesAManifest() {
        const WorkerManifest m = manifest(
            "worker: w\nrole: opportunity\nrequires:\n  - {dto: A, version: 2}\n"
            "  - {dto: T, optional: true}\nproduces:\n  - {dto: B}\n"
            "capabilities: [ohlcv_window, {state_persistence: strategy}]\n");
        QCOMPARE(m.worker, std::string("w"));
        QCOMPARE(m.required.size(), std::size_t{2});
        QCOMPARE(m.required[0].version, 2);
        QVERIFY(m.required[1].optional);
        QCOMPARE(m.produced[0].version, 1);
        QCOMPARE(m.capabilities[1].scope, std::string("strategy"));
    }

    void refusesMalformedManifests_data() {
        QTest::addColumn<QString>("yaml");
        QTest::addColumn<QString>("error");
        QTest::newRow("unknown role")
            << QStringLiteral("worker: w\nrole: oracle\n")
            << QStringLiteral(
                   "manifest test.yaml: unknown role 'oracle' (valid: context, "
                   "opportunity, threat, strategy_planner, entry_planner, "
                   "size_planner, exit_planner, execution_planner)");
        QTest::newRow("unknown capability")
            << QStringLiteral("worker: w\nrole: context\ncapabilities: [telepathy]\n")
            << QStringLiteral(
                   "manifest test.yaml: unknown capability 'telepathy' (valid: "
                   "ohlcv_window, multi_timeframe, state_persistence, market_depth, "
                   "ledger_state, journaling)");
        QTest::newRow("state without scope")
            << QStringLiteral("worker: w\nrole: context\ncapabilities: [state_persistence]\n")
            << QStringLiteral(
                   "manifest test.yaml: state_persistence needs a scope: strategy or global");
        QTest::newRow("bad version")
            << QStringLiteral("worker: w\nrole: context\nproduces:\n  - {dto: A, version: 0}\n")
            << QStringLiteral("manifest test.yaml: produces: version of A must be at least 1");
        QTest::newRow("typo") << QStringLiteral("worker: w\nrole: context\nproduce: []\n")
                              << QStringLiteral("manifest test.yaml: unknown key 'produce'");
        QTest::newRow("no role") << QStringLiteral("worker: w\n")
                                 << QStringLiteral(
                                        "manifest test.yaml: 'worker' and 'role' are required");
    }
    void refusesMalformedManifests() {
        QFETCH(QString, yaml);
        QFETCH(QString, error);
        try {
            WorkerManifest::parse(yaml.toStdString(), "test.yaml");
            QFAIL("accepted");
        } catch (const StrategyError& e) {
            QCOMPARE(QString::fromStdString(e.what()), error);
        }
    }

    void namesAMissingProducer() {
        QCOMPARE(errorOf({manifest("worker: planner\nrole: strategy_planner\nrequires:\n"
                                   "  - {dto: OpportunitySignal, version: 1}\n")}),
                 QStringLiteral("strategy 's': worker 'planner' requires DTO 'OpportunitySignal' "
                                "v1, which no worker produces"));
        // an optional requirement may go unmet
        QCOMPARE(errorOf({manifest("worker: planner\nrole: strategy_planner\nrequires:\n"
                                   "  - {dto: ThreatSignal, optional: true}\n")}),
                 QString());
    }

    void namesAVersionMismatch() {
        QCOMPARE(errorOf({manifest("worker: ctx\nrole: context\nproduces:\n"
                                   "  - {dto: EmaPairContext, version: 2}\n"),
                          manifest("worker: detector\nrole: opportunity\nrequires:\n"
                                   "  - {dto: EmaPairContext, version: 1}\n")}),
                 QStringLiteral("strategy 's': worker 'detector' requires DTO 'EmaPairContext' "
                                "v1 but worker 'ctx' produces v2"));
    }

    void namesACycle() {
        QCOMPARE(errorOf({manifest("worker: a\nrole: context\nrequires: [{dto: B}]\n"
                                   "produces: [{dto: A}]\n"),
                          manifest("worker: b\nrole: context\nrequires: [{dto: A}]\n"
                                   "produces: [{dto: B}]\n")}),
                 QStringLiteral("strategy 's': cycle of requirements: a -> b -> a (via B, A)"));
    }

    void namesAProducerWiredTooLate() {
        QCOMPARE(errorOf({manifest("worker: detector\nrole: opportunity\nrequires: [{dto: C}]\n"),
                          manifest("worker: ctx\nrole: context\nproduces: [{dto: C}]\n")}),
                 QStringLiteral("strategy 's': worker 'detector' requires DTO 'C', which only "
                                "the later worker 'ctx' produces"));
    }

    void namesACapabilityNotGranted() {
        QCOMPARE(errorOf({manifest("worker: book\nrole: context\n"
                                   "capabilities: [market_depth]\n")}),
                 QStringLiteral("strategy 's': worker 'book' needs capability 'market_depth', "
                                "which the strategy does not grant"));
        QCOMPARE(errorOf({manifest("worker: memory\nrole: context\n"
                                   "capabilities: [{state_persistence: global}]\n")}),
                 QStringLiteral("strategy 's': worker 'memory' needs capability "
                                "'state_persistence' with scope 'global', which the strategy "
                                "does not grant"));
    }

    void everyBundledManifestParsesAndEveryStrategyValidates() {
        QVERIFY(bundledManifestTexts().size() >= 16);
        for (const auto& [name, text] : bundledManifestTexts()) {
            QCOMPARE(bundledManifest(std::string(name)).worker, std::string(name));
        }
        QVERIFY_THROWS_EXCEPTION(StrategyError, bundledManifest("nobody"));
        for (const StrategySpec& spec : StrategyRegistry::builtins()) {
            Graph graph;
            EventBus bus;
            const auto& candles = graph.emplace<CandleNode>("candles");
            const ParamMap params = StrategyRegistry::resolve(spec.name, {});
            // build() validates the pipeline against the manifests
            QVERIFY(StrategyRegistry::build(spec.name, params, graph, candles,
                                            Timeframe{kNanosPerDay}, bus) != nullptr);
            QVERIFY(StrategyRegistry::buildScheduledExit(spec.name, params, graph, candles,
                                                         Timeframe{kNanosPerDay}, bus) != nullptr);
        }
    }
};

QTEST_APPLESS_MAIN(TestWorkerFactory)
#include "test_worker_factory.moc"
