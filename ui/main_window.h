#pragma once

#include <QMainWindow>
#include <QPointer>
#include <QString>

#include <map>
#include <memory>
#include <string>

#include "engine/runtime/session.h"
#include "ui/run_monitor.h"

class QAction;
class QSortFilterProxyModel;
class QStackedWidget;
class QTabWidget;
class QTableView;
class QTreeView;

namespace causeway::ui {

class BacktestDialog;
class CandlestickChartView;
class OrdersModel;
class RunStatusBar;
class TradeExplorerModel;

// The workstation: the price chart on top, the ledger's orders and fills and
// the TradeExplorer below. It shows one run at a time, either read-only from
// a run database or live while a session writes it. The views are fed only
// by RunMonitor snapshots, so a live run and a finished one look the same.
class MainWindow final : public QMainWindow {
    Q_OBJECT

public:
    // `workspaceDir` is where the demo runs and where a run is looked for on
    // start; empty means the per-user default.
    explicit MainWindow(const QString& workspaceDir = {}, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Shows the run database at `path` read-only; a session still running is
    // stopped first. Failures are reported in the window, never thrown.
    void openRun(const QString& path);
    // Shows DIR/demo.sqlite or DIR/run.sqlite of the workspace if there is
    // one; returns whether it found one.
    bool openWorkspaceRun();
    // Starts the demo session into the workspace; false (and the reason
    // shown) when it could not start.
    bool startDemo();
    bool isSessionRunning() const;

    // For tests and for whoever embeds the window.
    CandlestickChartView* chartView() const { return m_chart; }
    OrdersModel* ordersModel() const { return m_ordersModel; }
    TradeExplorerModel* tradeExplorerModel() const { return m_tradeModel; }
    QString stateText() const;

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    enum class Mode { kEmpty, kViewing, kLive };

    void createActions();
    void createMenus();
    QWidget* createWorkstation();

    void resetViews(const QString& path);
    bool confirmStopSession();
    void discardSession();
    void chooseRun();
    void compareRuns();
    void openBacktest();
    QString bundledDataPath() const;
    void stopSession();
    void showAbout();

    void onSnapshot(const RunSnapshot& snapshot);
    void onReadFailed(const QString& message);
    void onSessionProgress(qint64 done, qint64 total);
    void onSessionFinished();
    void onSessionFailed(const QString& message);
    void onTradeSelected(const QModelIndex& index);
    void onOrderSelected(const QModelIndex& index);

    void applyRunInfo(const std::map<std::string, std::string>& info);
    void updateMarkers(const RunSnapshot& snapshot);
    void updateActions();
    void setState(const QString& text);
    void showError(const QString& title, const QString& text);

    QString m_workspaceDir;
    Mode m_mode = Mode::kEmpty;
    QString m_runPath;
    QString m_runLabel;
    std::unique_ptr<engine::Session> m_session;
    RunMonitor m_monitor;
    double m_initialCash = 0.0;
    std::size_t m_markerFills = 0;

    CandlestickChartView* m_chart = nullptr;
    OrdersModel* m_ordersModel = nullptr;
    QSortFilterProxyModel* m_ordersProxy = nullptr;
    TradeExplorerModel* m_tradeModel = nullptr;
    QStackedWidget* m_stack = nullptr;
    QTabWidget* m_tabs = nullptr;
    QTableView* m_ordersView = nullptr;
    QTreeView* m_tradeView = nullptr;
    RunStatusBar* m_status = nullptr;
    QPointer<BacktestDialog> m_backtestDialog;

    QAction* m_openAction = nullptr;
    QAction* m_demoAction = nullptr;
    QAction* m_stopAction = nullptr;
    QAction* m_resumeTradingAction = nullptr;
    QAction* m_quitAction = nullptr;
    QAction* m_compareAction = nullptr;
    QAction* m_backtestAction = nullptr;
    QAction* m_followAction = nullptr;
    QAction* m_emaAction = nullptr;
    QAction* m_zoomInAction = nullptr;
    QAction* m_zoomOutAction = nullptr;
    QAction* m_ordersTabAction = nullptr;
    QAction* m_tradesTabAction = nullptr;
    QAction* m_aboutAction = nullptr;
    QAction* m_aboutQtAction = nullptr;
};

}  // namespace causeway::ui
