#include "engine/runtime/symbol_executor.h"

#include <QTimer>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>

#include "engine/core/correlation.h"
#include "engine/runtime/workspace_graph.h"

namespace causeway::engine {

namespace {

// A full-speed replay proves it is alive every this many bars: one clock
// read per batch stays off the per-event cost.
constexpr std::int64_t kHeartbeatEvery = 256;

std::int64_t steadyNanos() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

}  // namespace

SymbolExecutor::SymbolExecutor(ExecutorConfig config, LedgerSink& sink,
                               std::shared_ptr<std::atomic_bool> stop)
    : m_config(std::move(config)),
      m_sink(sink),
      m_stop(std::move(stop)),
      m_ids(m_config.strategy),
      m_exchange(m_config.simulation),
      m_next(m_config.firstBar) {
    if (m_config.firstBar < 0 ||
        m_config.firstBar > static_cast<std::int64_t>(m_config.bars.size())) {
        throw std::invalid_argument("executor: first bar " + std::to_string(m_config.firstBar) +
                                    " is outside the " + std::to_string(m_config.bars.size()) +
                                    " bars");
    }
    if (!m_config.state) {
        m_config.state = std::make_shared<StateStore>();
    }
    const Candle& first = m_config.bars.front();
    m_candles = &m_graph.emplace<CandleNode>(candleNodeId(first.symbol.name(), first.timeframe));
    m_pipeline = StrategyRegistry::build(m_config.strategy, m_config.params, m_graph, *m_candles,
                                         first.timeframe, m_bus);
    m_scheduledExit = StrategyRegistry::buildScheduledExit(
        m_config.strategy, m_config.params, m_graph, *m_candles, first.timeframe, m_bus);
    m_graph.finalize();
    m_execution = std::make_unique<ExecutionWorker>(m_exchange, m_sink, m_ids, m_config.initialCash,
                                                    m_config.risk);
    m_execution->setTradingBlockedHandler([this](const TradingBlocked& block) {
        m_bus.publish(block);
        QString reasons;
        for (const auto& reason : block.reasons) {
            reasons += (reasons.isEmpty() ? QString() : QStringLiteral("; ")) +
                       QString::fromStdString(reason.message);
        }
        Q_EMIT tradingBlocked(reasons);
    });
    m_exchange.setReplyHandler([this](const ExchangeReply& reply) {
        ++m_events;
        m_execution->onReply(reply);
    });
    m_publishedNext.store(m_next, std::memory_order_relaxed);
    markAlive();
}

SymbolExecutor::~SymbolExecutor() = default;

ExecutorCounters SymbolExecutor::counters() const {
    ExecutorCounters counters;
    counters.firstBar = m_config.firstBar;
    counters.nextBar = m_publishedNext.load(std::memory_order_relaxed);
    counters.barsTotal = static_cast<std::int64_t>(m_config.bars.size());
    counters.events = m_publishedEvents.load(std::memory_order_relaxed);
    const std::lock_guard lock(m_busMutex);
    counters.bus = m_busMetrics;
    return counters;
}

void SymbolExecutor::markAlive() {
    m_heartbeat.store(steadyNanos(), std::memory_order_relaxed);
}

void SymbolExecutor::ping() {
    markAlive();
    captureBusMetrics();
}

void SymbolExecutor::publishCounters() {
    m_publishedNext.store(m_next, std::memory_order_relaxed);
    m_publishedEvents.store(m_events, std::memory_order_relaxed);
}

void SymbolExecutor::captureBusMetrics() {
    auto metrics = m_bus.metricsSnapshot();
    const std::lock_guard lock(m_busMutex);
    m_busMetrics = std::move(metrics);
}

void SymbolExecutor::fail(const std::exception& error) {
    publishCounters();
    captureBusMetrics();
    Q_EMIT failed(QString::fromStdString(error.what()));
}

void SymbolExecutor::start() {
    markAlive();
    try {
        // Indicators only: the strategy sees nothing before the first bar.
        for (std::int64_t i = 0; i < m_config.firstBar; ++i) {
            m_candles->set(m_config.bars[static_cast<std::size_t>(i)]);
            m_graph.propagate(*m_candles);
        }
        replayToResumePoint();
    } catch (const std::exception& error) {
        fail(error);
        return;
    }
    if (m_config.barsPerSecond <= 0.0) {
        try {
            const auto total = static_cast<std::int64_t>(m_config.bars.size());
            constexpr std::int64_t kProgressEvery = 4096;
            while (m_next < total && !m_stop->load(std::memory_order_relaxed)) {
                // Counted once processed: after a failure m_next is the bar
                // that failed, where a restart resumes.
                processBar(m_config.bars[static_cast<std::size_t>(m_next)]);
                ++m_next;
                if (m_next % kHeartbeatEvery == 0) {
                    publishCounters();
                    markAlive();
                }
                if (m_next % kProgressEvery == 0) {
                    Q_EMIT progress(m_next, total);
                }
            }
            finishRun();
        } catch (const std::exception& error) {
            fail(error);
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

void SymbolExecutor::replayToResumePoint() {
    if (!m_config.resume) {
        return;
    }
    m_resumeFailed = true;  // until the state is rebuilt and checked
    const ResumePoint& resume = *m_config.resume;
    const auto& bars = m_config.bars;
    const auto after =
        std::upper_bound(bars.begin(), bars.end(), resume.through,
                         [](Timestamp ts, const Candle& bar) { return ts < bar.ts; });
    const auto resumeAt = static_cast<std::int64_t>(after - bars.begin());
    if (resumeAt == 0 || bars[static_cast<std::size_t>(resumeAt - 1)].ts != resume.through) {
        throw std::runtime_error("cannot continue the session of " + bars.front().symbol.name() +
                                 ": its ledger ends at a bar of " + formatIso8601(resume.through) +
                                 " that its data file does not have");
    }
    if (resumeAt <= m_next) {
        m_resumeFailed = false;
        return;
    }
    // The engine is deterministic: the same bars rebuild the same positions,
    // orders, strategy state and ids the ledger recorded.
    m_sink.setOpen(false);
    while (m_next < resumeAt) {
        processBar(m_config.bars[static_cast<std::size_t>(m_next)]);
        ++m_next;
    }
    m_sink.setOpen(true);
    const std::string symbol = m_config.bars.front().symbol.name();
    const Quantity held = m_execution->position(m_config.strategy, m_config.bars.front().symbol);
    const auto recorded = resume.positions.find(m_config.strategy);
    const Quantity expected = recorded == resume.positions.end() ? Quantity() : recorded->second;
    std::set<std::string> live;
    for (const Order& order : m_execution->liveOrders()) {
        live.insert(order.id);
    }
    if (held != expected || live != resume.liveOrders) {
        throw std::runtime_error(
            "cannot continue the session of " + symbol + ": after its " + std::to_string(resumeAt) +
            " recorded bars the ledger holds a position of " + expected.toString() + " and " +
            std::to_string(resume.liveOrders.size()) + " working orders, the replay of its data " +
            held.toString() + " and " + std::to_string(live.size()) +
            " (did the data file or the strategy change?)");
    }
    m_resumeFailed = false;
    if (m_config.reauthorizeAtResume) {
        reauthorize(QStringLiteral("hand (session --reauthorize)"));
    }
    spdlog::info("executor {}: continued after bar {} with position {} and {} working orders",
                 symbol, formatIso8601(resume.through), held.toString(), live.size());
    publishCounters();
}

void SymbolExecutor::step() {
    try {
        const auto total = static_cast<std::int64_t>(m_config.bars.size());
        markAlive();
        if (m_next < total && !m_stop->load(std::memory_order_relaxed)) {
            processBar(m_config.bars[static_cast<std::size_t>(m_next)]);
            ++m_next;
            publishCounters();
            Q_EMIT progress(m_next, total);
            return;
        }
        m_timer->stop();
        finishRun();
    } catch (const std::exception& error) {
        m_timer->stop();
        fail(error);
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
    flow.state = m_config.state.get();
    flow.ids = &m_ids;
    return flow;
}

void SymbolExecutor::processBar(const Candle& bar) {
    m_clock.advanceTo(bar.ts);
    ++m_events;
    // Everything this bar causes — fills at its open, indicators, the
    // strategy flow, log lines, bus events — carries the bar's origin id.
    const std::string originId =
        "CDL_" + bar.symbol.name() + '_' + bar.timeframe.label() + '_' + formatCompact(bar.ts);
    const CorrelationScope flow(originId);
    // Orders decided at the previous close fill at this bar's open, before
    // the strategy sees this bar's close.
    exchangeBar(bar);
    m_sink.write(BarRecord{bar});
    m_candles->set(bar);
    m_graph.propagate(*m_candles);
    // decisions at this close see equity marked at this close
    m_execution->observeClose(bar);

    const FlowContext context = flowContext(OriginType::kCandle, originId, bar);
    const FlowResult result = m_pipeline->run(context, m_cache);
    if (result.rejected) {
        m_sink.write(JournalRecord{
            "decision_rejected", bar.ts, {}, {}, result.rejected->causality, result.context});
    }
    if (result.directive) {
        m_execution->execute(*result.directive, result.context, bar.ts);
    }
    m_execution->markToMarket(bar, context.origin);
    m_lastBarTs = bar.ts;
    if (m_config.reauthorizedAfter.contains(bar.ts)) {
        m_execution->reauthorize(bar.ts, "hand (replayed)", bar.symbol.name());
    }
}

void SymbolExecutor::exchangeBar(const Candle& bar) {
    if (const IntraBarDetail* detail = m_config.detail.get()) {
        // processBar runs on bars[m_next]
        const auto index = static_cast<std::size_t>(m_next);
        if (detail->hasTicks()) {
            if (const auto ticks = detail->ticks(index); !ticks.empty()) {
                m_exchange.onBarTicks(bar, ticks);
                return;
            }
        } else if (const auto path = detail->path(index, bar)) {
            m_exchange.onBar(bar, *path);
            return;
        }
    }
    m_exchange.onBar(bar);
}

void SymbolExecutor::reauthorize(const QString& by) {
    if (!m_execution->risk().blocked()) {
        return;
    }
    m_execution->reauthorize(m_lastBarTs, by.toStdString(), m_config.bars.front().symbol.name());
    spdlog::warn("executor {}: trading reauthorized by {}", m_config.bars.front().symbol.name(),
                 by.toStdString());
    Q_EMIT tradingReauthorized();
}

void SymbolExecutor::finishRun() {
    if (m_finished) {
        return;
    }
    m_finished = true;
    m_cancelled = m_next < static_cast<std::int64_t>(m_config.bars.size());
    if (m_next > m_config.firstBar && (!m_cancelled || m_config.flattenOnStop)) {
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
        const CorrelationScope flow(originId);
        const FlowContext exit = flowContext(OriginType::kSchedule, originId, last);
        const FlowResult result = m_scheduledExit->run(exit, m_cache);
        if (result.directive) {
            m_execution->execute(*result.directive, result.context, last.ts);
            m_exchange.settleAtClose(last);
        }
        m_execution->markToMarket(last, exit.origin);
    }
    publishCounters();
    captureBusMetrics();
    Q_EMIT progress(m_next, static_cast<qint64>(m_config.bars.size()));
    if (m_finalizer) {
        m_finalizer(*this);
    }
    Q_EMIT done();
}

}  // namespace causeway::engine
