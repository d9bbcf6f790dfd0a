#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "engine/lab/backtest_runner.h"
#include "engine/strategy/strategy_registry.h"
#include "ui/backtest_dialog.h"
#include "ui/main_window.h"
#include "ui/strategy_params_form.h"

using causeway::engine::ParamType;
using causeway::engine::StrategyRegistry;
using causeway::ui::BacktestDialog;
using causeway::ui::StrategyParamsForm;

namespace {

const QString kMsft = QStringLiteral(CAUSEWAY_RESOURCE_DATA_DIR "/msft_daily.csv");

template <class T>
T* child(const QObject& parent, const char* name) {
    return parent.findChild<T*>(QLatin1String(name));
}

// Types into a spin box as a user does: select what is there, type, leave.
void typeInto(QAbstractSpinBox* box, const QString& text) {
    box->setFocus();
    box->selectAll();
    QTest::keyClicks(box, text);
    QTest::keyClick(box, Qt::Key_Tab);
}

void click(const QObject& dialog, const char* button) {
    auto* widget = child<QPushButton>(dialog, button);
    QVERIFY2(widget, button);
    QVERIFY2(widget->isVisible() && widget->isEnabled(), button);
    QTest::mouseClick(widget, Qt::LeftButton);
}

}  // namespace

class TestBacktestDialog final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QString path(const char* name) const { return m_dir.filePath(QLatin1String(name)); }

private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
    }

    void listsEveryBuiltinStrategy() {
        BacktestDialog dialog;
        const auto& builtins = StrategyRegistry::builtins();
        QCOMPARE(dialog.strategyBox()->count(), int(builtins.size()));
        for (std::size_t i = 0; i < builtins.size(); ++i) {
            QCOMPARE(dialog.strategyBox()->itemData(int(i)).toString().toStdString(),
                     builtins[i].name);
        }
        QCOMPARE(dialog.paramsForm()->strategy(), std::string("ema_cross"));
        QVERIFY(dialog.databasePath().contains(QLatin1String("ema_cross-")));
    }

    void switchingStrategyRebuildsTheForm() {
        BacktestDialog dialog;
        StrategyParamsForm* form = dialog.paramsForm();
        QVERIFY(form->editor("fast"));
        dialog.strategyBox()->setCurrentIndex(
            dialog.strategyBox()->findData(QStringLiteral("mean_reversion")));
        QCOMPARE(form->strategy(), std::string("mean_reversion"));
        QVERIFY(!form->editor("fast"));
        QVERIFY(form->editor("rsi"));
        QCOMPARE(form->params(), StrategyRegistry::resolve("mean_reversion", {}));
        QVERIFY(dialog.databasePath().contains(QLatin1String("mean_reversion-")));
        const QString description =
            QString::fromStdString(StrategyRegistry::spec("mean_reversion").description);
        bool shown = false;
        for (const auto* label : dialog.findChildren<QLabel*>()) {
            shown = shown || label->text() == description;
        }
        QVERIFY(shown);
    }

    void defaultsAreWhatTheEngineResolves() {
        StrategyParamsForm form;
        form.setStrategy("ema_cross");
        QCOMPARE(form.params(), StrategyRegistry::resolve("ema_cross", {}));
        for (const auto& spec : StrategyRegistry::builtins()) {
            form.setStrategy(spec.name);
            const auto params = form.params();
            QCOMPARE(params, StrategyRegistry::resolve(spec.name, {}));
            // the text is the engine's own spelling
            QCOMPARE(StrategyRegistry::resolve(spec.name, params), params);
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, form.setStrategy("no_such_strategy"));
    }

    void editorsFollowTheSchema() {
        StrategyParamsForm form;
        for (const auto& strategy : StrategyRegistry::builtins()) {
            form.setStrategy(strategy.name);
            for (const auto& spec : strategy.params) {
                QWidget* editor = form.editor(spec.name);
                QVERIFY2(editor, spec.name.c_str());
                QCOMPARE(editor->toolTip().toStdString(), spec.description);
                switch (spec.type) {
                    case ParamType::kInteger: {
                        auto* box = qobject_cast<QSpinBox*>(editor);
                        QVERIFY(box);
                        QCOMPARE(double(box->minimum()), *spec.min);
                        QCOMPARE(double(box->maximum()), *spec.max);
                        break;
                    }
                    case ParamType::kDecimal: {
                        auto* box = qobject_cast<QDoubleSpinBox*>(editor);
                        QVERIFY(box);
                        QCOMPARE(box->minimum(), *spec.min);
                        QCOMPARE(box->maximum(), *spec.max);
                        break;
                    }
                    case ParamType::kBoolean:
                        QVERIFY(qobject_cast<QCheckBox*>(editor));
                        break;
                    case ParamType::kChoice: {
                        auto* box = qobject_cast<QComboBox*>(editor);
                        QVERIFY(box);
                        QCOMPARE(box->count(), int(spec.choices.size()));
                        for (int i = 0; i < box->count(); ++i) {
                            QCOMPARE(box->itemText(i).toStdString(), spec.choices[i]);
                        }
                        break;
                    }
                }
            }
        }
    }

    void outOfRangeValuesCannotBeTyped() {
        StrategyParamsForm form;
        form.setStrategy("ema_cross");
        form.show();
        auto* fast = qobject_cast<QSpinBox*>(form.editor("fast"));
        QVERIFY(fast);
        QCOMPARE(fast->maximum(), 1000);
        typeInto(fast, QStringLiteral("99999"));
        QVERIFY(fast->value() <= 1000);
        QCOMPARE(form.params().at("fast"), std::to_string(fast->value()));
        auto* qty = qobject_cast<QDoubleSpinBox*>(form.editor("qty"));
        typeInto(qty, QStringLiteral("0.5"));
        QCOMPARE(form.params().at("qty"), std::string("0.5"));
        auto* allowShort = qobject_cast<QCheckBox*>(form.editor("allow_short"));
        QTest::mouseClick(allowShort, Qt::LeftButton);
        QCOMPARE(form.params().at("allow_short"), std::string("true"));

        auto* reset = form.findChild<QPushButton*>();
        QVERIFY(reset);
        QTest::mouseClick(reset, Qt::LeftButton);
        QCOMPARE(form.params(), StrategyRegistry::resolve("ema_cross", {}));

        form.setStrategy("breakout");
        auto* sizing = qobject_cast<QComboBox*>(form.editor("sizing"));
        QVERIFY(sizing);
        sizing->setCurrentIndex(sizing->findText(QStringLiteral("kelly")));
        QCOMPARE(form.params().at("sizing"), std::string("kelly"));
        QCOMPARE(StrategyRegistry::resolve("breakout", form.params()).at("sizing"), "kelly");
    }

    void runsTheBacktestTheEngineRuns() {
        BacktestDialog dialog(kMsft);
        dialog.show();
        QCOMPARE(dialog.dataFiles(), QStringList{kMsft});
        const QString db = path("dialog.sqlite");
        dialog.setDatabasePath(db);
        typeInto(qobject_cast<QSpinBox*>(dialog.paramsForm()->editor("fast")), QStringLiteral("5"));
        typeInto(qobject_cast<QSpinBox*>(dialog.paramsForm()->editor("slow")),
                 QStringLiteral("20"));

        QSignalSpy finished(&dialog, &BacktestDialog::finished);
        QSignalSpy failed(&dialog, &BacktestDialog::failed);
        click(dialog, "runButton");
        QVERIFY(dialog.isRunning());
        QVERIFY(!child<QComboBox>(dialog, "strategy")->isEnabled());
        QVERIFY(child<QPushButton>(dialog, "cancelButton")->isVisible());
        QVERIFY(finished.wait(60'000));
        QCOMPARE(failed.count(), 0);
        QVERIFY(child<QComboBox>(dialog, "strategy")->isEnabled());

        causeway::engine::RunSettings settings;
        settings.strategy = "ema_cross";
        settings.params = {{"fast", "5"}, {"slow", "20"}};
        const auto direct = causeway::engine::runBacktest(
            settings, causeway::engine::loadBacktestData({kMsft.toStdString()}, {}, {}), {});
        QVERIFY(direct.summary.trades > 0);
        const QString summary = dialog.summaryText();
        QVERIFY2(summary.contains(QStringLiteral("Trades: %1 ").arg(direct.summary.trades)),
                 qPrintable(summary));
        QVERIFY(!summary.contains(QLatin1String("Cancelled")));
        QVERIFY(dialog.errorText().isEmpty());
        QVERIFY(QFile::exists(db));

        QSignalSpy open(&dialog, &BacktestDialog::openRunRequested);
        click(dialog, "openRunButton");
        QCOMPARE(open.count(), 1);
        QCOMPARE(open.first().first().toString(), db);

        const QString report = path("report.html");
        QString suggested;
        dialog.setReportPathChooser([&](const QString& suggestion) {
            suggested = suggestion;
            return report;
        });
        QSignalSpy saved(&dialog, &BacktestDialog::reportSaved);
        click(dialog, "saveReportButton");
        QCOMPARE(saved.count(), 1);
        QCOMPARE(suggested, path("dialog.html"));
        QFile html(report);
        QVERIFY(html.open(QIODevice::ReadOnly));
        const QByteArray page = html.readAll();
        QVERIFY(page.contains("<svg"));
        QVERIFY(page.contains("ema_cross"));

        const QString unwritable = path("no/such/folder/report.html");
        dialog.setReportPathChooser([&](const QString&) { return unwritable; });
        click(dialog, "saveReportButton");
        QCOMPARE(saved.count(), 1);
        QVERIFY2(dialog.errorText().contains(unwritable), qPrintable(dialog.errorText()));
    }

    void aMissingDataFileIsNamed() {
        BacktestDialog dialog;
        dialog.show();
        const QString missing = path("nope.csv");
        dialog.setDataFiles({missing});
        dialog.setDatabasePath(path("missing.sqlite"));
        QSignalSpy failed(&dialog, &BacktestDialog::failed);
        click(dialog, "runButton");
        QVERIFY(failed.wait(60'000));
        QVERIFY(child<QLabel>(dialog, "errorLabel")->isVisible());
        QVERIFY2(dialog.errorText().contains(QLatin1String("nope.csv")),
                 qPrintable(dialog.errorText()));
        QVERIFY(dialog.summaryText().isEmpty());
        QVERIFY(!dialog.isRunning());
        QVERIFY(child<QPushButton>(dialog, "runButton")->isEnabled());
    }

    void settingsTheEngineRefusesAreShownAtOnce() {
        BacktestDialog dialog(kMsft);
        dialog.show();
        dialog.setDatabasePath(path("refused.sqlite"));
        typeInto(qobject_cast<QSpinBox*>(dialog.paramsForm()->editor("fast")),
                 QStringLiteral("40"));
        QSignalSpy failed(&dialog, &BacktestDialog::failed);
        click(dialog, "runButton");
        QCOMPARE(failed.count(), 1);  // at once, not from the worker
        QVERIFY(!dialog.isRunning());
        QVERIFY2(dialog.errorText().contains(QLatin1String("fast")),
                 qPrintable(dialog.errorText()));

        dialog.setDataFiles({});
        QVERIFY(!child<QPushButton>(dialog, "runButton")->isEnabled());
    }

    void aCancelledRunSaysSo() {
        BacktestDialog dialog(QStringLiteral(CAUSEWAY_RESOURCE_DATA_DIR "/sp500_daily.csv"));
        dialog.show();
        dialog.setDatabasePath(path("cancelled.sqlite"));
        QSignalSpy finished(&dialog, &BacktestDialog::finished);
        QSignalSpy failed(&dialog, &BacktestDialog::failed);
        dialog.run();
        click(dialog, "cancelButton");
        QTRY_VERIFY_WITH_TIMEOUT(finished.count() + failed.count() == 1, 60'000);
        // before the data was read the run fails; after, it finishes flat
        if (finished.count() == 1) {
            QVERIFY2(dialog.summaryText().contains(QLatin1String("Cancelled")),
                     qPrintable(dialog.summaryText()));
        } else {
            QVERIFY2(dialog.errorText().contains(QLatin1String("cancelled")),
                     qPrintable(dialog.errorText()));
        }
    }

    void closingWhileRunningCancelsAndWaits() {
        BacktestDialog dialog(QStringLiteral(CAUSEWAY_RESOURCE_DATA_DIR "/sp500_daily.csv"));
        dialog.show();
        dialog.setDatabasePath(path("closed.sqlite"));
        dialog.run();
        QVERIFY(dialog.isRunning());
        dialog.close();
        QVERIFY(!dialog.isVisible());
        QVERIFY(!dialog.isRunning());
        QVERIFY(!dialog.job());
    }

    void runMenuOpensTheDialogAndTheRun() {
        causeway::ui::MainWindow window(m_dir.path());
        window.show();
        auto* action = window.findChild<QAction*>(QStringLiteral("backtestAction"));
        QVERIFY(action);
        QCOMPARE(action->shortcut(), QKeySequence(Qt::CTRL | Qt::Key_B));
        action->trigger();
        QPointer<BacktestDialog> dialog = window.findChild<BacktestDialog*>();
        QVERIFY(dialog);
        QVERIFY(dialog->isVisible());
        // the bundled bars, written out to the workspace
        QCOMPARE(dialog->dataFiles().size(), 1);
        QVERIFY(QFile::exists(dialog->dataFiles().first()));
        action->trigger();  // the same dialog again
        QCOMPARE(window.findChildren<BacktestDialog*>().size(), 1);

        const QString db = path("from_menu.sqlite");
        dialog->setDataFiles({kMsft});
        dialog->setDatabasePath(db);
        QSignalSpy finished(dialog.data(), &BacktestDialog::finished);
        dialog->run();
        QVERIFY(finished.wait(60'000));
        click(*dialog, "openRunButton");
        QTRY_VERIFY(!dialog);
        QCOMPARE(window.windowFilePath(), db);
    }
};

QTEST_MAIN(TestBacktestDialog)
#include "test_backtest_dialog.moc"
