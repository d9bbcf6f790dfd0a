#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <cmath>

#include "engine/core/fixed_point.h"
#include "engine/lab/statistics.h"

using namespace causeway::engine;

namespace {

// Expected values below are literals worked out by hand; the tolerance only
// absorbs binary rounding.
#define COMPARE_NEAR(actual, expected)                                    \
    do {                                                                  \
        const double a_ = (actual);                                       \
        const double e_ = (expected);                                     \
        QVERIFY2(std::abs(a_ - e_) <= 1e-9 * std::max(1.0, std::abs(e_)), \
                 qPrintable(QStringLiteral("%1 = %2, expected %3")        \
                                .arg(QLatin1StringView(#actual))          \
                                .arg(a_, 0, 'g', 17)                      \
                                .arg(e_, 0, 'g', 17)));                   \
    } while (false)

Timestamp at(int year, int month, int day, int hour = 0) {
    return fromCivil(CivilTime{year, month, day, hour});
}

// A quarter of a Julian year: 91.3125 days. Five points this far apart span
// exactly one year, so periods per year P = (5 - 1) / 1 = 4 and sqrt(P) = 2.
constexpr Timestamp kQuarter = 7'889'400 * kNanosPerSecond;

std::vector<EquityPoint> series(Timestamp start, Timestamp step, std::vector<double> values) {
    std::vector<EquityPoint> out;
    for (std::size_t i = 0; i < values.size(); ++i) {
        out.push_back({start + static_cast<Timestamp>(i) * step, values[i], false});
    }
    return out;
}

// 2020-01-01, 2020-04-01 07:30, 2020-07-01 15:00, 2020-09-30 22:30,
// 2020-12-31 06:00 (2020 is a leap year). Returns +10%, -10%, +10%, +10%.
std::vector<EquityPoint> quarterlySeries() {
    return series(at(2020, 1, 1), kQuarter, {100.0, 110.0, 99.0, 108.9, 119.79});
}

// Daily closes across new year: a 5% rise, then a drawdown never recovered.
std::vector<EquityPoint> newYearSeries() {
    std::vector<EquityPoint> out;
    const Timestamp days[] = {at(2020, 12, 30), at(2020, 12, 31), at(2021, 1, 1), at(2021, 1, 4),
                              at(2021, 1, 5)};
    const double values[] = {1000.0, 1050.0, 1008.0, 966.0, 1029.0};
    for (int i = 0; i < 5; ++i) {
        out.push_back({days[i], values[i], false});
    }
    return out;
}

TradeOutcome trade(double pnl) {
    TradeOutcome t;
    t.pnl = pnl;
    return t;
}

}  // namespace

class TestLabStatistics final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void returnsAndRiskOnQuarterlySeries() {
        const RunStatistics s = computeStatistics({100.0, quarterlySeries(), {}, {}, {}, 0.0});
        COMPARE_NEAR(s.years, 1.0);                  // 4 * 91.3125 days / 365.25
        COMPARE_NEAR(s.periodsPerYear, 4.0);         // (5 - 1) / 1
        COMPARE_NEAR(s.totalReturnPct, 19.79);       // 119.79 / 100 - 1
        COMPARE_NEAR(s.annualizedReturnPct, 19.79);  // 1.1979^(1/1) - 1
        COMPARE_NEAR(s.finalEquity, 119.79);
        COMPARE_NEAR(s.netPnl, 19.79);
        // r = .1, -.1, .1, .1; mean .05; squared deviations .0025 + .0225 +
        // .0025 + .0025 = .03; sample variance .03 / 3 = .01; stdev .1
        COMPARE_NEAR(s.volatilityPct, 20.0);  // .1 * sqrt(4)
        COMPARE_NEAR(s.sharpe, 1.0);          // .05 / .1 * 2
        // downside: only -.1; sqrt(.01 / 4) = .05
        COMPARE_NEAR(s.sortino, 2.0);  // .05 / .05 * 2
    }

    void riskFreeRateIsCompoundedPerPeriod() {
        // rf = 1.01^4 - 1, so rf per period = .01; excess .09, -.11, .09, .09
        const double rf = 0.04060401;
        const RunStatistics s = computeStatistics({100.0, quarterlySeries(), {}, {}, {}, rf});
        COMPARE_NEAR(s.sharpe, 0.8);  // mean excess .04 / stdev .1 * 2
        // downside sqrt(.11^2 / 4) = .055; .04 / .055 * 2 = 16 / 11
        COMPARE_NEAR(s.sortino, 1.4545454545454546);
        COMPARE_NEAR(s.volatilityPct, 20.0);  // the risk-free rate does not move it
    }

    void sharpeOfTheQuarterlySeries() {
        COMPARE_NEAR(computeStatistics({100.0, quarterlySeries(), {}, {}, {}, 0.0}).sharpe, 1.0);
    }

    void drawdownRecoveredOnQuarterlySeries() {
        const RunStatistics s = computeStatistics({100.0, quarterlySeries(), {}, {}, {}, 0.0});
        COMPARE_NEAR(s.maxDrawdownPct, 10.0);  // (110 - 99) / 110
        QCOMPARE(s.drawdownPeakTs,
                 std::optional<Timestamp>(at(2020, 4, 1, 7) + 1800 * kNanosPerSecond));
        QCOMPARE(s.drawdownTroughTs, std::optional<Timestamp>(at(2020, 7, 1, 15)));
        // 108.9 < 110 is still under water; 119.79 recovers it
        QCOMPARE(s.recoveryTs, std::optional<Timestamp>(at(2020, 12, 31, 6)));
        QCOMPARE(s.maxDrawdownBars, 3);
        QCOMPARE(s.maxDrawdownDuration, Timestamp{23'668'200} * kNanosPerSecond);  // 3 quarters
        QVERIFY(s.calmar.has_value());
        COMPARE_NEAR(*s.calmar, 1.979);  // .1979 / .10
    }

    void drawdownNeverRecoveredRunsToTheEnd() {
        const RunStatistics s = computeStatistics({1000.0, newYearSeries(), {}, {}, {}, 0.0});
        COMPARE_NEAR(s.maxDrawdownPct, 8.0);  // (1050 - 966) / 1050
        QCOMPARE(s.drawdownPeakTs, std::optional<Timestamp>(at(2020, 12, 31)));
        QCOMPARE(s.drawdownTroughTs, std::optional<Timestamp>(at(2021, 1, 4)));
        QVERIFY(!s.recoveryTs.has_value());  // 1029 < 1050
        QCOMPARE(s.maxDrawdownBars, 3);
        QCOMPARE(s.maxDrawdownDuration, 5 * kNanosPerDay);  // Dec 31 to Jan 5
        // years = 6 / 365.25; P = 4 / years = 243.5
        COMPARE_NEAR(s.periodsPerYear, 243.5);
        COMPARE_NEAR(s.totalReturnPct, 2.9);
        // 1.029^(365.25 / 6) - 1 = exp(ln 1.029 * 60.875) - 1
        COMPARE_NEAR(s.annualizedReturnPct, 469.883310727042205);
        COMPARE_NEAR(*s.calmar, 58.7354138408802757);  // 4.69883... / .08
        const std::vector<double> dd = drawdownSeries(newYearSeries());
        QCOMPARE(dd.size(), std::size_t{5});
        const double expected[] = {0.0, 0.0, 4.0, 8.0, 2.0};  // 42/1050, 84/1050, 21/1050
        for (int i = 0; i < 5; ++i) {
            COMPARE_NEAR(dd[i], expected[i]);
        }
    }

    void initialCashIsTheFirstPeak() {
        // the first close is already below the cash the run started with
        const auto equity = series(at(2021, 3, 1), kNanosPerDay, {99.0, 98.0, 100.0, 101.0});
        const RunStatistics s = computeStatistics({100.0, equity, {}, {}, {}, 0.0});
        COMPARE_NEAR(s.maxDrawdownPct, 2.0);  // (100 - 98) / 100
        QCOMPARE(s.drawdownPeakTs, std::optional<Timestamp>(at(2021, 3, 1)));
        QCOMPARE(s.recoveryTs, std::optional<Timestamp>(at(2021, 3, 3)));
        QCOMPARE(s.maxDrawdownBars, 2);
        const std::vector<double> dd = drawdownSeries(equity, 100.0);
        COMPARE_NEAR(dd[0], 1.0);
        COMPARE_NEAR(drawdownSeries(equity)[0], 0.0);  // peak from the first point
    }

    void flatEquityHasNoRiskAndNoDrawdown() {
        const auto flat = series(at(2020, 1, 1), kQuarter, {100.0, 100.0, 100.0, 100.0, 100.0});
        const RunStatistics s = computeStatistics({100.0, flat, {}, {}, {}, 0.0});
        QCOMPARE(s.totalReturnPct, 0.0);
        QCOMPARE(s.annualizedReturnPct, 0.0);
        QCOMPARE(s.volatilityPct, 0.0);
        QCOMPARE(s.sharpe, 0.0);
        QCOMPARE(s.sortino, 0.0);
        QCOMPARE(s.maxDrawdownPct, 0.0);
        QCOMPARE(s.maxDrawdownDuration, Timestamp{0});
        QCOMPARE(s.maxDrawdownBars, 0);
        QVERIFY(!s.calmar.has_value());
        QVERIFY(!s.drawdownPeakTs.has_value());
        QVERIFY(!s.drawdownTroughTs.has_value());
        QVERIFY(!s.recoveryTs.has_value());
        // with rf per period .01 every excess is -.01: downside deviation .01
        const RunStatistics r = computeStatistics({100.0, flat, {}, {}, {}, 0.04060401});
        QCOMPARE(r.sharpe, 0.0);        // stdev 0
        COMPARE_NEAR(r.sortino, -2.0);  // -.01 / .01 * 2
    }

    void degenerateSeries() {
        const RunStatistics empty = computeStatistics({100.0, {}, {}, {}, {}, 0.0});
        QCOMPARE(empty.finalEquity, 100.0);
        QCOMPARE(empty.totalReturnPct, 0.0);
        QCOMPARE(empty.years, 0.0);
        QVERIFY(empty.monthly.empty());
        const RunStatistics one =
            computeStatistics({100.0, {{at(2020, 1, 1), 110.0, true}}, {}, {}, {}, 0.02});
        COMPARE_NEAR(one.totalReturnPct, 10.0);
        QCOMPARE(one.annualizedReturnPct, 0.0);  // years == 0
        QCOMPARE(one.sharpe, 0.0);
        QCOMPARE(one.sortino, 0.0);
        QCOMPARE(one.exposurePct, 100.0);
    }

    void tradeStatistics() {
        const RunStatistics s = computeStatistics(
            {100.0, {}, {trade(30), trade(-10), trade(20), trade(0), trade(-5)}, {}, {}, 0.0});
        QCOMPARE(s.tradeCount, 5);
        QCOMPARE(s.winCount, 2);
        QCOMPARE(s.lossCount, 2);           // the breakeven trade is neither
        COMPARE_NEAR(s.winRate, 0.4);       // 2 / 5
        COMPARE_NEAR(s.grossProfit, 50.0);  // 30 + 20
        COMPARE_NEAR(s.grossLoss, -15.0);   // -10 - 5
        QVERIFY(s.profitFactor.has_value());
        COMPARE_NEAR(*s.profitFactor, 3.3333333333333335);  // 50 / 15
        COMPARE_NEAR(s.expectancy, 7.0);                    // 35 / 5
        COMPARE_NEAR(s.averageWin, 25.0);
        COMPARE_NEAR(s.averageLoss, -7.5);
        COMPARE_NEAR(s.largestWin, 30.0);
        COMPARE_NEAR(s.largestLoss, -10.0);
    }

    void noTradesAndOneSidedTrades() {
        const RunStatistics none = computeStatistics({100.0, quarterlySeries(), {}, {}, {}, 0.0});
        QCOMPARE(none.tradeCount, 0);
        QCOMPARE(none.winRate, 0.0);
        QCOMPARE(none.expectancy, 0.0);
        QCOMPARE(none.profitFactor, std::optional<double>(0.0));  // no profits
        QCOMPARE(none.averageWin, 0.0);
        QCOMPARE(none.averageLoss, 0.0);

        const RunStatistics winners =
            computeStatistics({100.0, {}, {trade(10), trade(5)}, {}, {}, 0.0});
        QVERIFY(!winners.profitFactor.has_value());  // no losing trade: unbounded
        QCOMPARE(winners.winRate, 1.0);
        COMPARE_NEAR(winners.averageWin, 7.5);
        QCOMPARE(winners.averageLoss, 0.0);
        QCOMPARE(winners.largestLoss, 0.0);

        const RunStatistics losers = computeStatistics({100.0, {}, {trade(-4)}, {}, {}, 0.0});
        QCOMPARE(losers.profitFactor, std::optional<double>(0.0));  // 0 / 4
        QCOMPARE(losers.largestLoss, -4.0);
        QCOMPARE(losers.winRate, 0.0);
    }

    void exposureTurnoverAndCosts() {
        // three points a Julian year apart: years = 2
        auto equity =
            series(at(2020, 1, 1), 365 * kNanosPerDay + kNanosPerDay / 4, {100.0, 100.0, 100.0});
        equity[0].inMarket = true;
        const std::vector<FillCost> fills = {{at(2020, 1, 1), 100.0, 1.0, 0.5},
                                             {at(2021, 1, 1), -200.0, 2.0, 0.25}};
        const RunStatistics s = computeStatistics({100.0, equity, {}, fills, {}, 0.0});
        COMPARE_NEAR(s.exposurePct, 33.333333333333333);  // 1 of 3 closes
        COMPARE_NEAR(s.turnover, 3.0);                    // (100 + |-200|) / mean equity 100
        COMPARE_NEAR(s.annualizedTurnover, 1.5);          // 3 / 2 years
        COMPARE_NEAR(s.fees, 3.0);
        COMPARE_NEAR(s.slippageCost, 0.75);

        auto quarterly = quarterlySeries();
        for (const int i : {1, 2, 4}) {
            quarterly[i].inMarket = true;
        }
        const RunStatistics q =
            computeStatistics({100.0, quarterly, {}, {{at(2020, 1, 1), 220.0, 0.0, 0.0}}, {}, 0.0});
        COMPARE_NEAR(q.exposurePct, 60.0);  // 3 of 5
        // mean equity (100 + 110 + 99 + 108.9 + 119.79) / 5 = 107.538
        COMPARE_NEAR(q.turnover, 2.04578846547267);            // 220 / 107.538
        COMPARE_NEAR(q.annualizedTurnover, 2.04578846547267);  // one year
    }

    void monthlyReturnsWithinAYear() {
        const RunStatistics s = computeStatistics({100.0, quarterlySeries(), {}, {}, {}, 0.0});
        // month-end closes 100 (Jan), 110 (Apr), 99 (Jul), 108.9 (Sep), 119.79 (Dec)
        QCOMPARE(s.monthly.size(), std::size_t{5});
        const int months[] = {1, 4, 7, 9, 12};
        const double pct[] = {0.0, 10.0, -10.0, 10.0, 10.0};
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(s.monthly[i].year, 2020);
            QCOMPARE(s.monthly[i].month, months[i]);
            COMPARE_NEAR(s.monthly[i].returnPct, pct[i]);
        }
        QCOMPARE(s.yearly.size(), std::size_t{1});
        QCOMPARE(s.yearly[0].year, 2020);
        COMPARE_NEAR(s.yearly[0].returnPct, 19.79);
    }

    void monthAndYearBoundaries() {
        const RunStatistics s = computeStatistics({1000.0, newYearSeries(), {}, {}, {}, 0.0});
        QCOMPARE(s.monthly.size(), std::size_t{2});
        QCOMPARE(s.monthly[0].year, 2020);
        QCOMPARE(s.monthly[0].month, 12);
        COMPARE_NEAR(s.monthly[0].returnPct, 5.0);  // 1050 / 1000 (initial cash) - 1
        QCOMPARE(s.monthly[1].year, 2021);
        QCOMPARE(s.monthly[1].month, 1);
        COMPARE_NEAR(s.monthly[1].returnPct, -2.0);  // 1029 / 1050 - 1
        QCOMPARE(s.yearly.size(), std::size_t{2});
        COMPARE_NEAR(s.yearly[0].returnPct, 5.0);
        COMPARE_NEAR(s.yearly[1].returnPct, -2.0);

        // the last close of January 31 23:00 belongs to January, UTC
        const std::vector<EquityPoint> edge = {{at(2021, 1, 31, 23), 104.0, false},
                                               {at(2021, 2, 1, 0), 91.0, false}};
        const RunStatistics e = computeStatistics({100.0, edge, {}, {}, {}, 0.0});
        QCOMPARE(e.monthly.size(), std::size_t{2});
        COMPARE_NEAR(e.monthly[0].returnPct, 4.0);    // 104 / 100 - 1
        COMPARE_NEAR(e.monthly[1].returnPct, -12.5);  // 91 / 104 - 1
    }

    void benchmarkUsesTheSameStatistics() {
        const auto flat = series(at(2020, 1, 1), kQuarter, {100.0, 100.0, 100.0, 100.0, 100.0});
        const RunStatistics s = computeStatistics({100.0, flat, {}, {}, quarterlySeries(), 0.0});
        QCOMPARE(s.sharpe, 0.0);
        QVERIFY(s.benchmark.has_value());
        const SeriesStats& b = *s.benchmark;
        COMPARE_NEAR(b.totalReturnPct, 19.79);
        COMPARE_NEAR(b.annualizedReturnPct, 19.79);
        COMPARE_NEAR(b.volatilityPct, 20.0);
        COMPARE_NEAR(b.sharpe, 1.0);
        COMPARE_NEAR(b.sortino, 2.0);
        COMPARE_NEAR(b.maxDrawdownPct, 10.0);
        QVERIFY(!computeStatistics({100.0, flat, {}, {}, {}, 0.0}).benchmark.has_value());
    }

    void jsonHasSnakeCaseKeysAndNulls() {
        StatisticsInput input{1000.0, newYearSeries(), {trade(10)}, {}, {}, 0.0};
        const QJsonObject json = toJson(computeStatistics(input));
        QCOMPARE(json.value(QStringLiteral("max_drawdown_pct")).toDouble(), 8.0);
        QCOMPARE(json.value(QStringLiteral("drawdown_peak_ts")).toString(),
                 QStringLiteral("2020-12-31T00:00:00Z"));
        QCOMPARE(json.value(QStringLiteral("drawdown_trough_ts")).toString(),
                 QStringLiteral("2021-01-04T00:00:00Z"));
        QVERIFY(json.value(QStringLiteral("recovery_ts")).isNull());
        QVERIFY(json.value(QStringLiteral("profit_factor")).isNull());  // no losing trade
        QVERIFY(json.value(QStringLiteral("benchmark")).isNull());
        QCOMPARE(json.value(QStringLiteral("max_drawdown_duration_ns")).toInteger(),
                 qint64{432'000'000'000'000});  // 5 days
        QCOMPARE(json.value(QStringLiteral("max_drawdown_bars")).toInt(), 3);
        QCOMPARE(json.value(QStringLiteral("trade_count")).toInt(), 1);
        const QJsonArray monthly = json.value(QStringLiteral("monthly_returns")).toArray();
        QCOMPARE(monthly.size(), 2);
        const QJsonObject jan = monthly.at(1).toObject();
        QCOMPARE(jan.value(QStringLiteral("year")).toInt(), 2021);
        QCOMPARE(jan.value(QStringLiteral("month")).toInt(), 1);
        COMPARE_NEAR(jan.value(QStringLiteral("return_pct")).toDouble(), -2.0);
        QCOMPARE(json.value(QStringLiteral("yearly_returns")).toArray().size(), 2);
        for (const char* key : {"total_return_pct",
                                "annualized_return_pct",
                                "volatility_pct",
                                "sharpe",
                                "sortino",
                                "calmar",
                                "win_rate",
                                "expectancy",
                                "average_win",
                                "average_loss",
                                "largest_win",
                                "largest_loss",
                                "exposure_pct",
                                "turnover",
                                "annualized_turnover",
                                "fees",
                                "slippage_cost",
                                "gross_profit",
                                "gross_loss",
                                "net_pnl",
                                "final_equity",
                                "years",
                                "periods_per_year"}) {
            QVERIFY2(json.contains(QLatin1StringView(key)), key);
        }

        const auto flat = series(at(2020, 1, 1), kQuarter, {100.0, 100.0, 100.0});
        input = {100.0, flat, {}, {}, quarterlySeries(), 0.0};
        const QJsonObject flatJson = toJson(computeStatistics(input));
        QVERIFY(flatJson.value(QStringLiteral("calmar")).isNull());  // no drawdown
        QVERIFY(flatJson.value(QStringLiteral("drawdown_peak_ts")).isNull());
        QCOMPARE(flatJson.value(QStringLiteral("profit_factor")).toDouble(-1.0), 0.0);
        const QJsonObject bench = flatJson.value(QStringLiteral("benchmark")).toObject();
        COMPARE_NEAR(bench.value(QStringLiteral("sharpe")).toDouble(), 1.0);
        QCOMPARE(bench.value(QStringLiteral("recovery_ts")).toString(),
                 QStringLiteral("2020-12-31T06:00:00Z"));
    }
};

QTEST_APPLESS_MAIN(TestLabStatistics)
#include "test_lab_statistics.moc"
