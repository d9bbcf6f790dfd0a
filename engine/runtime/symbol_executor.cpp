#include "engine/runtime/symbol_executor.h"

#include <QTimer>

#include <spdlog/spdlog.h>

#include <cmath>

namespace causeway::engine {

SymbolExecutor::SymbolExecutor(ExecutorConfig config, LedgerSink& sink,
                               std::shared_ptr<std::atomic_bool> stop)
    : m_config(std::move(config)),
      m_sink(sink),
      m_stop(std::move(stop)),
      m_ids(m_config.strategy),
      m_exchange(m_config.costs) {
    const Candle& first = m_config.bars.front();
    m_candles = &m_graph.emplace<CandleNode>("candles." + first.symbol.name() + "." +
                                             first.timeframe.label());
    m_pipeline =
        StrategyRegistry::build(m_config.strategy, m_config.params, m_graph, *m_candles, m_bus);
    m_scheduledExit = StrategyRegistry::buildScheduledExit(m_config.strategy, m_bus);
    m_graph.finalize();
    m_execution =
        std::make_unique<ExecutionWorker>(m_exchange, m_sink, m_ids, m_config.initialCash);
    m_exchange.setReplyHandler([this](const ExchangeReply& reply) {
        ++m_events;
        m_execution->onReply(reply);
    });
}

SymbolExecutor::~SymbolExecutor() = default;

void SymbolExecutor::start() {
    if (m_config.barsPerSecond <= 0.0) {
        try {
            const auto total = static_cast<std::int64_t>(m_config.bars.size());
            constexpr std::int64_t kProgressEvery = 4096;
            while (m_next < total && !m_stop->load(std::memory_order_relaxed)) {
                processBar(m_config.bars[static_cast<std::size_t>(m_next++)]);
                if (m_next % kProgressEvery == 0) {
                    Q_EMIT progress(m_next, total);
                }
            }
            finishRun();
        } catch (const std::exception& error) {
            Q_EMIT failed(QString::fromStdString(error.what()));
        }
        return;
    }
    m_timer = new QTimer(this);
    m_timer->setTimerType(Qt::PreciseTimer);
    m_timer->setInterval(
        std::max(1, static_cast<int>(std::lround(1000.0 / m_config.barsPerSecond))));
    connect(m_timer, &QTimer::timeout, this, &SymbolExecutor::step);
    m_timer->start();
}

void SymbolExecutor::step() {
    try {
        const auto total = static_cast<std::int64_t>(m_config.bars.size());
        if (m_next < total && !m_stop->load(std::memory_order_relaxed)) {
            processBar(m_config.bars[static_cast<std::size_t>(m_next++)]);
            Q_EMIT progress(m_next, total);
            return;
        }
        m_timer->stop();
        finishRun();
    } catch (const std::exception& error) {
        m_timer->stop();
        Q_EMIT failed(QString::fromStdString(error.what()));
    }
}

FlowContext SymbolExecutor::flowContext(OriginType type, const std::string& originId,
                                        const Candle& bar) {
    FlowContext flow;
    flow.origin = Origin{type, originId, bar.ts};
    flow.symbol = bar.symbol;
    flow.bar = &bar;
    flow.strategy = m_config.strategy;
    flow.ledger = m_execution.get();
    flow.ids = &m_ids;
    return flow;
}

void SymbolExecutor::processBar(const Candle& bar) {
    m_clock.advanceTo(bar.ts);
    ++m_events;
    // Orders decided at the previous close fill at this bar's open, before
    // the strategy sees this bar's close.
    m_exchange.onBarOpen(bar);
    m_sink.write(BarRecord{bar});
    m_candles->set(bar);
    m_graph.propagate(*m_candles);

    const std::string originId =
        "CDL_" + bar.symbol.name() + '_' + bar.timeframe.label() + '_' + formatCompact(bar.ts);
    const FlowResult result =
        m_pipeline->run(flowContext(OriginType::kCandle, originId, bar), m_cache);
    if (result.rejected) {
        m_sink.write(JournalRecord{"decision_rejected",
                                   bar.ts,
                                   {},
                                   {},
                                   result.rejected->causality.toJson(),
                                   result.rejected->context});
    }
    if (result.directive) {
        m_execution->execute(*result.directive, result.context, bar.ts);
    }
    m_execution->markToMarket(bar);
}

void SymbolExecutor::finishRun() {
    if (m_finished) {
        return;
    }
    m_finished = true;
    m_cancelled = m_next < static_cast<std::int64_t>(m_config.bars.size());
    if (m_next > 0) {
        // End of data (or a stop): a scheduled flow closes what is open at
        // the last close, so every round trip in the ledger is complete.
        const Candle& last = m_config.bars[static_cast<std::size_t>(m_next - 1)];
        // Orders decided at the last close would fill at a next open that
        // never comes: they expire, and the exit below sees the position as
        // it really is.
        m_exchange.expireWorking(last.ts, m_cancelled ? "session stopped before the next bar"
                                                      : "end of data before the next bar");
        ++m_events;
        const std::string originId = "SCH_end_of_data_" + formatCompact(last.ts);
        const FlowResult result =
            m_scheduledExit->run(flowContext(OriginType::kSchedule, originId, last), m_cache);
        if (result.directive) {
            m_execution->execute(*result.directive, result.context, last.ts);
            m_exchange.settleAtClose(last);
        }
        m_execution->markToMarket(last);
    }
    Q_EMIT progress(m_next, static_cast<qint64>(m_config.bars.size()));
    if (m_finalizer) {
        m_finalizer(*this);
    }
    Q_EMIT done();
}

}  // namespace causeway::engine
