#include <QDir>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>

#include "engine/execution/ledger_sink.h"
#include "engine/runtime/orchestrator.h"
#include "engine/runtime/session.h"
#include "engine/runtime/workspace_config.h"

using namespace causeway::engine;
using State = Orchestrator::State;
using Health = Orchestrator::Health;

namespace {

constexpr int kWaitMs = 30'000;

// Records what the executors write, from any thread. A test can make the
// n-th bar of a symbol throw (a storage failure) or block until opened (a
// stuck executor).
class TestSink final : public LedgerSink {
public:
    std::function<void(const std::string& symbol, int bar)> onBar;

    void write(LedgerRecord record) override {
        const auto* bar = std::get_if<BarRecord>(&record);
        if (bar == nullptr) {
            return;
        }
        const std::string symbol = bar->bar.symbol.name();
        int count = 0;
        {
            const std::lock_guard lock(m_mutex);
            count = ++m_bars[symbol];
        }
        if (onBar) {
            onBar(symbol, count);
        }
    }

    int bars(const std::string& symbol) {
        const std::lock_guard lock(m_mutex);
        return m_bars[symbol];
    }

    // Blocks the calling (executor) thread until open() is called.
    void block() {
        std::unique_lock lock(m_mutex);
        m_closed = true;
        m_wake.wait(lock, [this] { return !m_closed; });
    }
    void open() {
        {
            const std::lock_guard lock(m_mutex);
            m_closed = false;
        }
        m_wake.notify_all();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::map<std::string, int> m_bars;
    bool m_closed = false;
};

// Opens the sink when a test ends, before the orchestrator joins its threads.
struct OpenOnExit {
    TestSink& sink;
    ~OpenOnExit() { sink.open(); }
};

WorkspaceConfig workspace(const std::string& extra, bool withSp500 = true) {
    std::string yaml =
        "symbols:\n"
        "  - {name: MSFT, data: msft_daily.csv, timeframe: 1d}\n";
    if (withSp500) {
        yaml += "  - {name: SP500, data: sp500_daily.csv, timeframe: 1d}\n";
    }
    yaml += "strategies:\n  - name: ema_cross\n" + extra;
    return WorkspaceConfig::parse(yaml, "workspace.yaml", CAUSEWAY_RESOURCE_DATA_DIR, {});
}

QList<State> states(const QSignalSpy& spy) {
    QList<State> list;
    for (const auto& arguments : spy) {
        list << arguments.first().value<State>();
    }
    return list;
}

const Orchestrator::ExecutorMetrics& of(const Orchestrator::Metrics& metrics,
                                        const std::string& symbol) {
    for (const auto& m : metrics.perExecutor) {
        if (m.symbol == symbol) {
            return m;
        }
    }
    throw std::out_of_range("no executor for " + symbol);
}

}  // namespace

class TestOrchestrator final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void runsEverySymbolAndStopsByItself() {
        TestSink sink;
        Orchestrator orchestrator(workspace({}), sink);
        QCOMPARE(orchestrator.state(), State::kInitializing);
        QCOMPARE(orchestrator.symbols(), (std::vector<std::string>{"MSFT", "SP500"}));
        QSignalSpy changes(&orchestrator, &Orchestrator::stateChanged);

        orchestrator.start();
        QCOMPARE(orchestrator.state(), State::kRunning);
        QTRY_COMPARE_WITH_TIMEOUT(orchestrator.state(), State::kStopped, kWaitMs);
        QCOMPARE(states(changes),
                 (QList<State>{State::kRunning, State::kStopping, State::kStopped}));
        QCOMPARE(orchestrator.health("MSFT"), Health::kFinished);
        QCOMPARE(orchestrator.health("SP500"), Health::kFinished);
        QCOMPARE(sink.bars("MSFT"), 249);
        QCOMPARE(sink.bars("SP500"), 5105);

        // illegal transitions are refused and change nothing
        try {
            orchestrator.start();
            QFAIL("started twice");
        } catch (const std::logic_error& error) {
            QCOMPARE(std::string(error.what()),
                     std::string("orchestrator cannot start: it is stopped"));
        }
        QVERIFY(!orchestrator.stop());
        QCOMPARE(changes.size(), 3);
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, orchestrator.health("AAPL"));
    }

    void stopEndsAPacedRun() {
        TestSink sink;
        WorkspaceConfig config = workspace({}, false);
        config.engine.barsPerSecond = 100;
        Orchestrator orchestrator(config, sink);
        QSignalSpy changes(&orchestrator, &Orchestrator::stateChanged);
        orchestrator.start();
        QTRY_VERIFY_WITH_TIMEOUT(orchestrator.metrics().barsProcessed >= 3, kWaitMs);

        QVERIFY(orchestrator.stop());
        QCOMPARE(orchestrator.state(), State::kStopping);
        QVERIFY(!orchestrator.stop());  // already stopping
        QTRY_COMPARE_WITH_TIMEOUT(orchestrator.state(), State::kStopped, kWaitMs);
        QCOMPARE(states(changes),
                 (QList<State>{State::kRunning, State::kStopping, State::kStopped}));
        const auto metrics = orchestrator.metrics();
        QVERIFY(metrics.barsProcessed < 249);
        QCOMPARE(metrics.barsProcessed, static_cast<std::int64_t>(sink.bars("MSFT")));
    }

    void stopBeforeStartGoesStraightToStopped() {
        TestSink sink;
        Orchestrator orchestrator(workspace({}, false), sink);
        QSignalSpy changes(&orchestrator, &Orchestrator::stateChanged);
        QVERIFY(orchestrator.stop());
        QCOMPARE(states(changes), (QList<State>{State::kStopped}));
        try {
            orchestrator.start();
            QFAIL("started after stop");
        } catch (const std::logic_error& error) {
            QCOMPARE(std::string(error.what()),
                     std::string("orchestrator cannot start: it is stopped"));
        }
        QCOMPARE(sink.bars("MSFT"), 0);
    }

    void restartsAFailedExecutor() {
        TestSink sink;
        std::atomic_bool thrown{false};
        sink.onBar = [&](const std::string& symbol, int bar) {
            if (symbol == "MSFT" && bar == 100 && !thrown.exchange(true)) {
                throw std::runtime_error("disk full");
            }
        };
        Orchestrator orchestrator(workspace({}), sink);
        QSignalSpy restarted(&orchestrator, &Orchestrator::executorRestarted);
        QSignalSpy health(&orchestrator, &Orchestrator::healthChanged);
        orchestrator.start();
        QTRY_COMPARE_WITH_TIMEOUT(orchestrator.state(), State::kStopped, kWaitMs);

        QCOMPARE(restarted.size(), 1);
        QCOMPARE(restarted.first(),
                 (QList<QVariant>{QStringLiteral("MSFT"), 1, QStringLiteral("disk full")}));
        QList<Health> msft;
        for (const auto& arguments : health) {
            if (arguments.at(0).toString() == QLatin1String("MSFT")) {
                msft << arguments.at(1).value<Health>();
            }
        }
        QVERIFY(msft.contains(Health::kFailed));
        QCOMPARE(msft.last(), Health::kFinished);

        const auto metrics = orchestrator.metrics();
        const auto& m = of(metrics, "MSFT");
        QCOMPARE(m.failures, 1);
        QCOMPARE(m.restarts, 1);
        QCOMPARE(m.restartReasons, std::vector<std::string>{"disk full"});
        QCOMPARE(m.lastError, std::string("disk full"));
        QCOMPARE(m.health, Health::kFinished);
        // 99 bars before the failure, the failed one again and the rest after
        QCOMPARE(m.barsProcessed, std::int64_t(249));
        QCOMPARE(sink.bars("MSFT"), 250);
        QCOMPARE(of(metrics, "SP500").restarts, 0);
        QCOMPARE(metrics.restarts, 1);
        QCOMPARE(metrics.failures, 1);
    }

    void givesUpAfterTheLastRestart() {
        TestSink sink;
        sink.onBar = [](const std::string& symbol, int bar) {
            if (symbol == "MSFT" && bar >= 10) {
                throw std::runtime_error("disk full at bar " + std::to_string(bar));
            }
        };
        WorkspaceConfig config = workspace({});
        config.engine.maxRestarts = 2;
        Orchestrator orchestrator(config, sink);
        QSignalSpy restarted(&orchestrator, &Orchestrator::executorRestarted);
        QSignalSpy gaveUp(&orchestrator, &Orchestrator::executorGaveUp);
        orchestrator.start();
        QTRY_COMPARE_WITH_TIMEOUT(orchestrator.state(), State::kStopped, kWaitMs);

        QCOMPARE(restarted.size(), 2);
        QCOMPARE(restarted.at(1).at(1).toInt(), 2);
        QCOMPARE(gaveUp.size(), 1);
        QCOMPARE(gaveUp.first(),
                 (QList<QVariant>{QStringLiteral("MSFT"), QStringLiteral("disk full at bar 12")}));
        QCOMPARE(orchestrator.health("MSFT"), Health::kFailed);
        QCOMPARE(orchestrator.health("SP500"), Health::kFinished);
        const auto metrics = orchestrator.metrics();
        const auto& m = of(metrics, "MSFT");
        QCOMPARE(m.failures, 3);
        QCOMPARE(m.restarts, 2);
        QCOMPARE(m.restartReasons,
                 (std::vector<std::string>{"disk full at bar 10", "disk full at bar 11"}));
        QCOMPARE(m.barsProcessed, std::int64_t(9));
        QCOMPARE(metrics.healthy, 1);
    }

    void reportsAnExecutorThatStopsHeartbeating() {
        TestSink sink;
        sink.onBar = [&sink](const std::string&, int bar) {
            if (bar == 5) {
                sink.block();
            }
        };
        WorkspaceConfig config = workspace({}, false);
        config.engine.barsPerSecond = 200;
        config.engine.healthCheckIntervalMs = 20;
        config.engine.heartbeatTimeoutMs = 300;
        Orchestrator orchestrator(config, sink);
        const OpenOnExit opener{sink};
        orchestrator.start();

        QTRY_COMPARE_WITH_TIMEOUT(orchestrator.health("MSFT"), Health::kStalled, kWaitMs);
        QCOMPARE(orchestrator.metrics().healthy, 0);
        QCOMPARE(orchestrator.state(), State::kRunning);

        sink.open();
        QTRY_COMPARE_WITH_TIMEOUT(orchestrator.health("MSFT"), Health::kHealthy, kWaitMs);
        QVERIFY(orchestrator.stop());
        QTRY_COMPARE_WITH_TIMEOUT(orchestrator.state(), State::kStopped, kWaitMs);
    }

    void aggregatedMetricsAddUp() {
        TestSink sink;
        Orchestrator orchestrator(workspace({}), sink);
        orchestrator.start();
        QTRY_COMPARE_WITH_TIMEOUT(orchestrator.state(), State::kStopped, kWaitMs);
        const auto metrics = orchestrator.metrics();

        QCOMPARE(metrics.executors, 2);
        QCOMPARE(metrics.healthy, 2);
        std::int64_t bars = 0;
        std::int64_t events = 0;
        std::map<std::string, std::uint64_t> published;
        for (const auto& m : metrics.perExecutor) {
            QCOMPARE(m.barsProcessed, m.barsTotal);
            bars += m.barsProcessed;
            events += m.events;
            for (const auto& [type, counts] : m.bus) {
                published[type] += counts.published;
            }
        }
        QCOMPARE(metrics.barsProcessed, bars);
        QCOMPARE(bars, std::int64_t(249 + 5105));
        QCOMPARE(metrics.events, events);
        QVERIFY(!metrics.bus.empty());
        for (const auto& [type, counts] : metrics.bus) {
            QCOMPARE(counts.published, published.at(type));
        }
        QVERIFY(metrics.uptimeSeconds > 0.0);

        // each executor counts what a single backtest of its symbol counts
        QTemporaryDir dir;
        SessionConfig session;
        session.dataPath = CAUSEWAY_RESOURCE_DATA_DIR "/msft_daily.csv";
        session.dbPath = dir.filePath(QStringLiteral("msft.sqlite")).toStdString();
        Session backtest(session);
        QSignalSpy finished(&backtest, &Session::finished);
        backtest.start();
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(of(metrics, "MSFT").events, backtest.summary().events);

        const QJsonObject json = metrics.toJson();
        QCOMPARE(json[QStringLiteral("state")].toString(), QStringLiteral("stopped"));
        QCOMPARE(json[QStringLiteral("events")].toInteger(), events);
        QCOMPARE(json[QStringLiteral("executors")].toArray().size(), 2);
    }

    void refusesWhatItCannotRun() {
        TestSink sink;
        const std::pair<std::string, std::string> cases[] = {
            {"connector: {type: binance}\n",
             "workspace.yaml:5: connector.type: 'binance' cannot run a session yet: sessions "
             "replay recorded data with the sim or paper connector"},
            {"    enabled: false\n",
             "workspace.yaml:3: strategies: no enabled strategy: nothing to run"},
        };
        for (const auto& [extra, expected] : cases) {
            try {
                Orchestrator orchestrator(workspace(extra, false), sink);
                QFAIL(extra.c_str());
            } catch (const ConfigError& error) {
                QCOMPARE(std::string(error.what()), expected);
            }
        }
        const WorkspaceConfig hourly = WorkspaceConfig::parse(
            "symbols: [{name: MSFT, data: msft_daily.csv, timeframe: 1h}]\n"
            "strategies: [{name: ema_cross}]\n",
            "workspace.yaml", CAUSEWAY_RESOURCE_DATA_DIR, {});
        try {
            Orchestrator orchestrator(hourly, sink);
            QFAIL("timeframe accepted");
        } catch (const ConfigError& error) {
            QCOMPARE(
                std::string(error.what()),
                "workspace.yaml:1: symbols[0].timeframe: is 1h but the bars of '" +
                    QDir::cleanPath(QStringLiteral(CAUSEWAY_RESOURCE_DATA_DIR "/msft_daily.csv"))
                        .toStdString() +
                    "' are 1d apart");
        }
    }
};

QTEST_GUILESS_MAIN(TestOrchestrator)
#include "test_orchestrator.moc"
