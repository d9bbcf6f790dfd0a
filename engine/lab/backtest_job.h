#pragma once

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "engine/lab/backtest_runner.h"

namespace causeway::engine {

// What a backtest dialog asks for: `backtest`'s options.
struct BacktestRequest {
    RunSettings settings;
    std::vector<std::string> data;    // one file per symbol
    std::vector<std::string> detail;  // [SYMBOL=]FILE
    std::string timeframe;            // empty: the data's own
    std::string dbPath;               // replaced if it exists
    int threads = 1;
    double riskFreeRate = 0.0;
};

// A backtest off the caller's thread, for the GUI: the data is read, the
// run made and its database finished on a worker thread; the caller hears
// progress(), then finished() or failed(), queued to its own thread.
class BacktestJob final : public QObject {
    Q_OBJECT

public:
    explicit BacktestJob(BacktestRequest request, QObject* parent = nullptr);
    // Cancels a run still going and waits for its thread.
    ~BacktestJob() override;

    // Checks the settings at once (throws std::invalid_argument naming the
    // option), then starts the worker.
    void start();
    // The run stops after its current bar, closes what is open and
    // finishes (summary().cancelled); before the data is read it fails.
    void cancel();
    bool isRunning() const { return m_running; }
    const BacktestRequest& request() const { return m_request; }
    // Valid after finished(); the summary carries the ledger hash.
    const BacktestResult& result() const { return m_result; }

Q_SIGNALS:
    void progress(qint64 barsDone, qint64 barsTotal);
    void finished();
    // A message naming the file and line (bad data), the database (storage)
    // or the symbol (a failed executor).
    void failed(const QString& message);

private:
    void run();

    BacktestRequest m_request;
    ResolvedSettings m_resolved;
    BacktestResult m_result;
    std::shared_ptr<std::atomic_bool> m_stop;
    std::thread m_thread;
    bool m_running = false;
};

}  // namespace causeway::engine
