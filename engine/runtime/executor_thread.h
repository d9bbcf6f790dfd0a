#pragma once

#include <QString>

#include <memory>

class QThread;

namespace causeway::engine {

class SymbolExecutor;

// A SymbolExecutor on a QThread of its own. The executor is created on the
// caller's thread and moved over; start() runs it there. Destruction stops
// the replay, deletes the executor on its own thread (its timer lives
// there) and joins the thread: a full-speed replay ends at its next bar.
class ExecutorThread final {
public:
    ExecutorThread(std::unique_ptr<SymbolExecutor> executor, const QString& name);
    ~ExecutorThread();
    ExecutorThread(const ExecutorThread&) = delete;
    ExecutorThread& operator=(const ExecutorThread&) = delete;

    SymbolExecutor& executor() const { return *m_executor; }
    // Starts the thread and queues the executor's start().
    void start();
    // Ends the thread's event loop and waits for it; for an executor that
    // has finished or failed and only idles.
    void join();

private:
    SymbolExecutor* m_executor;
    std::unique_ptr<QThread> m_thread;
};

}  // namespace causeway::engine
