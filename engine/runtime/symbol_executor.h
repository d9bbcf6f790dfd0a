#pragma once

#include <QObject>

#include <atomic>
#include <functional>
#include <memory>
#include <vector>

#include "engine/bus/event_bus.h"
#include "engine/core/clock.h"
#include "engine/core/ids.h"
#include "engine/dag/graph.h"
#include "engine/execution/execution_worker.h"
#include "engine/execution/simulated_exchange.h"
#include "engine/indicators/nodes.h"
#include "engine/strategy/strategy_registry.h"

class QTimer;

namespace causeway::engine {

struct ExecutorConfig {
    std::vector<Candle> bars;
    std::string strategy;
    ParamMap params;
    SimulationCosts costs;
    Money initialCash;
    double barsPerSecond = 0.0;  // 0: as fast as possible
};

// Owns all state of one symbol: its DAG, strategy pipeline, execution worker
// and simulated exchange. Lives on its own QThread; nothing else touches its
// members, so the hot path takes no locks.
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
    const ExecutionWorker& execution() const { return *m_execution; }
    const std::vector<Candle>& bars() const { return m_config.bars; }

public Q_SLOTS:
    void start();

Q_SIGNALS:
    void progress(qint64 barsDone, qint64 barsTotal);
    void done();
    void failed(const QString& message);

private:
    void step();
    void processBar(const Candle& bar);
    void finishRun();
    FlowContext flowContext(OriginType type, const std::string& originId, const Candle& bar);

    ExecutorConfig m_config;
    LedgerSink& m_sink;
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
    bool m_finished = false;
};

}  // namespace causeway::engine
