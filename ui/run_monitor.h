#pragma once

#include <QFutureWatcher>
#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>

#include "ui/run_snapshot.h"

namespace causeway::ui {

// Watches one run database for the views. Every read happens on a pool
// thread through the monitor's own RunReader connection; the GUI thread only
// starts reads and receives finished snapshots, so it never waits for the
// disk. Requests are coalesced: at most one read is in flight and any number
// of refresh() calls meanwhile cause exactly one more.
class RunMonitor final : public QObject {
    Q_OBJECT

public:
    static constexpr int kPollIntervalMs = 250;

    explicit RunMonitor(QObject* parent = nullptr);
    ~RunMonitor() override;

    // Forgets the current run and reads `path` once.
    void open(const QString& path);
    void close();
    const QString& path() const { return m_path; }
    bool isOpen() const { return !m_path.isEmpty(); }
    // Polls at ~4 Hz while the run is being written. A failed read stops
    // the polling; readFailed() says why.
    void setPolling(bool enabled);
    bool isPolling() const { return m_timer.isActive(); }
    void refresh();
    bool isReading() const { return m_watcher.isRunning(); }

Q_SIGNALS:
    // Emitted on the GUI thread; the reference is valid during the call only.
    void snapshotReady(const causeway::ui::RunSnapshot& snapshot);
    void readFailed(const QString& message);

private:
    struct ReaderState;

    static RunSnapshot read(const std::shared_ptr<ReaderState>& state);
    void startRead();
    void onReadFinished();

    QString m_path;
    quint64 m_generation = 0;
    std::shared_ptr<ReaderState> m_state;
    QFutureWatcher<RunSnapshot> m_watcher;
    QTimer m_timer;
    bool m_pending = false;
};

}  // namespace causeway::ui
