#include <QAbstractItemModelTester>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTranslator>
#include <QTreeView>
#include <QtTest>

#include <memory>

#include "engine/runtime/session.h"
#include "ui/candlestick_chart_view.h"
#include "ui/main_window.h"
#include "ui/orders_model.h"
#include "ui/run_snapshot.h"
#include "ui/trade_explorer_model.h"

using causeway::ui::MainWindow;
using causeway::ui::TradeExplorerModel;

namespace {

QString msftDaily() {
    return QStringLiteral(CAUSEWAY_RESOURCE_DATA_DIR "/msft_daily.csv");
}

// A backtest at full speed, finished and on disk.
bool runBacktest(const QString& dbPath) {
    causeway::engine::SessionConfig config;
    config.dataPath = msftDaily().toStdString();
    config.dbPath = dbPath.toStdString();
    config.barsPerSecond = 0.0;
    causeway::engine::Session session(config);
    QSignalSpy finished(&session, &causeway::engine::Session::finished);
    QSignalSpy failed(&session, &causeway::engine::Session::failed);
    session.start();
    return finished.wait(60'000) && failed.isEmpty();
}

int tradeWithChildren(const TradeExplorerModel& model) {
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, 0);
        if (index.data(TradeExplorerModel::kNodeKindRole).toInt() ==
                static_cast<int>(TradeExplorerModel::NodeKind::kTrade) &&
            model.rowCount(index) > 0 && model.rowCount(model.index(0, 0, index)) > 0) {
            return row;
        }
    }
    return -1;
}

}  // namespace

class TestMainWindow final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void opensFinishedRun();
    void showsWorkspaceRunOnStart();
    void reportsUnreadableRun();
    void demoStartsAndWritesBars();
    void explorerGroupsRejectedDecisions();
    void germanTranslationIsBundled();
};

void TestMainWindow::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
}

void TestMainWindow::opensFinishedRun() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString db = dir.filePath(QStringLiteral("run.sqlite"));
    QVERIFY(runBacktest(db));

    MainWindow window(dir.path());
    QAbstractItemModelTester ordersTester(window.ordersModel(),
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester tradesTester(window.tradeExplorerModel(),
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    window.show();
    window.openRun(db);

    QTRY_VERIFY(window.chartView()->candleCount() > 0);
    QCOMPARE(window.chartView()->barCount(), 249);
    QTRY_VERIFY(window.ordersModel()->rowCount() > 0);
    const TradeExplorerModel& trades = *window.tradeExplorerModel();
    QTRY_VERIFY(trades.tradeCount() >= 1);
    const int row = tradeWithChildren(trades);
    QVERIFY(row >= 0);

    // the first order's story starts at its origin and ends with its fill
    const QModelIndex order = trades.index(0, 0, trades.index(row, 0));
    const int steps = trades.rowCount(order);
    QVERIFY(steps >= 3);
    QVERIFY(trades.index(0, 0, order).data().toString().startsWith(QStringLiteral("Origin")));
    QVERIFY(trades.index(steps - 1, 0, order).data().toString().startsWith(QStringLiteral("Fill")));
    QVERIFY(window.stateText().contains(QStringLiteral("read-only")));

    // selecting a trade highlights it on the chart without disturbing anything
    window.findChild<QTreeView*>()->setCurrentIndex(trades.index(row, 0));
    QVERIFY(!window.chartView()->followsLatest() || window.chartView()->barCount() <= 150);
}

void TestMainWindow::showsWorkspaceRunOnStart() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(runBacktest(dir.filePath(QStringLiteral("run.sqlite"))));
    MainWindow window(dir.path());
    QVERIFY(window.openWorkspaceRun());
    QTRY_VERIFY(window.chartView()->barCount() == 249);

    QTemporaryDir empty;
    MainWindow nothing(empty.path());
    QVERIFY(!nothing.openWorkspaceRun());
}

void TestMainWindow::reportsUnreadableRun() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString bogus = dir.filePath(QStringLiteral("bogus.sqlite"));
    QFile file(bogus);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("not a database");
    file.close();

    MainWindow window;
    window.show();
    window.openRun(bogus);
    QTRY_VERIFY(window.stateText().startsWith(QStringLiteral("Cannot open")));
    QCOMPARE(window.ordersModel()->rowCount(), 0);
}

void TestMainWindow::demoStartsAndWritesBars() {
    QTemporaryDir workspace;
    QVERIFY(workspace.isValid());
    MainWindow window(workspace.path());
    QAbstractItemModelTester tradesTester(window.tradeExplorerModel(),
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    window.show();
    QVERIFY(window.startDemo());
    QVERIFY(window.isSessionRunning());
    QVERIFY(QFile::exists(workspace.filePath(QStringLiteral("sp500_daily.csv"))));
    QVERIFY(QFile::exists(workspace.filePath(QStringLiteral("demo.sqlite"))));
    QTRY_VERIFY_WITH_TIMEOUT(window.chartView()->barCount() > 10, 15'000);
    QVERIFY(window.chartView()->candleCount() > 0);
    // a second demo cannot start over a running one
    QVERIFY(!window.startDemo());
    window.close();
    QVERIFY(!window.isSessionRunning());
}

void TestMainWindow::explorerGroupsRejectedDecisions() {
    causeway::ui::RunSnapshot snapshot;
    causeway::engine::JournalRow rejected;
    rejected.entryId = 7;
    rejected.kind = "decision_rejected";
    rejected.ts = 86'400'000'000'000;
    rejected.causality = QJsonObject{
        {QStringLiteral("origin"),
         QJsonObject{{QStringLiteral("type"), QStringLiteral("candle")},
                     {QStringLiteral("id"), QStringLiteral("CDL_X_1d_19700102_000000")},
                     {QStringLiteral("timestamp"), QStringLiteral("1970-01-02T00:00:00Z")}}}};
    rejected.context = QJsonObject{
        {QStringLiteral("signals"),
         QJsonArray{QJsonObject{{QStringLiteral("id"), QStringLiteral("SIG_1")},
                                {QStringLiteral("type"), QStringLiteral("ema_cross_down")},
                                {QStringLiteral("direction"), QStringLiteral("sell")}}}},
        {QStringLiteral("rejection"),
         QJsonObject{{QStringLiteral("id"), QStringLiteral("REJ_1")},
                     {QStringLiteral("reason"), QStringLiteral("flat and shorting not allowed")}}}};
    snapshot.journal.push_back(rejected);

    TradeExplorerModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.apply(snapshot);
    model.apply(snapshot);  // a repeated poll adds nothing
    QCOMPARE(model.tradeCount(), 0);
    QCOMPARE(model.rejectionCount(), 1);
    const QModelIndex group = model.index(model.rowCount() - 1, 0);
    QCOMPARE(group.data(TradeExplorerModel::kNodeKindRole).toInt(),
             static_cast<int>(TradeExplorerModel::NodeKind::kRejectionGroup));
    const QModelIndex decision = model.index(0, 0, group);
    QCOMPARE(decision.data().toString(), QStringLiteral("REJ_1"));
    const int steps = model.rowCount(decision);
    QCOMPARE(steps, 3);  // origin, signal, not taken
    QCOMPARE(model.index(steps - 1, TradeExplorerModel::kDetail, decision).data().toString(),
             QStringLiteral("flat and shorting not allowed"));
}

void TestMainWindow::germanTranslationIsBundled() {
    QTranslator translator;
    QVERIFY(translator.load(QStringLiteral(":/i18n/causeway_de.qm")));
    QCOMPARE(translator.translate("causeway::ui::MainWindow", "&Quit"), QStringLiteral("&Beenden"));
}

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"
