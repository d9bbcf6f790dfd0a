#include "engine/runtime/session.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "engine/lab/statistics.h"
#include "engine/runtime/bar_input.h"
#include "engine/runtime/executor_thread.h"
#include "engine/runtime/symbol_executor.h"
#include "engine/runtime/workspace_config.h"
#include "engine/runtime/workspace_sections.h"
#include "engine/storage/run_reader.h"
#include "engine/storage/schema.h"
#include "engine/storage/storage_writer.h"

namespace causeway::engine {

SimulationConfig simulationConfig(const EngineConfig& engine) {
    SimulationConfig simulation;
    simulation.slippageBps = engine.slippageBps;
    simulation.takerFeeBps = engine.takerFeeBps.value_or(engine.feeBps);
    simulation.makerFeeBps = engine.makerFeeBps.value_or(engine.feeBps);
    simulation.latency = static_cast<Timestamp>(std::llround(engine.latencyMs * 1e6));
    simulation.participation = engine.participation;
    simulation.rejectEvery = engine.rejectEvery;
    simulation.rejectRate = engine.rejectRate;
    return simulation;
}

Session::Session(SessionConfig config, QObject* parent)
    : QObject(parent),
      m_config(std::move(config)),
      m_stopFlag(std::make_shared<std::atomic_bool>(false)) {}

Session::~Session() {
    m_stopFlag->store(true);
    m_thread.reset();
}

void Session::start() {
    if (m_running || m_thread) {
        throw std::logic_error("session already started");
    }
    ResolvedSettings resolved = resolveRunSettings(m_config);
    ExecutorConfig executorConfig = resolved.executor;
    executorConfig.barsPerSecond = m_config.barsPerSecond;
    ValidatedBars input = readSessionBars(m_config.dataPath);
    executorConfig.bars = std::move(input.bars);

    m_writer = std::make_unique<StorageWriter>(m_config.dbPath);
    const Candle& first = executorConfig.bars.front();
    for (auto& record : runInfoRecords(resolved, m_config.strategy, m_config.dataPath,
                                       first.symbol.name(), first.timeframe.label(),
                                       m_config.barsPerSecond > 0 ? "paper" : "backtest")) {
        m_writer->write(std::move(record));
    }

    m_summary = BacktestSummary{};
    m_summary.strategy = m_config.strategy;
    m_summary.symbol = first.symbol.name();
    m_summary.initialCash = executorConfig.initialCash;
    m_summary.priceJumps = input.metrics.priceJumps;
    m_summary.volumeOutliers = input.metrics.volumeOutliers;
    m_summary.gaps = input.metrics.gaps;

    auto executor =
        std::make_unique<SymbolExecutor>(std::move(executorConfig), *m_writer, m_stopFlag);
    executor->setFinalizer([this](SymbolExecutor& executor) {
        // On the engine thread: the run is over, so waiting for the disk here
        // costs no one anything.
        if (const auto error = m_writer->finish()) {
            m_error = QString::fromStdString(*error);
            return;
        }
        const ExecutionWorker& execution = executor.execution();
        BacktestSummary& s = m_summary;
        s.bars = executor.barsProcessed();
        s.events = executor.events();
        s.orders = execution.orderCount();
        s.fills = execution.fillCount();
        s.trades = static_cast<std::int64_t>(execution.closedTradePnls().size());
        s.fees = execution.totalFees();
        s.netPnl = execution.cash() - s.initialCash;
        s.returnPct = s.netPnl.toDouble() / s.initialCash.toDouble() * 100.0;
        // The lab's statistics of the run, from what the executor kept: its
        // equity at each close and the pnl of each round trip.
        StatisticsInput input;
        input.initialCash = s.initialCash.toDouble();
        const auto& bars = executor.bars();
        const auto& curve = execution.equityCurve();
        for (std::size_t i = 0; i < curve.size() && i < bars.size(); ++i) {
            input.equity.push_back({bars[i].ts, curve[i], false});
        }
        for (const Money& pnl : execution.closedTradePnls()) {
            TradeOutcome trade;
            trade.pnl = pnl.toDouble();
            input.trades.push_back(trade);
        }
        const RunStatistics stats = computeStatistics(input);
        s.maxDrawdownPct = stats.maxDrawdownPct;
        s.sharpe = stats.sharpe;
        s.winRate = stats.winRate;
        s.profitFactor = stats.profitFactor.value_or(-1.0);
        s.cancelled = executor.cancelled();
        try {
            s.ledgerHash = RunReader(m_config.dbPath).ledgerHash();
        } catch (const std::exception& error) {
            m_error = QString::fromStdString(error.what());
        }
    });

    m_thread = std::make_unique<ExecutorThread>(
        std::move(executor), QStringLiteral("engine-") + QString::fromStdString(m_summary.symbol));
    SymbolExecutor* running = &m_thread->executor();
    connect(running, &SymbolExecutor::progress, this, &Session::progress);
    connect(running, &SymbolExecutor::tradingBlocked, this, [this](const QString& reasons) {
        m_blocked = true;
        Q_EMIT tradingBlocked(reasons);
    });
    connect(running, &SymbolExecutor::tradingReauthorized, this, [this] {
        m_blocked = false;
        Q_EMIT tradingReauthorized();
    });
    connect(running, &SymbolExecutor::done, this, &Session::onExecutorDone);
    connect(running, &SymbolExecutor::failed, this, [this](const QString& message) {
        m_running = false;
        m_writer->finish();
        m_thread->join();
        Q_EMIT failed(message);
    });
    m_elapsed.start();
    m_running = true;
    m_thread->start();
}

void Session::stop() {
    m_stopFlag->store(true);
}

void Session::reauthorize() {
    if (m_running && m_thread) {
        QMetaObject::invokeMethod(&m_thread->executor(), "reauthorize", Qt::QueuedConnection,
                                  Q_ARG(QString, QStringLiteral("hand")));
    }
}

void Session::onExecutorDone() {
    m_running = false;
    m_thread->join();
    m_summary.elapsedSeconds = static_cast<double>(m_elapsed.nsecsElapsed()) / 1e9;
    m_summary.eventsPerSecond =
        m_summary.elapsedSeconds > 0
            ? static_cast<double>(m_summary.events) / m_summary.elapsedSeconds
            : 0.0;
    if (!m_error.isEmpty()) {
        m_storageFailed = true;
        Q_EMIT failed(m_error);
        return;
    }
    Q_EMIT finished();
}

}  // namespace causeway::engine
