#include "ui/main_window.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QIcon>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableView>
#include <QTreeView>

#include <exception>

#include "resources/bundled_resources.h"
#include "ui/backtest_dialog.h"
#include "ui/candlestick_chart_view.h"
#include "ui/demo_workspace.h"
#include "ui/display_format.h"
#include "ui/orders_model.h"
#include "ui/run_diff_dialog.h"
#include "ui/run_status_bar.h"
#include "ui/trade_explorer_model.h"
#include "ui/welcome_page.h"

namespace causeway::ui {

namespace {

constexpr int kWelcomePage = 0;
constexpr int kWorkstationPage = 1;

int intParam(const QJsonObject& params, const char* key, int fallback) {
    const QJsonValue value = params.value(QLatin1String(key));
    bool ok = false;
    const int parsed = value.isDouble() ? value.toInt() : value.toString().toInt(&ok);
    return value.isDouble() || ok ? parsed : fallback;
}

}  // namespace

MainWindow::MainWindow(const QString& workspaceDir, QWidget* parent)
    : QMainWindow(parent), m_workspaceDir(workspaceDir) {
    setWindowIcon(QIcon(resources::applicationIcon()));
    setWindowTitle(tr("Causeway"));
    createActions();
    createMenus();
    m_stack = new QStackedWidget(this);
    m_stack->addWidget(new WelcomePage(m_openAction, m_demoAction, this));
    m_stack->addWidget(createWorkstation());
    setCentralWidget(m_stack);
    m_status = new RunStatusBar(this);
    setStatusBar(m_status);

    connect(&m_monitor, &RunMonitor::snapshotReady, this, &MainWindow::onSnapshot);
    connect(&m_monitor, &RunMonitor::readFailed, this, &MainWindow::onReadFailed);
    resize(1280, 820);
    setState(tr("No run open"));
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::createActions() {
    m_openAction = new QAction(tr("&Open Run…"), this);
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setStatusTip(tr("Show a run database written by causeway-cli backtest"));
    connect(m_openAction, &QAction::triggered, this, &MainWindow::chooseRun);

    m_demoAction = new QAction(tr("Run &Demo"), this);
    m_demoAction->setShortcut(Qt::Key_F5);
    m_demoAction->setStatusTip(
        tr("Replay the bundled S&P 500 daily bars in a paper session with the EMA cross strategy"));
    connect(m_demoAction, &QAction::triggered, this, &MainWindow::startDemo);

    m_stopAction = new QAction(tr("&Stop Session"), this);
    m_stopAction->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_F5));
    m_stopAction->setStatusTip(tr("Stop the running session; open positions are closed"));
    connect(m_stopAction, &QAction::triggered, this, &MainWindow::stopSession);

    m_resumeTradingAction = new QAction(tr("&Resume Trading"), this);
    m_resumeTradingAction->setStatusTip(
        tr("Let the session trade again after the circuit breaker blocked it"));
    connect(m_resumeTradingAction, &QAction::triggered, this, [this] {
        if (m_session) {
            m_session->reauthorize();
        }
    });

    m_quitAction = new QAction(tr("&Quit"), this);
    m_quitAction->setShortcut(QKeySequence::Quit);
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &MainWindow::close);

    m_compareAction = new QAction(tr("&Compare Runs…"), this);
    m_compareAction->setObjectName(QStringLiteral("compareRunsAction"));
    m_compareAction->setStatusTip(
        tr("Compare two run databases trade by trade and find where they first diverge"));
    connect(m_compareAction, &QAction::triggered, this, &MainWindow::compareRuns);

    m_backtestAction = new QAction(tr("&Backtest…"), this);
    m_backtestAction->setObjectName(QStringLiteral("backtestAction"));
    m_backtestAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_B));
    m_backtestAction->setStatusTip(
        tr("Run a strategy over data files and write a run database to open here"));
    connect(m_backtestAction, &QAction::triggered, this, &MainWindow::openBacktest);

    m_followAction = new QAction(tr("&Follow Latest Bar"), this);
    m_followAction->setCheckable(true);
    m_followAction->setChecked(true);
    m_followAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_End));
    m_followAction->setStatusTip(tr("Keep the newest bar in view while a session runs"));

    m_emaAction = new QAction(tr("&EMA Overlays"), this);
    m_emaAction->setCheckable(true);
    m_emaAction->setChecked(true);

    m_zoomInAction = new QAction(tr("Zoom &In"), this);
    m_zoomInAction->setShortcut(QKeySequence::ZoomIn);
    m_zoomOutAction = new QAction(tr("Zoom &Out"), this);
    m_zoomOutAction->setShortcut(QKeySequence::ZoomOut);

    m_ordersTabAction = new QAction(tr("&Orders && Fills"), this);
    m_ordersTabAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_1));
    m_tradesTabAction = new QAction(tr("&Trade Explorer"), this);
    m_tradesTabAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_2));

    m_aboutAction = new QAction(tr("&About Causeway"), this);
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::showAbout);
    m_aboutQtAction = new QAction(tr("About &Qt"), this);
    m_aboutQtAction->setMenuRole(QAction::AboutQtRole);
    connect(m_aboutQtAction, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::createMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openAction);
    file->addAction(m_demoAction);
    file->addAction(m_stopAction);
    file->addAction(m_resumeTradingAction);
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_followAction);
    view->addAction(m_emaAction);
    view->addSeparator();
    view->addAction(m_zoomInAction);
    view->addAction(m_zoomOutAction);
    view->addSeparator();
    view->addAction(m_ordersTabAction);
    view->addAction(m_tradesTabAction);

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    run->addAction(m_backtestAction);
    run->addAction(m_compareAction);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutAction);
    help->addAction(m_aboutQtAction);
}

QWidget* MainWindow::createWorkstation() {
    m_chart = new CandlestickChartView(this);
    connect(m_chart, &CandlestickChartView::followLatestChanged, m_followAction,
            &QAction::setChecked);
    connect(m_followAction, &QAction::toggled, m_chart, &CandlestickChartView::setFollowLatest);
    connect(m_emaAction, &QAction::toggled, m_chart, &CandlestickChartView::setEmaVisible);
    connect(m_zoomInAction, &QAction::triggered, m_chart, [this] { m_chart->zoom(1); });
    connect(m_zoomOutAction, &QAction::triggered, m_chart, [this] { m_chart->zoom(-1); });

    m_ordersModel = new OrdersModel(this);
    m_ordersProxy = new QSortFilterProxyModel(this);
    m_ordersProxy->setSourceModel(m_ordersModel);
    m_ordersProxy->setSortRole(OrdersModel::kSortRole);
    m_ordersView = new QTableView(this);
    m_ordersView->setModel(m_ordersProxy);
    m_ordersView->setSortingEnabled(true);
    // newest first, as a blotter reads
    m_ordersView->sortByColumn(OrdersModel::kTime, Qt::DescendingOrder);
    m_ordersView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_ordersView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_ordersView->setAlternatingRowColors(true);
    m_ordersView->setWordWrap(false);
    m_ordersView->verticalHeader()->hide();
    m_ordersView->verticalHeader()->setDefaultSectionSize(m_ordersView->fontMetrics().height() + 6);
    m_ordersView->horizontalHeader()->setStretchLastSection(true);
    connect(m_ordersView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::onOrderSelected);

    m_tradeModel = new TradeExplorerModel(this);
    m_tradeView = new QTreeView(this);
    m_tradeView->setModel(m_tradeModel);
    m_tradeView->setUniformRowHeights(true);
    m_tradeView->setAlternatingRowColors(true);
    m_tradeView->setWordWrap(false);
    QHeaderView* header = m_tradeView->header();
    header->setStretchLastSection(false);
    header->resizeSection(TradeExplorerModel::kItem, 330);
    header->resizeSection(TradeExplorerModel::kTime, 200);
    header->setSectionResizeMode(TradeExplorerModel::kDetail, QHeaderView::Stretch);
    header->resizeSection(TradeExplorerModel::kPnl, 90);
    connect(m_tradeView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::onTradeSelected);

    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->addTab(m_ordersView, tr("Orders && Fills"));
    m_tabs->addTab(m_tradeView, tr("Trade Explorer"));
    connect(m_ordersTabAction, &QAction::triggered, m_tabs,
            [this] { m_tabs->setCurrentWidget(m_ordersView); });
    connect(m_tradesTabAction, &QAction::triggered, m_tabs,
            [this] { m_tabs->setCurrentWidget(m_tradeView); });

    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_chart);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setChildrenCollapsible(false);
    return splitter;
}

QString MainWindow::stateText() const {
    return m_status->state();
}

bool MainWindow::isSessionRunning() const {
    return m_session && m_session->isRunning();
}

void MainWindow::resetViews(const QString& path) {
    m_monitor.close();
    m_chart->clear();
    m_ordersModel->clear();
    m_tradeModel->clear();
    m_runPath = path;
    m_runLabel = QFileInfo(path).fileName();
    m_initialCash = 0.0;
    m_markerFills = 0;
    m_status->reset();
    m_stack->setCurrentIndex(kWorkstationPage);
    setWindowTitle(tr("%1 — Causeway").arg(m_runLabel));
    setWindowFilePath(path);
}

void MainWindow::openRun(const QString& path) {
    if (isSessionRunning() && !confirmStopSession()) {
        return;
    }
    discardSession();
    resetViews(path);
    m_mode = Mode::kViewing;
    setState(tr("Reading %1…").arg(m_runLabel));
    m_monitor.open(path);
    updateActions();
}

bool MainWindow::openWorkspaceRun() {
    if (m_workspaceDir.isEmpty()) {
        return false;
    }
    const QDir dir(m_workspaceDir);
    for (const QString& name : {QStringLiteral("demo.sqlite"), QStringLiteral("run.sqlite")}) {
        if (QFileInfo::exists(dir.filePath(name))) {
            openRun(dir.filePath(name));
            return true;
        }
    }
    return false;
}

bool MainWindow::confirmStopSession() {
    const auto answer = QMessageBox::question(
        this, tr("Stop the session?"),
        tr("A session is running. Stop it and show the other run? What it has written so far "
           "stays in its run database."));
    return answer == QMessageBox::Yes;
}

void MainWindow::discardSession() {
    if (!m_session) {
        return;
    }
    m_session->disconnect(this);
    // the destructor stops the engine thread and waits for it
    m_session.reset();
}

bool MainWindow::startDemo() {
    if (isSessionRunning()) {
        return false;
    }
    discardSession();
    const DemoWorkspace demo(m_workspaceDir);
    if (const QString error = demo.prepare(); !error.isEmpty()) {
        setState(tr("Demo failed: %1").arg(error));
        showError(tr("Demo"), error);
        return false;
    }
    auto session = std::make_unique<engine::Session>(demo.sessionConfig());
    try {
        session->start();
    } catch (const std::exception& error) {
        const QString message = QString::fromUtf8(error.what());
        setState(tr("Demo failed: %1").arg(message));
        showError(tr("Demo"), tr("The demo session could not start:\n%1").arg(message));
        return false;
    }
    m_session = std::move(session);
    connect(m_session.get(), &engine::Session::progress, this, &MainWindow::onSessionProgress);
    connect(m_session.get(), &engine::Session::finished, this, &MainWindow::onSessionFinished);
    connect(m_session.get(), &engine::Session::failed, this, &MainWindow::onSessionFailed);
    connect(
        m_session.get(), &engine::Session::tradingBlocked, this, [this](const QString& reasons) {
            setState(
                tr("Trading blocked by the circuit breaker: %1. File → Resume Trading lets it go "
                   "on.")
                    .arg(reasons));
            updateActions();
        });
    connect(m_session.get(), &engine::Session::tradingReauthorized, this, [this] {
        setState(tr("Trading resumed"));
        updateActions();
    });

    resetViews(demo.dbPath());
    m_mode = Mode::kLive;
    m_status->setStarting();
    setState(tr("Demo running: paper session on S&P 500 daily bars"));
    m_monitor.open(demo.dbPath());
    m_monitor.setPolling(true);
    updateActions();
    return true;
}

void MainWindow::stopSession() {
    if (isSessionRunning()) {
        setState(tr("Stopping…"));
        m_session->stop();
    }
}

void MainWindow::chooseRun() {
    const QString start = m_runPath.isEmpty() ? m_workspaceDir : QFileInfo(m_runPath).path();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Run"), start, tr("Run databases (*.sqlite *.db);;All files (*)"));
    if (!path.isEmpty()) {
        openRun(path);
    }
}

void MainWindow::compareRuns() {
    const QString start = m_runPath.isEmpty() ? m_workspaceDir : QFileInfo(m_runPath).path();
    auto* dialog = new RunDiffDialog(start, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // the run on screen is the natural first side
    dialog->setRuns(m_runPath, {});
    dialog->show();
}

void MainWindow::openBacktest() {
    if (m_backtestDialog) {
        m_backtestDialog->raise();
        m_backtestDialog->activateWindow();
        return;
    }
    auto* dialog = new BacktestDialog(bundledDataPath(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &BacktestDialog::openRunRequested, this, [this, dialog](const QString& path) {
        dialog->close();
        openRun(path);
    });
    m_backtestDialog = dialog;
    dialog->show();
}

QString MainWindow::bundledDataPath() const {
    // The demo's copy of the bundled bars; written out when missing, unless
    // that would remove the demo run on screen or still running.
    const DemoWorkspace demo(m_workspaceDir);
    if (QFileInfo::exists(demo.dataPath())) {
        return demo.dataPath();
    }
    if (isSessionRunning() || m_runPath == demo.dbPath() || !demo.prepare().isEmpty()) {
        return {};
    }
    return demo.dataPath();
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About Causeway"),
        tr("<h3>Causeway %1</h3>"
           "<p>A desktop trading workstation: one engine for backtests and live sessions, "
           "and every trade explainable, from the market event that caused it to its fills.</p>"
           "<p>Demo data: S&amp;P 500 daily bars (Yahoo Finance via vega-datasets, "
           "BSD-3-Clause).</p>")
            .arg(QCoreApplication::applicationVersion()));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    m_monitor.close();
    discardSession();
    event->accept();
}

void MainWindow::onSnapshot(const RunSnapshot& snapshot) {
    if (!snapshot.runInfo.empty()) {
        applyRunInfo(snapshot.runInfo);
    }
    m_chart->appendBars(snapshot.newBars);
    m_ordersModel->apply(snapshot.orders, snapshot.fills);
    m_tradeModel->apply(snapshot);
    updateMarkers(snapshot);
    if (!snapshot.newBars.empty() && m_ordersModel->rowCount() < 2000) {
        m_ordersView->resizeColumnsToContents();
    }
    if (snapshot.lastEquity && m_initialCash > 0.0) {
        m_status->setNetPnl(snapshot.lastEquity->equity.toDouble() - m_initialCash);
    }
    if (m_mode != Mode::kLive) {
        m_status->setBarCount(m_chart->barCount());
    }
    if (m_mode == Mode::kViewing) {
        setState(tr("Viewing %1 (read-only)").arg(m_runLabel));
    }
}

void MainWindow::onReadFailed(const QString& message) {
    if (m_mode == Mode::kLive) {
        // the writer may be mid-way through creating the file; the next poll retries
        setState(tr("Cannot read the run database: %1").arg(message));
        m_monitor.setPolling(isSessionRunning());
        return;
    }
    setState(tr("Cannot open %1").arg(m_runLabel));
    showError(tr("Open Run"),
              tr("%1 could not be opened:\n%2").arg(QDir::toNativeSeparators(m_runPath), message));
    if (m_chart->barCount() == 0 && m_ordersModel->rowCount() == 0) {
        m_mode = Mode::kEmpty;
        m_stack->setCurrentIndex(kWelcomePage);
        setWindowTitle(tr("Causeway"));
        setWindowFilePath(QString());
    }
    updateActions();
}

void MainWindow::onSessionProgress(qint64 done, qint64 total) {
    m_status->setProgress(done, total);
}

void MainWindow::onSessionFinished() {
    const engine::BacktestSummary& summary = m_session->summary();
    m_monitor.setPolling(false);
    m_monitor.refresh();
    m_status->setBarCount(summary.bars);
    const QString pnl = DisplayFormat::signedMoney(summary.netPnl.toDouble());
    setState((summary.cancelled ? tr("Demo stopped: %1 bars, %2 trades, net PnL %3")
                                : tr("Demo finished: %1 bars, %2 trades, net PnL %3"))
                 .arg(QLocale().toString(summary.bars), QLocale().toString(summary.trades), pnl));
    m_status->setNetPnl(summary.netPnl.toDouble());
    updateActions();
}

void MainWindow::onSessionFailed(const QString& message) {
    m_monitor.setPolling(false);
    m_monitor.refresh();
    m_status->setBarCount(m_chart->barCount());
    setState(tr("Session failed: %1").arg(message));
    showError(tr("Session failed"), message);
    updateActions();
}

void MainWindow::onTradeSelected(const QModelIndex& index) {
    // A step without a time of its own (plans, execution) shows its order's.
    QModelIndex row = index.siblingAtColumn(0);
    while (row.isValid() && !row.data(TradeExplorerModel::kFromTsRole).isValid()) {
        row = row.parent();
    }
    if (!row.isValid()) {
        m_chart->clearHighlight();
        return;
    }
    const qint64 from = row.data(TradeExplorerModel::kFromTsRole).toLongLong();
    const QVariant to = row.data(TradeExplorerModel::kToTsRole);
    m_chart->highlight(from, to.isValid() ? to.toLongLong() : from);
}

void MainWindow::onOrderSelected(const QModelIndex& index) {
    if (!index.isValid()) {
        m_chart->clearHighlight();
        return;
    }
    m_chart->highlight(index.data(OrdersModel::kFromTsRole).toLongLong(),
                       index.data(OrdersModel::kToTsRole).toLongLong());
}

void MainWindow::applyRunInfo(const std::map<std::string, std::string>& info) {
    const auto value = [&info](const char* key) {
        const auto it = info.find(key);
        return it == info.end() ? QString() : QString::fromStdString(it->second);
    };
    const QJsonObject params = QJsonDocument::fromJson(value("params").toUtf8()).object();
    const int fast = intParam(params, "fast", 10);
    const int slow = intParam(params, "slow", 30);
    m_chart->setEmaPeriods(fast, slow);
    m_initialCash = value("initial_cash").toDouble();
    QStringList title;
    for (const QString& part : {value("symbol"), value("timeframe")}) {
        if (!part.isEmpty()) {
            title << part;
        }
    }
    if (!value("strategy").isEmpty()) {
        title << tr("%1 (%2/%3)").arg(value("strategy")).arg(fast).arg(slow);
    }
    m_chart->setTitle(title.join(QStringLiteral(" · ")));
}

void MainWindow::updateMarkers(const RunSnapshot& snapshot) {
    if (snapshot.fills.size() == m_markerFills) {
        return;
    }
    m_markerFills = snapshot.fills.size();
    QHash<QString, const engine::OrderRow*> orders;
    for (const auto& order : snapshot.orders) {
        orders.insert(QString::fromStdString(order.orderId), &order);
    }
    std::vector<ChartMarker> markers;
    markers.reserve(snapshot.fills.size());
    for (const auto& fill : snapshot.fills) {
        const auto* order = orders.value(QString::fromStdString(fill.orderId));
        if (!order) {
            continue;
        }
        markers.push_back(
            {fill.ts, order->side == "buy",
             tr("%1 %2 @ %3\n%4 · %5")
                 .arg(DisplayFormat::side(order->side), DisplayFormat::decimal(fill.qty),
                      DisplayFormat::decimal(fill.price), DisplayFormat::time(fill.ts),
                      QString::fromStdString(fill.fillId))});
    }
    m_chart->setMarkers(std::move(markers));
}

void MainWindow::updateActions() {
    const bool running = isSessionRunning();
    m_demoAction->setEnabled(!running);
    m_stopAction->setEnabled(running);
    m_resumeTradingAction->setEnabled(running && m_session && m_session->isTradingBlocked());
    const bool showing = m_mode != Mode::kEmpty;
    for (QAction* action : {m_followAction, m_emaAction, m_zoomInAction, m_zoomOutAction,
                            m_ordersTabAction, m_tradesTabAction}) {
        action->setEnabled(showing);
    }
}

void MainWindow::setState(const QString& text) {
    m_status->setState(text);
}

void MainWindow::showError(const QString& title, const QString& text) {
    // Window-modal but not a nested event loop: the engine and the views keep
    // running while the message is up.
    auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

}  // namespace causeway::ui
