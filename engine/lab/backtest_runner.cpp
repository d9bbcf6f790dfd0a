#include "engine/lab/backtest_runner.h"

#include <QElapsedTimer>

#include <algorithm>
#include <mutex>
#include <thread>

#include "engine/lab/run_collector.h"
#include "engine/runtime/symbol_executor.h"

namespace causeway::engine {

namespace {

// What one executor left behind.
struct SymbolRun {
    SymbolResult result;
    std::int64_t events = 0;
    std::int64_t orders = 0;
    std::int64_t fills = 0;
    std::vector<Money> tradePnls;
    std::vector<TradeOutcome> trades;
    std::vector<FillCost> fillCosts;
    std::vector<EquityPoint> equity;
    std::vector<EquityPoint> buyAndHold;
    bool cancelled = false;
    std::string error;
};

// Several symbols' series as one: at every time any of them has a point,
// the sum of each one's latest value (its starting value before its first
// point); in the market when any of them is.
std::vector<EquityPoint> combine(const std::vector<const std::vector<EquityPoint>*>& series,
                                 const std::vector<double>& starting) {
    if (series.size() == 1) {
        return *series.front();
    }
    std::vector<Timestamp> times;
    for (const auto* points : series) {
        for (const EquityPoint& p : *points) {
            times.push_back(p.ts);
        }
    }
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    std::vector<std::size_t> next(series.size(), 0);
    std::vector<EquityPoint> latest(series.size());
    for (std::size_t s = 0; s < series.size(); ++s) {
        latest[s].equity = starting[s];
    }
    std::vector<EquityPoint> combined;
    combined.reserve(times.size());
    for (const Timestamp ts : times) {
        EquityPoint point{ts, 0.0, false};
        for (std::size_t s = 0; s < series.size(); ++s) {
            const auto& points = *series[s];
            while (next[s] < points.size() && points[next[s]].ts <= ts) {
                latest[s] = points[next[s]++];
            }
            point.equity += latest[s].equity;
            point.inMarket = point.inMarket || latest[s].inMarket;
        }
        combined.push_back(point);
    }
    return combined;
}

// The share of the cash bought at the first close and held, marked at each
// close the executor processed.
std::vector<EquityPoint> buyAndHold(const std::vector<Candle>& bars, std::int64_t first,
                                    std::int64_t processed, Money cash) {
    std::vector<EquityPoint> points;
    if (processed <= first || bars[static_cast<std::size_t>(first)].close.isZero()) {
        return points;
    }
    const double units = cash.toDouble() / bars[static_cast<std::size_t>(first)].close.toDouble();
    points.reserve(static_cast<std::size_t>(processed - first));
    for (std::int64_t i = first; i < processed; ++i) {
        const Candle& bar = bars[static_cast<std::size_t>(i)];
        points.push_back({bar.ts, units * bar.close.toDouble(), true});
    }
    return points;
}

class ProgressTotal {
public:
    ProgressTotal(const BacktestOptions& options, std::size_t symbols, std::int64_t total)
        : m_report(options.progress), m_done(symbols, 0), m_total(total) {}

    void update(std::size_t symbol, std::int64_t done) {
        if (!m_report) {
            return;
        }
        const std::lock_guard lock(m_mutex);
        m_done[symbol] = done;
        std::int64_t sum = 0;
        for (const std::int64_t d : m_done) {
            sum += d;
        }
        m_report(sum, m_total);
    }

private:
    const std::function<void(std::int64_t, std::int64_t)>& m_report;
    std::mutex m_mutex;
    std::vector<std::int64_t> m_done;
    std::int64_t m_total;
};

SymbolRun runSymbol(const ResolvedSettings& settings, const SymbolSeries& series, Money cash,
                    const BacktestOptions& options, std::size_t index, ProgressTotal& progress) {
    SymbolRun run;
    run.result.symbol = series.symbol().name();
    run.result.timeframe = series.timeframe().label();
    run.result.dataPath = series.path;
    run.result.detailPath = series.detail ? series.detailPath : std::string();
    run.result.initialCash = cash;
    try {
        ExecutorConfig config = settings.executor;
        config.bars = series.bars;
        config.detail = series.detail;
        config.initialCash = cash;
        config.firstBar =
            std::lower_bound(series.bars.begin(), series.bars.end(), options.tradeFrom,
                             [](const Candle& bar, Timestamp ts) { return bar.ts < ts; }) -
            series.bars.begin();
        const std::int64_t first = config.firstBar;
        RunCollector collector(options.storage, series.bars);
        auto stop = options.stop ? options.stop : std::make_shared<std::atomic_bool>(false);
        SymbolExecutor executor(std::move(config), collector, stop);
        QObject::connect(
            &executor, &SymbolExecutor::progress, &executor,
            [&](qint64 done, qint64) { progress.update(index, done - first); },
            Qt::DirectConnection);
        QObject::connect(
            &executor, &SymbolExecutor::failed, &executor,
            [&](const QString& message) { run.error = message.toStdString(); },
            Qt::DirectConnection);
        executor.start();
        if (!run.error.empty()) {
            return run;
        }
        progress.update(index, executor.barsProcessed() - first);
        const ExecutionWorker& execution = executor.execution();
        run.result.bars = executor.barsProcessed() - first;
        run.result.trades = static_cast<std::int64_t>(execution.closedTradePnls().size());
        run.result.netPnl = execution.cash() - cash;
        run.result.fees = execution.totalFees();
        run.events = executor.events();
        run.orders = execution.orderCount();
        run.fills = execution.fillCount();
        run.cancelled = executor.cancelled();
        run.trades = collector.trades();
        run.fillCosts = collector.fills();
        run.equity = collector.equity();
        run.buyAndHold = buyAndHold(series.bars, first, executor.barsProcessed(), cash);
    } catch (const std::exception& error) {
        run.error = error.what();
    }
    return run;
}

}  // namespace

BacktestResult runBacktest(const RunSettings& settings, const BacktestData& data,
                           const BacktestOptions& options) {
    return runBacktest(resolveRunSettings(settings), data, options);
}

BacktestResult runBacktest(const ResolvedSettings& settings, const BacktestData& data,
                           const BacktestOptions& options) {
    if (data.symbols.empty()) {
        throw std::invalid_argument("the backtest has no data");
    }
    QElapsedTimer elapsed;
    elapsed.start();
    const std::size_t n = data.symbols.size();
    const Money total = settings.executor.initialCash;
    const Money share = Money::fromRaw(total.raw() / static_cast<std::int64_t>(n));
    std::vector<Money> cash(n, share);
    cash.front() += total - Money::fromRaw(share.raw() * static_cast<std::int64_t>(n));
    if (options.storage) {
        std::vector<RunInfoRecord> info =
            runInfoRecords(settings, settings.executor.strategy, data.dataList(), data.symbolList(),
                           data.timeframeList(), "backtest");
        std::string shares;
        for (std::size_t i = 0; i < n; ++i) {
            shares += (i ? "," : "") + data.symbols[i].symbol().name() + '=' + cash[i].toString();
        }
        info.push_back({"symbol_cash", shares});
        for (auto& record : info) {
            options.storage->write(std::move(record));
        }
    }

    ProgressTotal progress(options, n, data.barCount());
    std::vector<SymbolRun> runs(n);
    std::atomic<std::size_t> nextSymbol{0};
    const auto work = [&] {
        for (std::size_t i = nextSymbol++; i < n; i = nextSymbol++) {
            runs[i] = runSymbol(settings, data.symbols[i], cash[i], options, i, progress);
        }
    };
    const auto threads = static_cast<std::size_t>(std::clamp<int>(options.threads, 1, 256));
    if (threads <= 1 || n == 1) {
        work();
    } else {
        std::vector<std::jthread> pool;
        for (std::size_t t = 0; t < std::min(threads, n); ++t) {
            pool.emplace_back(work);
        }
    }
    for (const SymbolRun& run : runs) {
        if (!run.error.empty()) {
            throw BacktestError(run.result.symbol + ": " + run.error);
        }
    }

    BacktestResult result;
    StatisticsInput& input = result.input;
    input.initialCash = total.toDouble();
    input.riskFreeRate = options.riskFreeRate;
    std::vector<const std::vector<EquityPoint>*> equity;
    std::vector<const std::vector<EquityPoint>*> benchmark;
    std::vector<double> starting;
    BacktestSummary& s = result.summary;
    s.strategy = settings.executor.strategy;
    s.symbol = data.symbolList();
    s.initialCash = total;
    for (std::size_t i = 0; i < n; ++i) {
        const SymbolRun& run = runs[i];
        result.symbols.push_back(run.result);
        equity.push_back(&run.equity);
        benchmark.push_back(&run.buyAndHold);
        starting.push_back(cash[i].toDouble());
        input.trades.insert(input.trades.end(), run.trades.begin(), run.trades.end());
        input.fills.insert(input.fills.end(), run.fillCosts.begin(), run.fillCosts.end());
        s.bars += run.result.bars;
        s.events += run.events;
        s.orders += run.orders;
        s.fills += run.fills;
        s.trades += run.result.trades;
        s.fees += run.result.fees;
        s.netPnl += run.result.netPnl;
        s.cancelled = s.cancelled || run.cancelled;
        const ValidationMetrics& quality = data.symbols[i].quality;
        s.priceJumps += quality.priceJumps;
        s.volumeOutliers += quality.volumeOutliers;
        s.gaps += quality.gaps;
    }
    // Symbols in the order given, each in its own order: stable sorts keep
    // the result the same whichever executor finished first.
    std::stable_sort(
        input.trades.begin(), input.trades.end(),
        [](const TradeOutcome& a, const TradeOutcome& b) { return a.exitTs < b.exitTs; });
    std::stable_sort(input.fills.begin(), input.fills.end(),
                     [](const FillCost& a, const FillCost& b) { return a.ts < b.ts; });
    input.equity = combine(equity, starting);
    input.benchmark = combine(benchmark, starting);
    result.statistics = computeStatistics(input);

    const RunStatistics& stats = result.statistics;
    s.returnPct = s.netPnl.toDouble() / total.toDouble() * 100.0;
    s.maxDrawdownPct = stats.maxDrawdownPct;
    s.sharpe = stats.sharpe;
    s.winRate = stats.winRate;
    s.profitFactor = stats.profitFactor.value_or(-1.0);
    s.elapsedSeconds = static_cast<double>(elapsed.nsecsElapsed()) / 1e9;
    s.eventsPerSecond =
        s.elapsedSeconds > 0 ? static_cast<double>(s.events) / s.elapsedSeconds : 0.0;
    return result;
}

}  // namespace causeway::engine
