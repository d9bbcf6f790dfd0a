#pragma once

#include <QDialog>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

#include "engine/lab/backtest_job.h"

class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace causeway::ui {

class StrategyParamsForm;

// Run > Backtest…: what `causeway-cli backtest` asks for, as a form: the
// data files, the strategy and its parameters, the account and costs, the
// run database. The run goes on a BacktestJob's thread while the dialog
// shows its progress; its figures, the run to open in the workstation and
// its HTML report follow. Closing the dialog cancels a run and waits for it.
class BacktestDialog final : public QDialog {
    Q_OBJECT

public:
    // Asks where to save a file, given a suggestion; empty: not saved.
    using PathChooser = std::function<QString(const QString& suggested)>;

    // `defaultData`: a data file listed from the start (the bundled bars);
    // empty: none.
    explicit BacktestDialog(const QString& defaultData = {}, QWidget* parent = nullptr);
    ~BacktestDialog() override;

    void setDataFiles(const QStringList& paths);
    QStringList dataFiles() const;
    // A built-in strategy's name; anything else is ignored.
    void setStrategy(const QString& name);
    void setDatabasePath(const QString& path);
    QString databasePath() const;
    // What the fields describe.
    engine::BacktestRequest request() const;

    // Starts the run the fields describe: finished() or failed() follows.
    // Settings the engine refuses are shown at once (and failed() sent).
    void run();
    // The run stops after its current bar and finishes as cancelled.
    void cancel();
    bool isRunning() const;
    // Writes the finished run's HTML report; false, with the reason shown,
    // when it cannot.
    bool saveReport(const QString& path);
    // Replaces the file dialog Save Report… asks with (tests).
    void setReportPathChooser(PathChooser chooser) { m_reportPathChooser = std::move(chooser); }

    // For tests.
    QComboBox* strategyBox() const { return m_strategy; }
    StrategyParamsForm* paramsForm() const { return m_params; }
    const engine::BacktestJob* job() const { return m_job.get(); }
    QString summaryText() const;
    QString errorText() const;

public Q_SLOTS:
    // Cancels a run still going and waits for it before the dialog closes.
    void reject() override;

Q_SIGNALS:
    void finished();
    void failed(const QString& message);
    // "Open in Workstation": the finished run's database.
    void openRunRequested(const QString& dbPath);
    void reportSaved(const QString& path);

private:
    QGroupBox* createDataGroup();
    QGroupBox* createStrategyGroup();
    QGroupBox* createSettingsGroup();
    QGroupBox* createResultGroup();

    void addDataFiles();
    void removeDataFiles();
    void chooseDatabase();
    void chooseReport();
    void onStrategyChanged();
    void onProgress(qint64 done, qint64 total);
    void onFinished();
    void onFailed(const QString& message);

    void setRunning(bool running);
    void showSummary(const engine::BacktestResult& result);
    void showError(const QString& message);
    void refreshDefaultDatabase();
    void updateButtons();

    std::unique_ptr<engine::BacktestJob> m_job;
    PathChooser m_reportPathChooser;
    bool m_customDatabase = false;

    QGroupBox* m_dataGroup = nullptr;
    QGroupBox* m_strategyGroup = nullptr;
    QGroupBox* m_settingsGroup = nullptr;
    QGroupBox* m_resultGroup = nullptr;
    QListWidget* m_files = nullptr;
    QPushButton* m_removeFiles = nullptr;
    QComboBox* m_timeframe = nullptr;
    QComboBox* m_strategy = nullptr;
    QLabel* m_description = nullptr;
    StrategyParamsForm* m_params = nullptr;
    QDoubleSpinBox* m_cash = nullptr;
    QDoubleSpinBox* m_fee = nullptr;
    QDoubleSpinBox* m_slippage = nullptr;
    QSpinBox* m_threads = nullptr;
    QLineEdit* m_database = nullptr;
    QLabel* m_error = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_summary = nullptr;
    QPushButton* m_openRun = nullptr;
    QPushButton* m_saveReport = nullptr;
    QPushButton* m_run = nullptr;
    QPushButton* m_cancel = nullptr;
};

}  // namespace causeway::ui
