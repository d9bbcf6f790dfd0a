#include <QAbstractItemModelTester>
#include <QAction>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "engine/runtime/session.h"
#include "ui/main_window.h"
#include "ui/run_diff_dialog.h"
#include "ui/run_diff_model.h"

using causeway::ui::RunDiffDialog;
using causeway::ui::RunDiffModel;

namespace {

// A backtest of ema_cross on MSFT daily, finished and on disk.
bool runBacktest(const QString& dbPath, const std::string& slippageBps,
                 const std::map<std::string, std::string>& params = {}) {
    causeway::engine::SessionConfig config;
    config.dataPath = CAUSEWAY_RESOURCE_DATA_DIR "/msft_daily.csv";
    config.dbPath = dbPath.toStdString();
    config.slippageBps = slippageBps;
    config.params = params;
    causeway::engine::Session session(config);
    QSignalSpy finished(&session, &causeway::engine::Session::finished);
    QSignalSpy failed(&session, &causeway::engine::Session::failed);
    session.start();
    return finished.wait(60'000) && failed.isEmpty();
}

int rowsOf(const RunDiffModel& model, RunDiffModel::RowKind kind) {
    int count = 0;
    for (int row = 0; row < model.rowCount(); ++row) {
        count += model.rowKind(row) == kind ? 1 : 0;
    }
    return count;
}

QPushButton* compareButton(const RunDiffDialog& dialog) {
    for (auto* button : dialog.findChildren<QPushButton*>()) {
        if (button->text() == RunDiffDialog::tr("&Compare")) {
            return button;
        }
    }
    return nullptr;
}

}  // namespace

class TestRunDiffDialog final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_plain, m_slipped, m_fast;

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        m_plain = m_dir.filePath(QStringLiteral("plain.sqlite"));
        m_slipped = m_dir.filePath(QStringLiteral("slipped.sqlite"));
        m_fast = m_dir.filePath(QStringLiteral("fast.sqlite"));
        QVERIFY(runBacktest(m_plain, "0"));
        QVERIFY(runBacktest(m_slipped, "10"));
        QVERIFY(runBacktest(m_fast, "0", {{"fast", "5"}}));
    }

    void comparesTwoRunsWithOtherSlippage() {
        RunDiffDialog dialog;
        QAbstractItemModelTester tester(dialog.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        dialog.show();
        QPushButton* compare = compareButton(dialog);
        QVERIFY(compare);
        QVERIFY(!compare->isEnabled());  // no runs chosen yet
        dialog.setRuns(m_plain, m_slipped);
        QVERIFY(compare->isEnabled());
        QSignalSpy compared(&dialog, &RunDiffDialog::compared);
        QTest::mouseClick(compare, Qt::LeftButton);
        QVERIFY(compared.wait(30'000));

        const RunDiffModel& model = *dialog.model();
        QCOMPARE(model.rowCount(), 6);
        QCOMPARE(rowsOf(model, RunDiffModel::RowKind::kDiffers), 6);
        // the first trade: bought at 60.75, and 10 bp dearer in B
        QCOMPARE(model.index(0, RunDiffModel::kEntryA).data().toString(), QStringLiteral("60.75"));
        QCOMPARE(model.index(0, RunDiffModel::kEntryB).data().toString(),
                 QStringLiteral("60.81075"));
        QCOMPARE(model.index(0, RunDiffModel::kEntryDelta).data().toString(),
                 QStringLiteral("-0.06075"));
        QCOMPARE(model.index(0, RunDiffModel::kSlippageB).data().toString(),
                 QStringLiteral("10.00"));
        QCOMPARE(model.index(0, RunDiffModel::kStatus).data().toString(),
                 RunDiffModel::tr("Differs"));
        QVERIFY(
            model.index(0, RunDiffModel::kPnlDelta).data().toString().startsWith(QLatin1Char('+')));
        QVERIFY(model.index(0, 0)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QLatin1String("entry_price: A 60.75, B 60.81075")));

        QVERIFY2(dialog.summaryText().startsWith(QLatin1String("Matched 6 (6 differ)")),
                 qPrintable(dialog.summaryText()));
        const QString divergence = dialog.divergenceText();
        QVERIFY2(divergence.startsWith(QLatin1String("First divergence at 2001-01-22")),
                 qPrintable(divergence));
        QVERIFY(divergence.contains(RunDiffDialog::divergenceKindText("fill_price")));
        QVERIFY(divergence.contains(QLatin1String("A 60.75, B 60.81075")));
        QVERIFY(dialog.errorText().isEmpty());
    }

    void marksTradesOfOneRunOnly() {
        RunDiffDialog dialog;
        QAbstractItemModelTester tester(dialog.model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        dialog.setRuns(m_plain, m_fast);
        QSignalSpy compared(&dialog, &RunDiffDialog::compared);
        dialog.compare();
        QVERIFY(compared.wait(30'000));
        const RunDiffModel& model = *dialog.model();
        const auto& diff = *model.diff();
        QVERIFY(!diff.onlyA.empty());
        QVERIFY(!diff.onlyB.empty());
        QCOMPARE(rowsOf(model, RunDiffModel::RowKind::kOnlyA), int(diff.onlyA.size()));
        QCOMPARE(rowsOf(model, RunDiffModel::RowKind::kOnlyB), int(diff.onlyB.size()));
        QCOMPARE(model.rowCount(),
                 int(diff.matched.size() + diff.onlyA.size() + diff.onlyB.size()));
        for (int row = 0; row < model.rowCount(); ++row) {
            if (model.rowKind(row) == RunDiffModel::RowKind::kOnlyB) {
                QCOMPARE(model.index(row, RunDiffModel::kStatus).data().toString(),
                         RunDiffModel::tr("Only in B"));
                QVERIFY(model.index(row, RunDiffModel::kEntryA).data().toString().isEmpty());
                QVERIFY(!model.index(row, RunDiffModel::kEntryB).data().toString().isEmpty());
                QVERIFY(model.index(row, 0).data(Qt::BackgroundRole).isValid());
            }
        }
    }

    void identicalRunsShowNoDivergence() {
        RunDiffDialog dialog;
        dialog.setRuns(m_plain, m_plain);
        QSignalSpy compared(&dialog, &RunDiffDialog::compared);
        dialog.compare();
        QVERIFY(compared.wait(30'000));
        QCOMPARE(dialog.divergenceText(), RunDiffDialog::tr("No divergence: the journals agree"));
        QCOMPARE(rowsOf(*dialog.model(), RunDiffModel::RowKind::kSame), 6);
    }

    void reportsAnUnreadableRun() {
        RunDiffDialog dialog;
        dialog.show();
        const QString missing = m_dir.filePath(QStringLiteral("missing.sqlite"));
        dialog.setRuns(m_plain, missing);
        QSignalSpy failed(&dialog, &RunDiffDialog::failed);
        dialog.compare();
        QVERIFY(failed.wait(30'000));
        QVERIFY2(dialog.errorText().contains(missing), qPrintable(dialog.errorText()));
        QCOMPARE(dialog.model()->rowCount(), 0);
        QVERIFY(dialog.divergenceText().isEmpty());
    }

    void runMenuOpensTheDialog() {
        causeway::ui::MainWindow window(m_dir.path());
        auto* action = window.findChild<QAction*>(QStringLiteral("compareRunsAction"));
        QVERIFY(action);
        QVERIFY(action->isEnabled());
        action->trigger();
        auto* dialog = window.findChild<RunDiffDialog*>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        dialog->close();
    }
};

QTEST_MAIN(TestRunDiffDialog)
#include "test_run_diff_dialog.moc"
