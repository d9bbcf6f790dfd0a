#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>

#include <atomic>
#include <map>
#include <memory>
#include <string>

#include "engine/runtime/backtest_summary.h"
#include "engine/runtime/run_settings.h"

namespace causeway::engine {

class ExecutorThread;
class StorageWriter;
struct EngineConfig;
struct SimulationConfig;

// The simulated exchange an engine section describes.
SimulationConfig simulationConfig(const EngineConfig& engine);

// A run of one data file: a backtest, or a paper session at a pace.
struct SessionConfig : RunSettings {
    std::string dataPath;  // bars CSV
    std::string dbPath;    // ledger + journal; replaced if it exists
    // 0 replays as fast as the engine runs (backtest); otherwise the pace of
    // a paper session on recorded data, in bars per second of wall time.
    double barsPerSecond = 0.0;
};

// One run of a strategy over a data file: the symbol's executor on its own
// QThread, the storage writer on another. The caller's thread only receives
// queued signals and never waits on the engine or on disk.
class Session final : public QObject {
    Q_OBJECT

public:
    explicit Session(SessionConfig config, QObject* parent = nullptr);
    ~Session() override;

    // Loads and validates the data and parameters, creates the database and
    // starts the threads. Throws DataError, StorageError or
    // std::invalid_argument before anything runs.
    void start();
    // Asks the executor to stop after the current event; finished() follows.
    void stop();
    // Trading blocked by the circuit breaker may go on (by hand).
    void reauthorize();
    bool isTradingBlocked() const { return m_blocked; }
    bool isRunning() const { return m_running; }
    const SessionConfig& config() const { return m_config; }
    // Valid after finished().
    const BacktestSummary& summary() const { return m_summary; }
    // After failed(): whether the ledger/journal database was at fault.
    bool storageFailed() const { return m_storageFailed; }

Q_SIGNALS:
    void progress(qint64 barsDone, qint64 barsTotal);
    // All records are on disk and the ledger hash is computed.
    void finished();
    void failed(const QString& message);
    // The circuit breaker tripped (reasons), or trading may go on again.
    void tradingBlocked(const QString& reasons);
    void tradingReauthorized();

private:
    void onExecutorDone();

    SessionConfig m_config;
    BacktestSummary m_summary;
    std::unique_ptr<StorageWriter> m_writer;
    // Declared after the writer: the executor writes to it until it is gone.
    std::unique_ptr<ExecutorThread> m_thread;
    std::shared_ptr<std::atomic_bool> m_stopFlag;
    bool m_running = false;
    QElapsedTimer m_elapsed;
    QString m_error;
    bool m_storageFailed = false;
    bool m_blocked = false;
};

}  // namespace causeway::engine
