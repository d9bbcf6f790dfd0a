#pragma once

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QString>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engine/bus/event_bus.h"
#include "engine/runtime/symbol_executor.h"

class QTimer;

namespace causeway::engine {

class ExecutorThread;
class LedgerSink;
struct WorkspaceConfig;

// Runs a workspace: one SymbolExecutor per symbol with an enabled strategy,
// each on its own QThread, all writing to one LedgerSink.
//
// Lifecycle: initializing -> running -> stopping -> stopped (or straight
// from initializing to stopped when it never starts); every change is
// signalled, any other transition is refused. It stops by itself once every
// executor has finished (or failed for good).
//
// Health: a periodic check (QTimer, engine.health_check_interval_ms) pings
// every executor on its thread; one that has shown no sign of life for
// engine.heartbeat_timeout_ms is stalled, one that threw has failed. A
// failed executor is restarted (at most engine.max_restarts times, each
// reason kept) from the bar that failed, its indicators warmed up on the
// bars before; its position is not carried over. A stalled executor is
// reported, not restarted: its thread is stuck in code no one can safely
// interrupt.
//
// Lives on the caller's thread, which only receives queued signals.
class Orchestrator final : public QObject {
    Q_OBJECT

public:
    enum class State { kInitializing, kRunning, kStopping, kStopped };
    Q_ENUM(State)
    enum class Health { kStarting, kHealthy, kStalled, kFailed, kFinished };
    Q_ENUM(Health)

    struct Options {
        int healthCheckIntervalMs = 1'000;
        int heartbeatTimeoutMs = 5'000;
        int maxRestarts = 3;
    };

    struct ExecutorMetrics {
        std::string symbol;
        std::string strategy;
        Health health = Health::kStarting;
        // Over every incarnation of the executor (restarts included).
        std::int64_t barsProcessed = 0;
        std::int64_t barsTotal = 0;
        std::int64_t events = 0;
        int failures = 0;
        int restarts = 0;
        std::vector<std::string> restartReasons;
        std::string lastError;
        std::vector<EventBus::NamedMetrics> bus;  // summed by event type
    };

    struct Metrics {
        State state = State::kInitializing;
        double uptimeSeconds = 0.0;
        int executors = 0;
        int healthy = 0;  // neither stalled nor failed
        std::int64_t barsProcessed = 0;
        std::int64_t events = 0;
        int failures = 0;
        int restarts = 0;
        std::uint64_t busHandlerErrors = 0;
        std::vector<EventBus::NamedMetrics> bus;  // over all executors, by event type
        std::vector<ExecutorMetrics> perExecutor;

        QJsonObject toJson() const;
    };

    // How a session's executors run beyond the workspace: where each symbol
    // continues a ledger written before, and whether a stop flattens (a
    // backtest) or leaves orders and positions for a later continuation.
    struct SessionOptions {
        std::map<std::string, ResumePoint> resume;  // by symbol
        bool flattenOnStop = true;
        // Reauthorize trading blocked by the circuit breaker once each
        // executor reached its resume point.
        bool reauthorize = false;
    };

    // Loads every symbol's bars (DataError) and builds the executors.
    // Throws ConfigError when the workspace cannot run: a connector that
    // does not replay recorded data, no enabled strategy, a timeframe that
    // does not match the data.
    Orchestrator(const WorkspaceConfig& workspace, LedgerSink& sink, QObject* parent = nullptr);
    Orchestrator(const WorkspaceConfig& workspace, LedgerSink& sink, SessionOptions session,
                 QObject* parent = nullptr);
    ~Orchestrator() override;

    // initializing -> running: starts every executor and the health checks.
    // Throws std::logic_error in any other state.
    void start();
    // Asks every executor to stop after its current bar; stopped follows
    // once all have finished. Refused (false) when already stopping or
    // stopped; before start() it goes straight to stopped.
    bool stop();

    State state() const { return m_state; }
    std::vector<std::string> symbols() const;
    // Throws std::out_of_range for a symbol it does not run.
    Health health(const std::string& symbol) const;
    Metrics metrics() const;

    static const char* stateName(State state);
    static const char* healthName(Health health);

Q_SIGNALS:
    void stateChanged(causeway::engine::Orchestrator::State state);
    void healthChanged(const QString& symbol, causeway::engine::Orchestrator::Health health);
    // `restart` counts from 1; `reason` is what the executor threw.
    void executorRestarted(const QString& symbol, int restart, const QString& reason);
    // Failed with no restart left (or while stopping).
    void executorGaveUp(const QString& symbol, const QString& reason);

private:
    struct Unit;

    void transition(State to);
    void launch(Unit& unit, std::unique_ptr<SymbolExecutor> executor);
    void retire(Unit& unit);
    void onDone(Unit& unit, int generation);
    void onFailed(Unit& unit, int generation, const QString& message);
    void setHealth(Unit& unit, Health health);
    void checkHealth();
    void finishIfDone();
    Unit& unitFor(const std::string& symbol) const;

    Options m_options;
    LedgerSink& m_sink;
    State m_state = State::kInitializing;
    std::vector<std::unique_ptr<Unit>> m_units;
    QTimer* m_healthTimer = nullptr;
    QElapsedTimer m_uptime;
};

}  // namespace causeway::engine
