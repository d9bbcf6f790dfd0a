#include "ui/run_status_bar.h"

#include <QLabel>
#include <QLocale>
#include <QProgressBar>

#include "ui/display_format.h"

namespace causeway::ui {

RunStatusBar::RunStatusBar(QWidget* parent) : QStatusBar(parent) {
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("sessionState"));
    m_bars = new QLabel(this);
    m_pnl = new QLabel(this);
    m_progress = new QProgressBar(this);
    m_progress->setMaximumWidth(160);
    m_progress->setTextVisible(false);
    m_progress->hide();
    addWidget(m_state, 1);
    addPermanentWidget(m_progress);
    addPermanentWidget(m_bars);
    addPermanentWidget(m_pnl);
}

void RunStatusBar::setState(const QString& text) {
    m_state->setText(text);
}

QString RunStatusBar::state() const {
    return m_state->text();
}

void RunStatusBar::reset() {
    m_bars->clear();
    m_pnl->clear();
    m_pnl->setStyleSheet(QString());
    m_progress->hide();
}

void RunStatusBar::setStarting() {
    m_progress->setRange(0, 0);
    m_progress->show();
}

void RunStatusBar::setProgress(qint64 barsDone, qint64 barsTotal) {
    if (barsTotal <= 0) {
        return;
    }
    m_progress->setRange(0, 1000);
    m_progress->setValue(static_cast<int>(barsDone * 1000 / barsTotal));
    m_progress->show();
    m_bars->setText(
        tr("Bars %1 / %2").arg(QLocale().toString(barsDone), QLocale().toString(barsTotal)));
}

void RunStatusBar::setBarCount(qint64 bars) {
    m_progress->hide();
    m_bars->setText(tr("Bars %1").arg(QLocale().toString(bars)));
}

void RunStatusBar::setNetPnl(double pnl) {
    m_pnl->setText(tr("Net PnL %1").arg(DisplayFormat::signedMoney(pnl)));
    const QString color = pnl > 0.0   ? QStringLiteral("#1b8a3c")
                          : pnl < 0.0 ? QStringLiteral("#c62828")
                                      : QString();
    m_pnl->setStyleSheet(
        color.isEmpty() ? QString() : QStringLiteral("color: %1; font-weight: bold;").arg(color));
}

}  // namespace causeway::ui
