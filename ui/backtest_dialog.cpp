#include "ui/backtest_dialog.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QStandardPaths>
#include <QThread>
#include <QVBoxLayout>

#include <algorithm>
#include <exception>
#include <limits>

#include "engine/lab/html_report.h"
#include "ui/display_format.h"
#include "ui/strategy_params_form.h"

namespace causeway::ui {

namespace {

constexpr double kDefaultCash = 100'000.0;

std::string joinedParts(const std::vector<engine::SymbolResult>& symbols,
                        std::string engine::SymbolResult::*part) {
    std::string text;
    for (const engine::SymbolResult& symbol : symbols) {
        text += (text.empty() ? "" : ",") + symbol.*part;
    }
    return text;
}

// What `causeway-cli backtest --report` writes for the same run.
engine::ReportInput reportInput(const engine::BacktestRequest& request,
                                const engine::BacktestResult& result) {
    engine::ReportInput report = engine::backtestReport(
        engine::resolveRunSettings(request.settings), request.settings, result);
    report.generatedBy = "Causeway " + QCoreApplication::applicationVersion().toStdString();
    return report;
}

QDoubleSpinBox* amountBox(double max, double value, const QString& suffix, QWidget* parent) {
    auto* box = new QDoubleSpinBox(parent);
    box->setDecimals(2);
    box->setRange(0.0, max);
    box->setValue(value);
    box->setSuffix(suffix);
    box->setGroupSeparatorShown(true);
    return box;
}

QString percent(double value) {
    return BacktestDialog::tr("%1%").arg(DisplayFormat::number(value, 2));
}

}  // namespace

BacktestDialog::BacktestDialog(const QString& defaultData, QWidget* parent) : QDialog(parent) {
    setWindowTitle(tr("Backtest"));

    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("errorLabel"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_error->hide();
    m_progress = new QProgressBar(this);
    m_progress->hide();

    m_run = new QPushButton(tr("&Run"), this);
    m_run->setObjectName(QStringLiteral("runButton"));
    m_run->setDefault(true);
    connect(m_run, &QPushButton::clicked, this, &BacktestDialog::run);
    m_cancel = new QPushButton(tr("&Cancel Run"), this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    connect(m_cancel, &QPushButton::clicked, this, &BacktestDialog::cancel);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_run, QDialogButtonBox::ActionRole);
    buttons->addButton(m_cancel, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &BacktestDialog::reject);

    auto* left = new QVBoxLayout;
    left->addWidget(createDataGroup());
    left->addWidget(createSettingsGroup());
    left->addWidget(createResultGroup());
    left->addStretch(1);
    auto* columns = new QHBoxLayout;
    columns->addLayout(left, 1);
    columns->addWidget(createStrategyGroup(), 1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(m_error);
    layout->addWidget(m_progress);
    layout->addWidget(buttons);

    if (!defaultData.isEmpty()) {
        setDataFiles({defaultData});
    }
    onStrategyChanged();
    setRunning(false);
    resize(1000, 720);
}

BacktestDialog::~BacktestDialog() {
    // its destructor cancels a run still going and waits for the thread
    m_job.reset();
}

QGroupBox* BacktestDialog::createDataGroup() {
    m_dataGroup = new QGroupBox(tr("Data"), this);
    m_files = new QListWidget(m_dataGroup);
    m_files->setObjectName(QStringLiteral("dataFiles"));
    m_files->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_files->setToolTip(tr("One CSV file of bars or trade prints per symbol"));
    connect(m_files, &QListWidget::itemSelectionChanged, this, &BacktestDialog::updateButtons);
    auto* add = new QPushButton(tr("&Add…"), m_dataGroup);
    connect(add, &QPushButton::clicked, this, &BacktestDialog::addDataFiles);
    m_removeFiles = new QPushButton(tr("Re&move"), m_dataGroup);
    connect(m_removeFiles, &QPushButton::clicked, this, &BacktestDialog::removeDataFiles);
    auto* fileButtons = new QVBoxLayout;
    fileButtons->addWidget(add);
    fileButtons->addWidget(m_removeFiles);
    fileButtons->addStretch(1);
    auto* files = new QHBoxLayout;
    files->addWidget(m_files, 1);
    files->addLayout(fileButtons);

    m_timeframe = new QComboBox(m_dataGroup);
    m_timeframe->setObjectName(QStringLiteral("timeframe"));
    m_timeframe->addItem(tr("As the data"), QString());
    for (const char* timeframe : {"1m", "5m", "15m", "1h", "4h", "1d"}) {
        m_timeframe->addItem(QLatin1String(timeframe), QLatin1String(timeframe));
    }
    m_timeframe->setToolTip(
        tr("Bars the data is aggregated into; trade prints (tick files) need one"));
    auto* form = new QFormLayout;
    auto* timeframeLabel = new QLabel(tr("&Timeframe:"), m_dataGroup);
    timeframeLabel->setBuddy(m_timeframe);
    form->addRow(timeframeLabel, m_timeframe);

    auto* layout = new QVBoxLayout(m_dataGroup);
    layout->addLayout(files);
    layout->addLayout(form);
    return m_dataGroup;
}

QGroupBox* BacktestDialog::createStrategyGroup() {
    m_strategyGroup = new QGroupBox(tr("Strategy"), this);
    m_strategy = new QComboBox(m_strategyGroup);
    m_strategy->setObjectName(QStringLiteral("strategy"));
    for (const engine::StrategySpec& spec : engine::StrategyRegistry::builtins()) {
        m_strategy->addItem(QString::fromStdString(spec.name), QString::fromStdString(spec.name));
    }
    const int emaCross = m_strategy->findData(QStringLiteral("ema_cross"));
    m_strategy->setCurrentIndex(emaCross < 0 ? 0 : emaCross);
    connect(m_strategy, &QComboBox::currentIndexChanged, this, &BacktestDialog::onStrategyChanged);
    m_description = new QLabel(m_strategyGroup);
    m_description->setWordWrap(true);
    m_params = new StrategyParamsForm(m_strategyGroup);

    auto* layout = new QVBoxLayout(m_strategyGroup);
    layout->addWidget(m_strategy);
    layout->addWidget(m_description);
    layout->addWidget(m_params, 1);
    return m_strategyGroup;
}

QGroupBox* BacktestDialog::createSettingsGroup() {
    m_settingsGroup = new QGroupBox(tr("Account and Costs"), this);
    m_cash = amountBox(1e12, kDefaultCash, {}, m_settingsGroup);
    m_cash->setObjectName(QStringLiteral("initialCash"));
    m_cash->setMinimum(0.01);
    m_fee = amountBox(1000.0, 0.0, tr(" bps"), m_settingsGroup);
    m_fee->setObjectName(QStringLiteral("feeBps"));
    m_fee->setToolTip(tr("Fee per fill, in basis points of its notional"));
    m_slippage = amountBox(1000.0, 0.0, tr(" bps"), m_settingsGroup);
    m_slippage->setObjectName(QStringLiteral("slippageBps"));
    m_slippage->setToolTip(tr("Price moved against every fill, in basis points"));
    m_threads = new QSpinBox(m_settingsGroup);
    m_threads->setObjectName(QStringLiteral("threads"));
    m_threads->setRange(1, std::max(1, QThread::idealThreadCount()));
    m_threads->setToolTip(tr("Symbols run at once; the results do not depend on it"));

    m_database = new QLineEdit(m_settingsGroup);
    m_database->setObjectName(QStringLiteral("database"));
    m_database->setToolTip(tr("The run database the backtest writes; replaced if it exists"));
    connect(m_database, &QLineEdit::textEdited, this, [this] { m_customDatabase = true; });
    connect(m_database, &QLineEdit::textChanged, this, &BacktestDialog::updateButtons);
    auto* browse = new QPushButton(tr("&Browse…"), m_settingsGroup);
    connect(browse, &QPushButton::clicked, this, &BacktestDialog::chooseDatabase);
    auto* database = new QHBoxLayout;
    database->addWidget(m_database, 1);
    database->addWidget(browse);

    auto* form = new QFormLayout(m_settingsGroup);
    // the amounts stay as wide as they need, the database path takes the rest
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    const auto row = [this, form](const QString& text, QWidget* field, QLayout* layout) {
        auto* label = new QLabel(text, m_settingsGroup);
        label->setBuddy(field);
        if (layout) {
            form->addRow(label, layout);
        } else {
            form->addRow(label, field);
        }
    };
    row(tr("Initial &cash:"), m_cash, nullptr);
    row(tr("&Fee:"), m_fee, nullptr);
    row(tr("&Slippage:"), m_slippage, nullptr);
    row(tr("T&hreads:"), m_threads, nullptr);
    row(tr("&Database:"), m_database, database);
    return m_settingsGroup;
}

QGroupBox* BacktestDialog::createResultGroup() {
    m_resultGroup = new QGroupBox(tr("Result"), this);
    m_summary = new QLabel(m_resultGroup);
    m_summary->setObjectName(QStringLiteral("summaryLabel"));
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_openRun = new QPushButton(tr("&Open in Workstation"), m_resultGroup);
    m_openRun->setObjectName(QStringLiteral("openRunButton"));
    connect(m_openRun, &QPushButton::clicked, this, [this] {
        if (m_job && !m_job->isRunning()) {
            Q_EMIT openRunRequested(QString::fromStdString(m_job->request().dbPath));
        }
    });
    m_saveReport = new QPushButton(tr("Save &Report…"), m_resultGroup);
    m_saveReport->setObjectName(QStringLiteral("saveReportButton"));
    connect(m_saveReport, &QPushButton::clicked, this, &BacktestDialog::chooseReport);
    auto* actions = new QVBoxLayout;
    actions->addWidget(m_openRun);
    actions->addWidget(m_saveReport);
    actions->addStretch(1);
    auto* layout = new QHBoxLayout(m_resultGroup);
    layout->addWidget(m_summary, 1);
    layout->addLayout(actions);
    m_resultGroup->hide();
    return m_resultGroup;
}

void BacktestDialog::setDataFiles(const QStringList& paths) {
    m_files->clear();
    for (const QString& path : paths) {
        auto* item = new QListWidgetItem(QDir::toNativeSeparators(path), m_files);
        item->setData(Qt::UserRole, path);
        item->setToolTip(QDir::toNativeSeparators(path));
    }
    updateButtons();
}

QStringList BacktestDialog::dataFiles() const {
    QStringList paths;
    for (int row = 0; row < m_files->count(); ++row) {
        paths << m_files->item(row)->data(Qt::UserRole).toString();
    }
    return paths;
}

void BacktestDialog::addDataFiles() {
    const QStringList current = dataFiles();
    const QString start = current.isEmpty() ? QString() : QFileInfo(current.last()).path();
    const QStringList chosen = QFileDialog::getOpenFileNames(
        this, tr("Add Data Files"), start, tr("CSV files (*.csv);;All files (*)"));
    QStringList paths = current;
    for (const QString& path : chosen) {
        if (!paths.contains(path)) {
            paths << path;
        }
    }
    setDataFiles(paths);
}

void BacktestDialog::removeDataFiles() {
    qDeleteAll(m_files->selectedItems());
    updateButtons();
}

void BacktestDialog::setStrategy(const QString& name) {
    const int index = m_strategy->findData(name);
    if (index >= 0) {
        m_strategy->setCurrentIndex(index);
    }
}

void BacktestDialog::onStrategyChanged() {
    const std::string name = m_strategy->currentData().toString().toStdString();
    m_params->setStrategy(name);
    m_description->setText(
        QString::fromStdString(engine::StrategyRegistry::spec(name).description));
    refreshDefaultDatabase();
}

void BacktestDialog::setDatabasePath(const QString& path) {
    m_customDatabase = true;
    m_database->setText(path);
}

QString BacktestDialog::databasePath() const {
    return m_database->text();
}

void BacktestDialog::refreshDefaultDatabase() {
    if (m_customDatabase) {
        return;
    }
    QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    dir = dir.isEmpty() ? QDir::tempPath() : QDir(dir).filePath(QStringLiteral("runs"));
    const QString name =
        QStringLiteral("%1-%2.sqlite")
            .arg(m_strategy->currentData().toString(),
                 QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    m_database->setText(QDir::toNativeSeparators(QDir(dir).filePath(name)));
}

void BacktestDialog::chooseDatabase() {
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Run Database"), m_database->text(),
                                     tr("Run databases (*.sqlite *.db);;All files (*)"), nullptr,
                                     QFileDialog::DontConfirmOverwrite);
    if (!path.isEmpty()) {
        setDatabasePath(QDir::toNativeSeparators(path));
    }
}

engine::BacktestRequest BacktestDialog::request() const {
    engine::BacktestRequest request;
    request.settings.strategy = m_params->strategy();
    request.settings.params = m_params->params();
    request.settings.initialCash = StrategyParamsForm::decimalText(m_cash->value());
    request.settings.feeBps = StrategyParamsForm::decimalText(m_fee->value());
    request.settings.slippageBps = StrategyParamsForm::decimalText(m_slippage->value());
    for (const QString& path : dataFiles()) {
        request.data.push_back(path.toStdString());
    }
    request.timeframe = m_timeframe->currentData().toString().toStdString();
    request.dbPath = QDir::fromNativeSeparators(m_database->text()).toStdString();
    request.threads = m_threads->value();
    return request;
}

void BacktestDialog::run() {
    if (isRunning()) {
        return;
    }
    m_job.reset();  // the previous run's, finished
    m_error->hide();
    m_resultGroup->hide();
    if (m_files->count() == 0) {
        showError(tr("Add at least one data file."));
        return;
    }
    const QFileInfo database(m_database->text());
    if (m_database->text().isEmpty() || !QDir().mkpath(database.absolutePath())) {
        showError(tr("Cannot create the folder of the run database %1.")
                      .arg(QDir::toNativeSeparators(database.absoluteFilePath())));
        return;
    }
    auto job = std::make_unique<engine::BacktestJob>(request());
    connect(job.get(), &engine::BacktestJob::progress, this, &BacktestDialog::onProgress);
    connect(job.get(), &engine::BacktestJob::finished, this, &BacktestDialog::onFinished);
    connect(job.get(), &engine::BacktestJob::failed, this, &BacktestDialog::onFailed);
    try {
        job->start();
    } catch (const std::exception& error) {
        onFailed(QString::fromStdString(error.what()));
        return;
    }
    m_job = std::move(job);
    setRunning(true);
}

void BacktestDialog::cancel() {
    if (!isRunning()) {
        return;
    }
    m_job->cancel();
    m_cancel->setEnabled(false);
    m_progress->setFormat(tr("Cancelling…"));
}

bool BacktestDialog::isRunning() const {
    return m_job && m_job->isRunning();
}

void BacktestDialog::reject() {
    if (isRunning()) {
        m_job->cancel();
        QApplication::setOverrideCursor(Qt::WaitCursor);
        m_job.reset();
        QApplication::restoreOverrideCursor();
        setRunning(false);
    }
    QDialog::reject();
}

void BacktestDialog::onProgress(qint64 done, qint64 total) {
    if (!isRunning()) {
        return;
    }
    // a QProgressBar counts in int; bars beyond that are shown in per mille
    const bool scaled = total > std::numeric_limits<int>::max();
    m_progress->setRange(0, scaled ? 1000 : static_cast<int>(total));
    m_progress->setValue(scaled ? static_cast<int>(done * 1000 / total) : static_cast<int>(done));
    if (m_cancel->isEnabled()) {
        m_progress->setFormat(
            tr("%1 of %2 bars").arg(QLocale().toString(done), QLocale().toString(total)));
    }
}

void BacktestDialog::onFinished() {
    setRunning(false);
    showSummary(m_job->result());
    refreshDefaultDatabase();
    Q_EMIT finished();
}

void BacktestDialog::onFailed(const QString& message) {
    setRunning(false);
    showError(tr("The backtest did not run: %1").arg(message));
    Q_EMIT failed(message);
}

void BacktestDialog::setRunning(bool running) {
    for (QWidget* group : {m_dataGroup, m_strategyGroup, m_settingsGroup}) {
        group->setEnabled(!running);
    }
    m_run->setVisible(!running);
    m_cancel->setVisible(running);
    m_cancel->setEnabled(running);
    m_progress->setVisible(running);
    if (running) {
        m_progress->setRange(0, 0);  // busy until the data is read
        m_progress->setFormat(tr("Reading the data…"));
    }
    updateButtons();
}

void BacktestDialog::showSummary(const engine::BacktestResult& result) {
    const engine::BacktestSummary& s = result.summary;
    const QLocale locale;
    QStringList lines;
    lines << tr("%1 on %2 (%3 bars)")
                 .arg(QString::fromStdString(s.strategy),
                      QString::fromStdString(
                          joinedParts(result.symbols, &engine::SymbolResult::symbol)),
                      locale.toString(s.bars));
    lines << tr("Trades: %1 · win rate %2")
                 .arg(locale.toString(s.trades), percent(s.winRate * 100.0));
    lines << tr("Net PnL: %1 · return %2")
                 .arg(DisplayFormat::signedMoney(s.netPnl.toDouble()), percent(s.returnPct));
    lines << tr("Sharpe: %1 · max drawdown %2")
                 .arg(DisplayFormat::number(s.sharpe, 2), percent(s.maxDrawdownPct));
    if (const auto& benchmark = result.statistics.benchmark) {
        lines << tr("Buy and hold: return %1").arg(percent(benchmark->totalReturnPct));
    }
    lines << tr("Elapsed: %1 s · %2 events/s")
                 .arg(DisplayFormat::number(s.elapsedSeconds, 3),
                      locale.toString(qRound64(s.eventsPerSecond)));
    if (s.cancelled) {
        lines << tr("Cancelled: stopped before the end of the data");
    }
    m_summary->setText(lines.join(QLatin1Char('\n')));
    m_resultGroup->show();
}

void BacktestDialog::showError(const QString& message) {
    m_error->setText(message);
    m_error->show();
}

void BacktestDialog::chooseReport() {
    QString suggested = QString::fromStdString(m_job->request().dbPath);
    suggested = QFileInfo(suggested).dir().filePath(QFileInfo(suggested).completeBaseName() +
                                                    QStringLiteral(".html"));
    const QString path = m_reportPathChooser ? m_reportPathChooser(suggested)
                                             : QFileDialog::getSaveFileName(
                                                   this, tr("Save Report"), suggested,
                                                   tr("HTML reports (*.html);;All files (*)"));
    if (!path.isEmpty()) {
        saveReport(path);
    }
}

bool BacktestDialog::saveReport(const QString& path) {
    if (!m_job || m_job->isRunning() || m_resultGroup->isHidden()) {
        return false;
    }
    const std::string html =
        engine::renderHtmlReport(reportInput(m_job->request(), m_job->result()));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) ||
        file.write(html.data(), static_cast<qint64>(html.size())) < 0 || !file.commit()) {
        showError(tr("Cannot write the report %1: %2")
                      .arg(QDir::toNativeSeparators(path), file.errorString()));
        return false;
    }
    m_error->hide();
    Q_EMIT reportSaved(path);
    return true;
}

void BacktestDialog::updateButtons() {
    m_removeFiles->setEnabled(!m_files->selectedItems().isEmpty());
    m_run->setEnabled(!isRunning() && m_files->count() > 0 && !m_database->text().isEmpty());
}

QString BacktestDialog::summaryText() const {
    return m_resultGroup->isVisibleTo(this) ? m_summary->text() : QString();
}

QString BacktestDialog::errorText() const {
    return m_error->isVisibleTo(this) ? m_error->text() : QString();
}

}  // namespace causeway::ui
