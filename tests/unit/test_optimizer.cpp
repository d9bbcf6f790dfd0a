#include <QTest>

#include <stdexcept>

#include "engine/lab/optimizer.h"

using namespace causeway::engine;

// The parameter space of an optimization: axes parsed exactly, the grid in
// a fixed order, random draws reproducible and distinct, ranking with ties
// to the earlier combination.
class TestOptimizer final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rangesAreExactDecimals() {
        QCOMPARE(parseAxis("fast=5:20:5").values,
                 (std::vector<std::string>{"5", "10", "15", "20"}));
        // 0.1 steps stay exact (no 0.30000000000000004), TO included
        QCOMPARE(parseAxis("k=0.1:0.5:0.1").values,
                 (std::vector<std::string>{"0.1", "0.2", "0.3", "0.4", "0.5"}));
        // a step that does not land on TO stops below it
        QCOMPARE(parseAxis("n=1:10:4").values, (std::vector<std::string>{"1", "5", "9"}));
        QCOMPARE(parseAxis("n=3:3:1").values, (std::vector<std::string>{"3"}));
        QCOMPARE(parseAxis("allow_short=false,true").values,
                 (std::vector<std::string>{"false", "true"}));
        QCOMPARE(parseAxis("x=2,1,2").values, (std::vector<std::string>{"2", "1"}));
        QCOMPARE(parseAxis("fast=5:20:5").key, std::string("fast"));
    }

    void badAxesAreRefusedWithTheirText() {
        const auto refusal = [](const std::string& text) {
            try {
                parseAxis(text);
            } catch (const std::invalid_argument& error) {
                return std::string(error.what());
            }
            return std::string();
        };
        QCOMPARE(refusal("fast"), std::string("--grid takes KEY=FROM:TO:STEP or KEY=V1,V2,..., "
                                              "got 'fast'"));
        QCOMPARE(refusal("fast=9:1:1"), std::string("--grid fast=9:1:1: FROM is above TO"));
        QCOMPARE(refusal("fast=1:9:0"), std::string("--grid fast=1:9:0: the step must be above 0"));
        QCOMPARE(refusal("fast=1:9"), std::string("--grid fast=1:9: expected FROM:TO:STEP"));
        QCOMPARE(refusal("fast=a:9:1"), std::string("--grid fast=a:9:1: 'a' is not a number"));
        QCOMPARE(refusal("fast=1,,2"), std::string("--grid fast=1,,2: an empty value in the list"));
        QCOMPARE(refusal("fast=0:1000000:1"),
                 std::string("--grid fast=0:1000000:1: 1000001 values, more than 100000"));
    }

    void theGridVariesTheLastAxisFastest() {
        const auto sets = gridCombinations({parseAxis("a=1:2:1"), parseAxis("b=x,y,z")});
        QCOMPARE(sets.size(), std::size_t{6});
        QCOMPARE(sets[0], (ParameterSet{{"a", "1"}, {"b", "x"}}));
        QCOMPARE(sets[1], (ParameterSet{{"a", "1"}, {"b", "y"}}));
        QCOMPARE(sets[3], (ParameterSet{{"a", "2"}, {"b", "x"}}));
        QCOMPARE(sets[5], (ParameterSet{{"a", "2"}, {"b", "z"}}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 gridCombinations({parseAxis("a=1,2"), parseAxis("a=3,4")}));
        // 100000^2 combinations are refused, not allocated
        QVERIFY_THROWS_EXCEPTION(
            std::invalid_argument,
            gridCombinations({parseAxis("a=1:100000:1"), parseAxis("b=1:100000:1")}));
    }

    void randomDrawsAreReproducibleDistinctAndInGridOrder() {
        const std::vector<ParameterAxis> axes{parseAxis("a=1:100:1"), parseAxis("b=1:100:1")};
        const auto first = randomCombinations(axes, 25, 42);
        QCOMPARE(first, randomCombinations(axes, 25, 42));
        QVERIFY(first != randomCombinations(axes, 25, 43));
        QCOMPARE(first.size(), std::size_t{25});
        const auto grid = gridCombinations(axes);
        std::size_t previous = 0;
        for (std::size_t i = 0; i < first.size(); ++i) {
            const auto at = static_cast<std::size_t>(std::find(grid.begin(), grid.end(), first[i]) -
                                                     grid.begin());
            QVERIFY(at < grid.size());
            QVERIFY(i == 0 || at > previous);  // strictly increasing: distinct, grid order
            previous = at;
        }
        // asking for more than the grid holds gives the whole grid
        QCOMPARE(randomCombinations({parseAxis("a=1:3:1")}, 10, 1).size(), std::size_t{3});
        // a grid too large to list can still be sampled
        const auto huge = randomCombinations(
            {parseAxis("a=1:100000:1"), parseAxis("b=1:100000:1"), parseAxis("c=1:100000:1")}, 5,
            9);
        QCOMPARE(huge.size(), std::size_t{5});
    }

    void theBestRowIsTheFirstOfTheHighest() {
        const auto row = [](double sharpe, std::optional<double> profitFactor) {
            OptimizationRow r;
            BacktestResult result;
            result.statistics.sharpe = sharpe;
            result.statistics.profitFactor = profitFactor;
            r.result = result;
            return r;
        };
        std::vector<OptimizationRow> rows{row(0.5, 1.0), row(0.9, 2.0), row(0.9, std::nullopt),
                                          OptimizationRow{}};
        rows[3].error = "fast must be less than slow";
        QCOMPARE(bestRow(rows, Objective::kSharpe), std::optional<std::size_t>(1));
        // no losing trade: an unbounded profit factor ranks first
        QCOMPARE(bestRow(rows, Objective::kProfitFactor), std::optional<std::size_t>(2));
        QCOMPARE(bestRow({OptimizationRow{}}, Objective::kSharpe), std::nullopt);
        QCOMPARE(parseObjective("net_pnl"), std::optional<Objective>(Objective::kNetPnl));
        QCOMPARE(parseObjective("luck"), std::nullopt);
    }
};

QTEST_GUILESS_MAIN(TestOptimizer)
#include "test_optimizer.moc"
