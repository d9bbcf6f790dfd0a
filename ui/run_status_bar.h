#pragma once

#include <QStatusBar>

class QLabel;
class QProgressBar;

namespace causeway::ui {

// The window's status line: what the session is doing on the left; progress,
// bars processed and net PnL on the right.
class RunStatusBar final : public QStatusBar {
    Q_OBJECT

public:
    explicit RunStatusBar(QWidget* parent = nullptr);

    void setState(const QString& text);
    QString state() const;
    // Clears the figures of the previous run.
    void reset();
    // A session started but has not reported progress yet.
    void setStarting();
    void setProgress(qint64 barsDone, qint64 barsTotal);
    // A run that is not (or no longer) being written: bars in it, no progress.
    void setBarCount(qint64 bars);
    void setNetPnl(double pnl);

private:
    QLabel* m_state = nullptr;
    QLabel* m_bars = nullptr;
    QLabel* m_pnl = nullptr;
    QProgressBar* m_progress = nullptr;
};

}  // namespace causeway::ui
