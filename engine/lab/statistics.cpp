#include "engine/lab/statistics.h"

#include <QJsonArray>
#include <QString>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>

namespace causeway::engine {

namespace {

constexpr double kNanosPerYear = 365.25 * static_cast<double>(kNanosPerDay);

double mean(const std::vector<double>& values) {
    if (values.empty()) {
        return 0.0;
    }
    return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

double sampleStdev(const std::vector<double>& values) {
    if (values.size() < 2) {
        return 0.0;
    }
    const double m = mean(values);
    double sum = 0.0;
    for (const double v : values) {
        sum += (v - m) * (v - m);
    }
    return std::sqrt(sum / static_cast<double>(values.size() - 1));
}

// A zero equity has no return to the next bar; such steps are skipped, as
// the runtime statistics do.
std::vector<double> periodReturns(const std::vector<EquityPoint>& equity) {
    std::vector<double> returns;
    returns.reserve(equity.empty() ? 0 : equity.size() - 1);
    for (std::size_t i = 1; i < equity.size(); ++i) {
        if (equity[i - 1].equity != 0.0) {
            returns.push_back(equity[i].equity / equity[i - 1].equity - 1.0);
        }
    }
    return returns;
}

void fillRiskAdjusted(SeriesStats& stats, const std::vector<double>& returns, double riskFree) {
    const double p = stats.periodsPerYear;
    if (p <= 0.0 || returns.empty()) {
        return;
    }
    const double rfPeriod = std::pow(1.0 + riskFree, 1.0 / p) - 1.0;
    double excessSum = 0.0;
    double downsideSquares = 0.0;
    for (const double r : returns) {
        excessSum += r - rfPeriod;
        const double downside = std::min(0.0, r - rfPeriod);
        downsideSquares += downside * downside;
    }
    const auto n = static_cast<double>(returns.size());
    const double meanExcess = excessSum / n;
    const double stdev = sampleStdev(returns);
    stats.volatilityPct = stdev * std::sqrt(p) * 100.0;
    if (returns.size() >= 2 && stdev > 0.0) {
        stats.sharpe = meanExcess / stdev * std::sqrt(p);
    }
    const double downsideDeviation = std::sqrt(downsideSquares / n);
    if (downsideDeviation > 0.0) {
        stats.sortino = meanExcess / downsideDeviation * std::sqrt(p);
    }
}

// The deepest drawdown runs from the last point at its peak (the first
// point when the peak is the initial cash) to the first point back at it.
void fillDrawdown(SeriesStats& stats, const std::vector<EquityPoint>& equity, double initialCash) {
    const std::vector<double> dd = drawdownSeries(equity, initialCash);
    const auto trough = std::max_element(dd.begin(), dd.end());
    if (trough == dd.end() || *trough <= 0.0) {
        return;
    }
    const auto troughIndex = static_cast<std::size_t>(trough - dd.begin());
    std::size_t peakIndex = troughIndex;
    while (peakIndex > 0 && dd[peakIndex] > 0.0) {
        --peakIndex;
    }
    std::size_t endIndex = troughIndex;
    while (endIndex + 1 < dd.size() && dd[endIndex] > 0.0) {
        ++endIndex;
    }
    stats.maxDrawdownPct = *trough;
    stats.drawdownPeakTs = equity[peakIndex].ts;
    stats.drawdownTroughTs = equity[troughIndex].ts;
    if (dd[endIndex] == 0.0) {
        stats.recoveryTs = equity[endIndex].ts;
    }
    stats.maxDrawdownDuration = equity[endIndex].ts - equity[peakIndex].ts;
    stats.maxDrawdownBars = static_cast<int>(endIndex - peakIndex);
}

void fillTrades(RunStatistics& stats, const std::vector<TradeOutcome>& trades) {
    double pnlSum = 0.0;
    for (const TradeOutcome& trade : trades) {
        pnlSum += trade.pnl;
        if (trade.pnl > 0.0) {
            ++stats.winCount;
            stats.grossProfit += trade.pnl;
            stats.largestWin = std::max(stats.largestWin, trade.pnl);
        } else if (trade.pnl < 0.0) {
            ++stats.lossCount;
            stats.grossLoss += trade.pnl;
            stats.largestLoss = std::min(stats.largestLoss, trade.pnl);
        }
    }
    stats.tradeCount = static_cast<int>(trades.size());
    if (stats.tradeCount > 0) {
        stats.winRate = static_cast<double>(stats.winCount) / stats.tradeCount;
        stats.expectancy = pnlSum / stats.tradeCount;
    }
    if (stats.winCount > 0) {
        stats.averageWin = stats.grossProfit / stats.winCount;
    }
    if (stats.lossCount > 0) {
        stats.averageLoss = stats.grossLoss / stats.lossCount;
        stats.profitFactor = stats.grossProfit / -stats.grossLoss;
    } else {
        stats.profitFactor = stats.grossProfit > 0.0 ? std::nullopt : std::optional<double>(0.0);
    }
}

void fillCosts(RunStatistics& stats, const StatisticsInput& input) {
    double notional = 0.0;
    for (const FillCost& fill : input.fills) {
        notional += std::abs(fill.notional);
        stats.fees += fill.fee;
        stats.slippageCost += fill.slippageCost;
    }
    double equitySum = 0.0;
    int inMarket = 0;
    for (const EquityPoint& point : input.equity) {
        equitySum += point.equity;
        inMarket += point.inMarket ? 1 : 0;
    }
    if (input.equity.empty()) {
        return;
    }
    const auto n = static_cast<double>(input.equity.size());
    stats.exposurePct = inMarket / n * 100.0;
    const double meanEquity = equitySum / n;
    if (meanEquity != 0.0) {
        stats.turnover = notional / meanEquity;
    }
    if (stats.years > 0.0) {
        stats.annualizedTurnover = stats.turnover / stats.years;
    }
}

// Return of each calendar period (UTC) from the last point of the period
// before it that has data (the initial cash before the first one).
template <class Key, class Emit>
void periodicReturns(const std::vector<EquityPoint>& equity, double initialCash, Key key,
                     Emit emit) {
    double base = initialCash;
    for (std::size_t i = 0; i < equity.size(); ++i) {
        const bool lastOfPeriod = i + 1 == equity.size() || key(equity[i + 1]) != key(equity[i]);
        if (!lastOfPeriod) {
            continue;
        }
        const double close = equity[i].equity;
        emit(toCivil(equity[i].ts), base != 0.0 ? (close / base - 1.0) * 100.0 : 0.0);
        base = close;
    }
}

void fillCalendar(RunStatistics& stats, const std::vector<EquityPoint>& equity,
                  double initialCash) {
    periodicReturns(
        equity, initialCash,
        [](const EquityPoint& p) {
            const CivilTime c = toCivil(p.ts);
            return c.year * 12 + c.month;
        },
        [&](const CivilTime& c, double pct) {
            stats.monthly.push_back({c.year, c.month, pct});
        });
    periodicReturns(
        equity, initialCash, [](const EquityPoint& p) { return toCivil(p.ts).year; },
        [&](const CivilTime& c, double pct) {
            stats.yearly.push_back({c.year, pct});
        });
}

QJsonValue number(double value) {
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue();
}

QJsonValue number(const std::optional<double>& value) {
    return value ? number(*value) : QJsonValue();
}

QJsonValue timestamp(const std::optional<Timestamp>& ts) {
    return ts ? QJsonValue(QString::fromStdString(formatIso8601(*ts))) : QJsonValue();
}

}  // namespace

std::vector<double> drawdownSeries(const std::vector<EquityPoint>& equity, double startingPeak) {
    std::vector<double> out;
    out.reserve(equity.size());
    double peak = startingPeak;
    bool first = startingPeak == 0.0;
    for (const EquityPoint& point : equity) {
        peak = first ? point.equity : std::max(peak, point.equity);
        first = false;
        out.push_back(peak > 0.0 ? (peak - point.equity) / peak * 100.0 : 0.0);
    }
    return out;
}

SeriesStats computeSeriesStats(const std::vector<EquityPoint>& equity, double initialCash,
                               double riskFreeRate) {
    SeriesStats stats;
    stats.finalEquity = equity.empty() ? initialCash : equity.back().equity;
    if (equity.empty()) {
        return stats;
    }
    stats.years = static_cast<double>(equity.back().ts - equity.front().ts) / kNanosPerYear;
    if (stats.years > 0.0) {
        stats.periodsPerYear = static_cast<double>(equity.size() - 1) / stats.years;
    }
    if (initialCash > 0.0) {
        const double growth = stats.finalEquity / initialCash;
        stats.totalReturnPct = (growth - 1.0) * 100.0;
        if (stats.years > 0.0 && growth >= 0.0) {
            stats.annualizedReturnPct = (std::pow(growth, 1.0 / stats.years) - 1.0) * 100.0;
        }
    }
    fillRiskAdjusted(stats, periodReturns(equity), riskFreeRate);
    fillDrawdown(stats, equity, initialCash);
    if (stats.maxDrawdownPct > 0.0) {
        stats.calmar = stats.annualizedReturnPct / stats.maxDrawdownPct;
    }
    return stats;
}

RunStatistics computeStatistics(const StatisticsInput& input) {
    RunStatistics stats;
    static_cast<SeriesStats&>(stats) =
        computeSeriesStats(input.equity, input.initialCash, input.riskFreeRate);
    stats.netPnl = input.equity.empty() ? 0.0 : stats.finalEquity - input.initialCash;
    fillTrades(stats, input.trades);
    fillCosts(stats, input);
    fillCalendar(stats, input.equity, input.initialCash);
    if (!input.benchmark.empty()) {
        stats.benchmark =
            computeSeriesStats(input.benchmark, input.initialCash, input.riskFreeRate);
    }
    return stats;
}

QJsonObject toJson(const SeriesStats& stats) {
    return QJsonObject{
        {QStringLiteral("total_return_pct"), number(stats.totalReturnPct)},
        {QStringLiteral("annualized_return_pct"), number(stats.annualizedReturnPct)},
        {QStringLiteral("volatility_pct"), number(stats.volatilityPct)},
        {QStringLiteral("sharpe"), number(stats.sharpe)},
        {QStringLiteral("sortino"), number(stats.sortino)},
        {QStringLiteral("calmar"), number(stats.calmar)},
        {QStringLiteral("max_drawdown_pct"), number(stats.maxDrawdownPct)},
        {QStringLiteral("max_drawdown_duration_ns"),
         static_cast<qint64>(stats.maxDrawdownDuration)},
        {QStringLiteral("max_drawdown_duration_days"),
         static_cast<double>(stats.maxDrawdownDuration) / static_cast<double>(kNanosPerDay)},
        {QStringLiteral("max_drawdown_bars"), stats.maxDrawdownBars},
        {QStringLiteral("drawdown_peak_ts"), timestamp(stats.drawdownPeakTs)},
        {QStringLiteral("drawdown_trough_ts"), timestamp(stats.drawdownTroughTs)},
        {QStringLiteral("recovery_ts"), timestamp(stats.recoveryTs)},
        {QStringLiteral("final_equity"), number(stats.finalEquity)},
        {QStringLiteral("years"), number(stats.years)},
        {QStringLiteral("periods_per_year"), number(stats.periodsPerYear)},
    };
}

QJsonObject toJson(const RunStatistics& stats) {
    QJsonObject out = toJson(static_cast<const SeriesStats&>(stats));
    const QJsonObject runFields{
        {QStringLiteral("trade_count"), stats.tradeCount},
        {QStringLiteral("win_count"), stats.winCount},
        {QStringLiteral("loss_count"), stats.lossCount},
        {QStringLiteral("win_rate"), number(stats.winRate)},
        {QStringLiteral("profit_factor"), number(stats.profitFactor)},
        {QStringLiteral("expectancy"), number(stats.expectancy)},
        {QStringLiteral("average_win"), number(stats.averageWin)},
        {QStringLiteral("average_loss"), number(stats.averageLoss)},
        {QStringLiteral("largest_win"), number(stats.largestWin)},
        {QStringLiteral("largest_loss"), number(stats.largestLoss)},
        {QStringLiteral("gross_profit"), number(stats.grossProfit)},
        {QStringLiteral("gross_loss"), number(stats.grossLoss)},
        {QStringLiteral("net_pnl"), number(stats.netPnl)},
        {QStringLiteral("exposure_pct"), number(stats.exposurePct)},
        {QStringLiteral("turnover"), number(stats.turnover)},
        {QStringLiteral("annualized_turnover"), number(stats.annualizedTurnover)},
        {QStringLiteral("fees"), number(stats.fees)},
        {QStringLiteral("slippage_cost"), number(stats.slippageCost)},
        {QStringLiteral("benchmark"),
         stats.benchmark ? QJsonValue(toJson(*stats.benchmark)) : QJsonValue()},
    };
    for (auto it = runFields.constBegin(); it != runFields.constEnd(); ++it) {
        out.insert(it.key(), it.value());
    }
    QJsonArray monthly;
    for (const MonthlyReturn& m : stats.monthly) {
        monthly.append(QJsonObject{{QStringLiteral("year"), m.year},
                                   {QStringLiteral("month"), m.month},
                                   {QStringLiteral("return_pct"), number(m.returnPct)}});
    }
    out.insert(QStringLiteral("monthly_returns"), monthly);
    QJsonArray yearly;
    for (const YearlyReturn& y : stats.yearly) {
        yearly.append(QJsonObject{{QStringLiteral("year"), y.year},
                                  {QStringLiteral("return_pct"), number(y.returnPct)}});
    }
    out.insert(QStringLiteral("yearly_returns"), yearly);
    return out;
}

}  // namespace causeway::engine
