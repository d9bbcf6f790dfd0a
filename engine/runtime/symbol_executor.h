#pragma once

#include <QObject>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <vector>

#include "engine/bus/event_bus.h"
#include "engine/core/clock.h"
#include "engine/core/ids.h"
#include "engine/dag/graph.h"
#include "engine/execution/execution_worker.h"
#include "engine/execution/intrabar_detail.h"
#include "engine/execution/simulated_exchange.h"
#include "engine/indicators/nodes.h"
#include "engine/strategy/strategy_registry.h"

class QTimer;

namespace causeway::engine {

// Where a session written to before continues, and what its ledger holds
// there: the executor replays its bars up to `through` (the last bar the
// ledger has) through the whole engine without writing, then checks it holds
// what the ledger says before it goes on.
struct ResumePoint {
    Timestamp through = 0;
    std::map<std::string, Quantity> positions;  // by strategy, non-zero only
    std::set<std::string> liveOrders;           // ids of the orders still working
    // When blocked trading was reauthorized by hand (the bar's time).
    std::set<Timestamp> reauthorizedAfter;
};

struct ExecutorConfig {
    std::vector<Candle> bars;
    std::string strategy;
    ParamMap params;
    SimulationConfig simulation;
    RiskLimits risk;
    Money initialCash;
    double barsPerSecond = 0.0;  // 0: as fast as possible
    // Replay from this bar on; the bars before it only warm the indicators
    // up (an executor restarted after a failure resumes where it failed).
    std::int64_t firstBar = 0;
    // The strategy's worker state (state_persistence). Shared, so an
    // executor restarted with a copy of this config continues with the state
    // its predecessor left; created empty when not given.
    std::shared_ptr<StateStore> state;
    // A session continuing from its ledger (see ResumePoint).
    std::optional<ResumePoint> resume;
    // Reauthorizations of blocked trading an earlier run of the session made
    // by hand, after the bars of these times: a replay makes them again.
    std::set<Timestamp> reauthorizedAfter;
    // Reauthorize by hand once the replay reached the resume point (when
    // trading is blocked there).
    bool reauthorizeAtResume = false;
    // When the replay is stopped before the end of its data: true (a
    // backtest) expires what works and closes what is open, so every round
    // trip is complete; false (a session to be continued) leaves both as
    // they are.
    bool flattenOnStop = true;
    // Finer data of the symbol that says how each bar traded inside
    // (`--detail`); shared between the runs of an optimization.
    std::shared_ptr<const IntraBarDetail> detail;
};

// What an executor has done so far; readable from any thread.
struct ExecutorCounters {
    std::int64_t firstBar = 0;
    std::int64_t nextBar = 0;  // bars [firstBar, nextBar) are processed
    std::int64_t barsTotal = 0;
    std::int64_t events = 0;
    // As of the last ping(), failure or end of the run.
    std::vector<EventBus::NamedMetrics> bus;
};

// Owns all state of one symbol: its DAG, strategy pipeline, execution worker
// and simulated exchange. Lives on its own QThread; nothing else touches its
// members, so the hot path takes no locks.
// Passes records on, or drops them while a resumed session replays what its
// ledger already holds.
class GatedSink final : public LedgerSink {
public:
    explicit GatedSink(LedgerSink& target) : m_target(target) {}
    void write(LedgerRecord record) override {
        if (m_open) {
            m_target.write(std::move(record));
        }
    }
    void setOpen(bool open) { m_open = open; }

private:
    LedgerSink& m_target;
    bool m_open = true;
};

class SymbolExecutor final : public QObject {
    Q_OBJECT

public:
    SymbolExecutor(ExecutorConfig config, LedgerSink& sink, std::shared_ptr<std::atomic_bool> stop);
    ~SymbolExecutor() override;

    // Called on the executor's thread once the replay is over (or stopped),
    // before done() is emitted.
    void setFinalizer(std::function<void(SymbolExecutor&)> finalizer) {
        m_finalizer = std::move(finalizer);
    }

    std::int64_t barsProcessed() const { return m_next; }
    std::int64_t events() const { return m_events; }
    bool cancelled() const { return m_cancelled; }
    // It failed before reaching its resume point: a restart from the failed
    // bar would continue without the state the ledger holds.
    bool resumeFailed() const { return m_resumeFailed; }
    const ExecutionWorker& execution() const { return *m_execution; }
    const std::vector<Candle>& bars() const { return m_config.bars; }
    const ExecutorConfig& config() const { return m_config; }

    // Thread-safe: for the orchestrator's health checks and metrics.
    ExecutorCounters counters() const;
    // steady_clock time of the last sign of life, in nanoseconds: a bar
    // processed (sampled) or a ping() answered.
    std::int64_t lastHeartbeat() const { return m_heartbeat.load(std::memory_order_relaxed); }
    void markAlive();
    // Ends the replay after the current bar, as the shared stop flag does.
    void requestStop() { m_stop->store(true); }

public Q_SLOTS:
    void start();
    // Answered on the executor's thread: proves its event loop is alive and
    // refreshes the bus metrics counters() reports.
    void ping();
    // By hand: trading blocked by the circuit breaker may go on, from the
    // last bar processed (journaled as trading_reauthorized).
    void reauthorize(const QString& by);

Q_SIGNALS:
    void progress(qint64 barsDone, qint64 barsTotal);
    void done();
    void failed(const QString& message);
    // The circuit breaker tripped: trading is blocked until reauthorize().
    void tradingBlocked(const QString& reasons);
    void tradingReauthorized();

private:
    void step();
    void processBar(const Candle& bar);
    // Orders working at the exchange see the bar: along the detail's route
    // through it when there is one.
    void exchangeBar(const Candle& bar);
    void finishRun();
    void fail(const std::exception& error);
    void publishCounters();
    void captureBusMetrics();
    FlowContext flowContext(OriginType type, const std::string& originId, const Candle& bar);

    void replayToResumePoint();

    ExecutorConfig m_config;
    GatedSink m_sink;
    std::shared_ptr<std::atomic_bool> m_stop;
    std::function<void(SymbolExecutor&)> m_finalizer;
    ReplayClock m_clock;
    IdGenerator m_ids;
    EventBus m_bus;
    Graph m_graph;
    CandleNode* m_candles = nullptr;
    StrategyCache m_cache;
    std::unique_ptr<StrategyPipeline> m_pipeline;
    std::unique_ptr<StrategyPipeline> m_scheduledExit;
    SimulatedExchange m_exchange;
    std::unique_ptr<ExecutionWorker> m_execution;
    QTimer* m_timer = nullptr;
    std::int64_t m_next = 0;
    std::int64_t m_events = 0;
    bool m_cancelled = false;
    bool m_resumeFailed = false;
    Timestamp m_lastBarTs = 0;
    bool m_finished = false;
    // Copies of the counters for other threads.
    std::atomic<std::int64_t> m_heartbeat{0};
    std::atomic<std::int64_t> m_publishedNext{0};
    std::atomic<std::int64_t> m_publishedEvents{0};
    mutable std::mutex m_busMutex;
    std::vector<EventBus::NamedMetrics> m_busMetrics;
};

}  // namespace causeway::engine
