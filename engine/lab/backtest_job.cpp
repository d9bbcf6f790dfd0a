#include "engine/lab/backtest_job.h"

#include <QMetaObject>

#include "engine/storage/run_reader.h"
#include "engine/storage/storage_writer.h"

namespace causeway::engine {

BacktestJob::BacktestJob(BacktestRequest request, QObject* parent)
    : QObject(parent),
      m_request(std::move(request)),
      m_stop(std::make_shared<std::atomic_bool>(false)) {}

BacktestJob::~BacktestJob() {
    m_stop->store(true);
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

void BacktestJob::start() {
    if (m_running || m_thread.joinable()) {
        throw std::logic_error("backtest job already started");
    }
    m_resolved = resolveRunSettings(m_request.settings);
    m_running = true;
    m_thread = std::thread([this] { run(); });
}

void BacktestJob::cancel() {
    m_stop->store(true);
}

void BacktestJob::run() {
    // The outcome reaches the caller's thread queued, after m_result is set.
    const auto report = [this](const QString& error) {
        QMetaObject::invokeMethod(
            this,
            [this, error] {
                if (m_thread.joinable()) {
                    m_thread.join();
                }
                m_running = false;
                if (error.isEmpty()) {
                    Q_EMIT finished();
                } else {
                    Q_EMIT failed(error);
                }
            },
            Qt::QueuedConnection);
    };
    try {
        const BacktestData data =
            loadBacktestData(m_request.data, m_request.detail, m_request.timeframe);
        if (m_stop->load()) {
            report(tr("cancelled before the run started"));
            return;
        }
        StorageWriter writer(m_request.dbPath);
        BacktestOptions options;
        options.threads = m_request.threads;
        options.riskFreeRate = m_request.riskFreeRate;
        options.storage = &writer;
        options.stop = m_stop;
        options.progress = [this](std::int64_t done, std::int64_t total) {
            Q_EMIT progress(done, total);
        };
        BacktestResult result;
        try {
            result = runBacktest(m_resolved, data, options);
        } catch (...) {
            writer.finish();
            throw;
        }
        if (const auto error = writer.finish()) {
            report(QString::fromStdString(*error));
            return;
        }
        result.summary.ledgerHash = RunReader(m_request.dbPath).ledgerHash();
        m_result = std::move(result);
        report({});
    } catch (const std::exception& error) {
        report(QString::fromStdString(error.what()));
    }
}

}  // namespace causeway::engine
