#include <QTest>

#include "engine/dag/graph.h"
#include "engine/indicators/nodes.h"
#include "engine/indicators/timeframe_node.h"

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

// Computes but never has anything new.
class QuietNode final : public Node {
public:
    QuietNode(std::string id, std::string input, std::vector<std::string>& log)
        : Node(std::move(id), {std::move(input)}), m_log(log) {}
    void compute() override {
        m_log.push_back(id());
        markUnchanged();
    }

private:
    std::vector<std::string>& m_log;
};

// An indicator on the 15-minute bars: the closes it saw.
class QuarterCloses final : public Node {
public:
    QuarterCloses(std::string id, std::string input) : Node(std::move(id), {std::move(input)}) {}
    void bind(const Graph& graph) override { m_input = &graph.input<CandleNode>(*this, 0); }
    void compute() override { m_closes.push_back(m_input->bar().close.toDouble()); }
    const std::vector<double>& closes() const { return m_closes; }

private:
    const CandleNode* m_input = nullptr;
    std::vector<double> m_closes;
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

    void crossTimeframeNodesRunWhenTheirBarCloses() {
        Graph graph;
        auto& minutes = graph.emplace<CandleNode>("m1");
        auto& ema1m = graph.emplace<EmaNode>("m1.ema3", "m1", 3);
        const Timeframe minute{60'000'000'000};
        auto& quarter =
            graph.emplace<TimeframeNode>("m15", "m1", minute, Timeframe{15 * minute.nanos});
        auto& closes = graph.emplace<QuarterCloses>("m15.closes", "m15");
        graph.finalize();

        std::vector<std::size_t> computed;
        for (int i = 0; i < 45; ++i) {
            Candle bar;
            bar.symbol = Symbol("EURUSD");
            bar.timeframe = minute;
            bar.ts = std::int64_t{i} * minute.nanos;
            bar.open = bar.high = bar.low = bar.close = Price::fromInt(100 + i);
            bar.volume = Quantity::fromInt(1);
            minutes.set(bar);
            computed.push_back(graph.propagate(minutes));
        }
        // every minute: m1, its EMA and the 15m builder; at minutes 14, 29
        // and 44 the 15m bar closes and the 15m indicator runs as well
        for (int i = 0; i < 45; ++i) {
            const std::size_t expected = (i % 15 == 14) ? 4 : 3;
            QCOMPARE(computed[static_cast<std::size_t>(i)], expected);
        }
        QCOMPARE(closes.closes(), (std::vector<double>{114, 129, 144}));
        QCOMPARE(quarter.bar().open, Price::fromInt(130));
        QCOMPARE(quarter.bar().high, Price::fromInt(144));
        QCOMPARE(quarter.bar().volume, Quantity::fromInt(15));
        QCOMPARE(quarter.bar().ts, 30 * minute.nanos);
        QCOMPARE(quarter.bar().timeframe, Timeframe{15 * minute.nanos});
        QCOMPARE(quarter.timeframe(), Timeframe{15 * minute.nanos});
        QVERIFY(ema1m.value().has_value());
    }

    void skipsNodesWhoseInputsDidNotChange() {
        std::vector<std::string> log;
        Graph graph;
        auto& source = graph.emplace<LogNode>("source", std::vector<std::string>{}, log);
        graph.emplace<LogNode>("a", std::vector<std::string>{"source"}, log);
        graph.emplace<QuietNode>("quiet", "source", log);
        graph.emplace<LogNode>("after_quiet", std::vector<std::string>{"quiet"}, log);
        graph.emplace<LogNode>("both", std::vector<std::string>{"quiet", "a"}, log);
        graph.finalize();
        QCOMPARE(graph.propagate(source), std::size_t{4});
        // a node with one changed input runs; one with none is skipped
        QCOMPARE(log, (std::vector<std::string>{"source", "a", "quiet", "both"}));
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
