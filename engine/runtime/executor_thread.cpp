#include "engine/runtime/executor_thread.h"

#include <QThread>

#include "engine/runtime/symbol_executor.h"

namespace causeway::engine {

ExecutorThread::ExecutorThread(std::unique_ptr<SymbolExecutor> executor, const QString& name)
    : m_executor(executor.release()), m_thread(std::make_unique<QThread>()) {
    m_thread->setObjectName(name);
    m_executor->moveToThread(m_thread.get());
}

ExecutorThread::~ExecutorThread() {
    m_executor->requestStop();
    if (m_thread->isRunning()) {
        // The executor (and its pacing timer) must die on its own thread.
        QMetaObject::invokeMethod(
            m_executor, [executor = m_executor] { delete executor; }, Qt::BlockingQueuedConnection);
        join();
    } else {
        delete m_executor;
    }
}

void ExecutorThread::start() {
    m_executor->markAlive();
    m_thread->start();
    QMetaObject::invokeMethod(m_executor, &SymbolExecutor::start, Qt::QueuedConnection);
}

void ExecutorThread::join() {
    m_thread->quit();
    m_thread->wait();
}

}  // namespace causeway::engine
