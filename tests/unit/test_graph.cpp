#include <QTest>

#include "engine/dag/graph.h"
#include "engine/indicators/nodes.h"

using namespace causeway::engine;

namespace {

// Records every compute in a shared log, so tests can assert order and count.
class LogNode final : public Node {
public:
    LogNode(std::string id, std::vector<std::string> inputs, std::vector<std::string>& log)
        : Node(std::move(id), std::move(inputs)), m_log(log) {}
    void compute() override { m_log.push_back(id()); }

private:
    std::vector<std::string>& m_log;
};

}  // namespace

class TestGraph final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void runsImpactedNodesOnceInTopologicalOrder() {
        std::vector<std::string> log;
        Graph graph;
        // a diamond below a 1m source, and a 15m source with its own node that
        // also reads the 1m branch (a cross-timeframe dependency)
        graph.emplace<LogNode>("m15.trend", std::vector<std::string>{"m15", "m1.fast"}, log);
        graph.emplace<LogNode>("m1.signal", std::vector<std::string>{"m1.fast", "m1.slow"}, log);
        graph.emplace<LogNode>("m1.fast", std::vector<std::string>{"m1"}, log);
        graph.emplace<LogNode>("m1.slow", std::vector<std::string>{"m1"}, log);
        auto& m1 = graph.emplace<LogNode>("m1", std::vector<std::string>{}, log);
        auto& m15 = graph.emplace<LogNode>("m15", std::vector<std::string>{}, log);
        graph.finalize();

        graph.propagate(m1);
        QCOMPARE(log,
                 (std::vector<std::string>{"m1", "m1.fast", "m15.trend", "m1.slow", "m1.signal"}));
        log.clear();
        graph.propagate(m15);
        QCOMPARE(log, (std::vector<std::string>{"m15", "m15.trend"}));
    }

    void namesAMissingInput() {
        std::vector<std::string> log;
        Graph graph;
        graph.emplace<LogNode>("rsi", std::vector<std::string>{"candles"}, log);
        QVERIFY_THROWS_EXCEPTION(DagError, graph.finalize());
        try {
            graph.finalize();
        } catch (const DagError& error) {
            QCOMPARE(QString::fromLatin1(error.what()),
                     QStringLiteral("node 'rsi' reads missing input 'candles'"));
        }
    }

    void namesTheNodesOfACycle() {
        std::vector<std::string> log;
        Graph graph;
        graph.emplace<LogNode>("a", std::vector<std::string>{"c"}, log);
        graph.emplace<LogNode>("b", std::vector<std::string>{"a"}, log);
        graph.emplace<LogNode>("c", std::vector<std::string>{"b"}, log);
        try {
            graph.finalize();
            QFAIL("cycle accepted");
        } catch (const DagError& error) {
            QCOMPARE(QString::fromLatin1(error.what()),
                     QStringLiteral("cycle in graph: a -> c -> b -> a"));
        }
    }

    void refusesInputsOfTheWrongKind() {
        Graph graph;
        graph.emplace<CandleNode>("candles");
        graph.emplace<EmaNode>("ema_of_ema", "ema", 3);
        graph.emplace<EmaNode>("ema", "candles", 3);
        try {
            graph.finalize();
            QFAIL("wrong input type accepted");
        } catch (const DagError& error) {
            QCOMPARE(QString::fromLatin1(error.what()),
                     QStringLiteral("node 'ema_of_ema': input 'ema' has the wrong type"));
        }
    }

    void printsDot() {
        Graph graph;
        graph.emplace<EmaNode>("ema3", "candles", 3);
        graph.emplace<CandleNode>("candles");
        graph.finalize();
        QCOMPARE(graph.toDot("MSFT"), std::string("digraph \"MSFT\" {\n"
                                                  "    rankdir=LR;\n"
                                                  "    \"candles\" [shape=box];\n"
                                                  "    \"ema3\";\n"
                                                  "    \"candles\" -> \"ema3\";\n"
                                                  "}\n"));
    }

    void feedsIndicatorsFromCandles() {
        Graph graph;
        auto& candles = graph.emplace<CandleNode>("candles");
        auto& ema = graph.emplace<EmaNode>("ema3", "candles", 3);
        graph.finalize();
        for (const char* close : {"1", "2", "3", "6"}) {
            Candle bar;
            bar.close = *Price::parse(close);
            candles.set(bar);
            graph.propagate(candles);
        }
        QCOMPARE(*ema.value(), 4.0);
        QCOMPARE(*ema.previous(), 2.0);
    }
};

QTEST_APPLESS_MAIN(TestGraph)
#include "test_graph.moc"
