#pragma once

#include <QDialog>
#include <QFutureWatcher>
#include <QString>

#include <memory>

#include "engine/storage/run_diff.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace causeway::ui {

class RunDiffModel;

// Run > Compare Runs…: two run databases compared trade by trade (what
// `causeway-cli diff` prints): a summary, the first point where the
// journals part and why, and the trades in a table. The comparison reads
// both files on a pool thread; an unreadable file is reported in the
// dialog.
class RunDiffDialog final : public QDialog {
    Q_OBJECT

public:
    // `startDir`: where the file pickers open.
    explicit RunDiffDialog(const QString& startDir = {}, QWidget* parent = nullptr);
    ~RunDiffDialog() override;

    void setRuns(const QString& pathA, const QString& pathB);
    // Compares the two runs chosen; compared() or failed() follows.
    void compare();
    bool isComparing() const { return m_watcher.isRunning(); }

    // For tests.
    RunDiffModel* model() const { return m_model; }
    QString summaryText() const;
    QString divergenceText() const;
    QString errorText() const;

    static QString divergenceKindText(const std::string& kind);

Q_SIGNALS:
    void compared();
    void failed(const QString& message);

private:
    struct Outcome {
        std::shared_ptr<const engine::RunDiff> diff;
        QString error;
    };

    static Outcome run(const QString& pathA, const QString& pathB);
    void choose(QLineEdit* edit, const QString& title);
    void onFinished();
    void showDiff(const std::shared_ptr<const engine::RunDiff>& diff);
    void showError(const QString& message);
    void updateCompareButton();

    QString m_startDir;
    QLineEdit* m_pathA = nullptr;
    QLineEdit* m_pathB = nullptr;
    QPushButton* m_compare = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_divergence = nullptr;
    QLabel* m_settings = nullptr;
    QLabel* m_error = nullptr;
    RunDiffModel* m_model = nullptr;
    QTableView* m_table = nullptr;
    QFutureWatcher<Outcome> m_watcher;
};

}  // namespace causeway::ui
