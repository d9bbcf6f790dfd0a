#include "ui/run_monitor.h"

#include <QtConcurrent/QtConcurrentRun>

#include <exception>
#include <limits>

namespace causeway::ui {

// Touched by one pool task at a time and never by the GUI thread while a
// task runs, so it needs no lock. The SQLite connection inside is opened in
// multi-thread mode, which allows such sequential use from different threads.
struct RunMonitor::ReaderState {
    std::string path;
    quint64 generation = 0;
    std::unique_ptr<engine::RunReader> reader;
    engine::Timestamp lastBar = std::numeric_limits<engine::Timestamp>::min();
    bool infoRead = false;
};

RunMonitor::RunMonitor(QObject* parent) : QObject(parent) {
    m_timer.setInterval(kPollIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &RunMonitor::refresh);
    connect(&m_watcher, &QFutureWatcher<RunSnapshot>::finished, this, &RunMonitor::onReadFinished);
}

RunMonitor::~RunMonitor() {
    // A read in flight holds its own reference to the reader state and ends
    // on its own; its result has no one left to go to.
    m_watcher.disconnect(this);
}

void RunMonitor::open(const QString& path) {
    close();
    m_path = path;
    m_state = std::make_shared<ReaderState>();
    m_state->path = path.toStdString();
    m_state->generation = m_generation;
    refresh();
}

void RunMonitor::close() {
    m_timer.stop();
    m_pending = false;
    m_path.clear();
    m_state.reset();
    ++m_generation;
}

void RunMonitor::setPolling(bool enabled) {
    if (enabled && isOpen()) {
        m_timer.start();
    } else {
        m_timer.stop();
    }
}

void RunMonitor::refresh() {
    if (!m_state) {
        return;
    }
    if (m_watcher.isRunning()) {
        m_pending = true;
        return;
    }
    startRead();
}

void RunMonitor::startRead() {
    m_pending = false;
    m_watcher.setFuture(QtConcurrent::run(&RunMonitor::read, m_state));
}

RunSnapshot RunMonitor::read(const std::shared_ptr<ReaderState>& state) {
    RunSnapshot snapshot;
    snapshot.generation = state->generation;
    try {
        if (!state->reader) {
            state->reader = std::make_unique<engine::RunReader>(state->path);
        }
        const engine::RunReader& reader = *state->reader;
        if (!state->infoRead) {
            snapshot.runInfo = reader.runInfo();
        }
        snapshot.newBars = reader.bars(state->lastBar);
        snapshot.orders = reader.orders();
        snapshot.fills = reader.fills();
        snapshot.trades = reader.trades(false);
        snapshot.journal = reader.journal();
        auto equity = reader.equity();
        if (!equity.empty()) {
            snapshot.lastEquity = equity.back();
        }
    } catch (const std::exception& error) {
        state->reader.reset();
        RunSnapshot failed;
        failed.generation = state->generation;
        failed.error = QString::fromStdString(error.what());
        return failed;
    }
    // Only now that the whole read succeeded does the cursor move, so a
    // failed poll is simply repeated by the next one.
    // run_info travels through the writer's queue like everything else, so
    // the first polls of a fresh run may not see it yet.
    if (!snapshot.runInfo.empty()) {
        state->infoRead = true;
    }
    if (!snapshot.newBars.empty()) {
        state->lastBar = snapshot.newBars.back().ts;
    }
    return snapshot;
}

void RunMonitor::onReadFinished() {
    const RunSnapshot snapshot = m_watcher.result();
    if (snapshot.generation != m_generation) {
        // a run no longer shown; start the read that waited for this one
        if (m_state) {
            startRead();
        }
        return;
    }
    if (!snapshot.error.isEmpty()) {
        m_timer.stop();
        m_pending = false;
        Q_EMIT readFailed(snapshot.error);
        return;
    }
    Q_EMIT snapshotReady(snapshot);
    if (m_pending && m_state) {
        startRead();
    }
}

}  // namespace causeway::ui
