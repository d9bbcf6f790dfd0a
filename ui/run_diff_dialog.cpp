#include "ui/run_diff_dialog.h"

#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>

#include "ui/display_format.h"
#include "ui/run_diff_model.h"

namespace causeway::ui {

RunDiffDialog::RunDiffDialog(const QString& startDir, QWidget* parent)
    : QDialog(parent), m_startDir(startDir) {
    setWindowTitle(tr("Compare Runs"));
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, &RunDiffDialog::onFinished);

    auto* files = new QFormLayout;
    const auto picker = [this, files](QLineEdit*& edit, const QString& label,
                                      const QString& title) {
        edit = new QLineEdit(this);
        edit->setPlaceholderText(tr("Run database (*.sqlite)"));
        connect(edit, &QLineEdit::textChanged, this, &RunDiffDialog::updateCompareButton);
        auto* browse = new QPushButton(tr("Browse…"), this);
        connect(browse, &QPushButton::clicked, this, [this, edit, title] { choose(edit, title); });
        auto* row = new QHBoxLayout;
        row->addWidget(edit, 1);
        row->addWidget(browse);
        auto* name = new QLabel(label, this);
        name->setBuddy(edit);
        files->addRow(name, row);
    };
    picker(m_pathA, tr("Run &A:"), tr("Choose Run A"));
    picker(m_pathB, tr("Run &B:"), tr("Choose Run B"));

    m_compare = new QPushButton(tr("&Compare"), this);
    m_compare->setDefault(true);
    connect(m_compare, &QPushButton::clicked, this, &RunDiffDialog::compare);

    m_summary = new QLabel(this);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_divergence = new QLabel(this);
    m_divergence->setWordWrap(true);
    m_divergence->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_divergence->setFrameShape(QFrame::StyledPanel);
    m_divergence->setMargin(8);
    QFont bold = m_divergence->font();
    bold.setBold(true);
    m_divergence->setFont(bold);
    m_divergence->hide();
    m_settings = new QLabel(this);
    m_settings->setWordWrap(true);
    m_settings->hide();
    m_error = new QLabel(this);
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();

    m_model = new RunDiffModel(this);
    m_table = new QTableView(this);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_compare, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(files);
    layout->addWidget(m_error);
    layout->addWidget(m_summary);
    layout->addWidget(m_divergence);
    layout->addWidget(m_settings);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    resize(1200, 640);
    updateCompareButton();
}

RunDiffDialog::~RunDiffDialog() {
    // a comparison in flight ends on its own; its result has no one to go to
    m_watcher.disconnect(this);
}

void RunDiffDialog::setRuns(const QString& pathA, const QString& pathB) {
    m_pathA->setText(pathA);
    m_pathB->setText(pathB);
}

void RunDiffDialog::choose(QLineEdit* edit, const QString& title) {
    const QString start = edit->text().isEmpty() ? m_startDir : QFileInfo(edit->text()).path();
    const QString path = QFileDialog::getOpenFileName(
        this, title, start, tr("Run databases (*.sqlite *.db);;All files (*)"));
    if (!path.isEmpty()) {
        edit->setText(path);
    }
}

void RunDiffDialog::compare() {
    if (isComparing() || m_pathA->text().isEmpty() || m_pathB->text().isEmpty()) {
        return;
    }
    m_error->hide();
    m_summary->setText(tr("Comparing…"));
    m_watcher.setFuture(QtConcurrent::run(&RunDiffDialog::run, m_pathA->text(), m_pathB->text()));
    updateCompareButton();
}

RunDiffDialog::Outcome RunDiffDialog::run(const QString& pathA, const QString& pathB) {
    try {
        return {std::make_shared<const engine::RunDiff>(
                    engine::diffRuns(pathA.toStdString(), pathB.toStdString())),
                {}};
    } catch (const std::exception& error) {
        return {nullptr, QString::fromStdString(error.what())};
    }
}

void RunDiffDialog::onFinished() {
    const Outcome outcome = m_watcher.result();
    updateCompareButton();
    if (!outcome.diff) {
        showError(outcome.error);
        return;
    }
    showDiff(outcome.diff);
    Q_EMIT compared();
}

void RunDiffDialog::showDiff(const std::shared_ptr<const engine::RunDiff>& diff) {
    m_model->setDiff(diff);
    m_summary->setText(
        tr("Matched %1 (%2 differ) · only in A %3 · only in B %4 · "
           "net PnL A %5, B %6")
            .arg(diff->matched.size())
            .arg(diff->differingTrades())
            .arg(diff->onlyA.size())
            .arg(diff->onlyB.size())
            .arg(DisplayFormat::decimal(diff->netPnlA), DisplayFormat::decimal(diff->netPnlB)));
    if (const auto& d = diff->firstDivergence) {
        m_divergence->setText(tr("First divergence at %1 — %2\n%3")
                                  .arg(DisplayFormat::time(d->ts), divergenceKindText(d->kind),
                                       QString::fromStdString(d->reason)));
    } else {
        m_divergence->setText(tr("No divergence: the journals agree"));
    }
    m_divergence->show();
    QStringList settings;
    for (const auto& s : diff->settings) {
        settings << tr("%1: A %2, B %3")
                        .arg(QString::fromStdString(s.key),
                             s.a ? QString::fromStdString(*s.a) : tr("none"),
                             s.b ? QString::fromStdString(*s.b) : tr("none"));
    }
    m_settings->setText(tr("Settings that differ: %1").arg(settings.join(QStringLiteral("; "))));
    m_settings->setVisible(!settings.isEmpty());
}

void RunDiffDialog::showError(const QString& message) {
    m_model->clear();
    m_summary->clear();
    m_divergence->hide();
    m_settings->hide();
    m_error->setText(tr("Cannot compare the runs: %1").arg(message));
    m_error->show();
    Q_EMIT failed(message);
}

void RunDiffDialog::updateCompareButton() {
    m_compare->setEnabled(!isComparing() && !m_pathA->text().isEmpty() &&
                          !m_pathB->text().isEmpty());
}

QString RunDiffDialog::summaryText() const {
    return m_summary->text();
}

QString RunDiffDialog::divergenceText() const {
    return m_divergence->isVisibleTo(this) ? m_divergence->text() : QString();
}

QString RunDiffDialog::errorText() const {
    return m_error->isVisibleTo(this) ? m_error->text() : QString();
}

QString RunDiffDialog::divergenceKindText(const std::string& kind) {
    static const std::pair<const char*, const char*> kKinds[] = {
        {"decision", QT_TR_NOOP("a decision in one run only")},
        {"decision_rejected", QT_TR_NOOP("a decision not taken in one run only")},
        {"risk_blocked", QT_TR_NOOP("a risk block")},
        {"order", QT_TR_NOOP("an order in one run only")},
        {"order_terms", QT_TR_NOOP("other order terms")},
        {"order_rejected", QT_TR_NOOP("an order rejected in one run only")},
        {"order_event", QT_TR_NOOP("another order event")},
        {"fill", QT_TR_NOOP("a fill in one run only")},
        {"fill_price", QT_TR_NOOP("a different fill price")},
        {"fill_qty", QT_TR_NOOP("a different fill quantity")},
        {"fee", QT_TR_NOOP("a different fee")},
        {"fill_time", QT_TR_NOOP("a different fill time")},
        {"journal", QT_TR_NOOP("another journal entry")}};
    for (const auto& [key, text] : kKinds) {
        if (kind == key) {
            return tr(text);
        }
    }
    return QString::fromStdString(kind);
}

}  // namespace causeway::ui
