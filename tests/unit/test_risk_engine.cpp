#include <QTest>

#include <QJsonArray>

#include <cmath>
#include <limits>
#include <stdexcept>

#include "engine/execution/risk_engine.h"

using namespace causeway::engine;

// QCOMPARE of std::string prints both sides.
namespace QTest {
template <>
inline char* toString(const std::string& text) {
    return qstrdup(text.c_str());
}
}  // namespace QTest

namespace {

Quantity qty(const char* text) {
    return *Quantity::parse(text);
}
Price px(const char* text) {
    return *Price::parse(text);
}
Money money(const char* text) {
    return *Money::parse(text);
}

// 2024-03-<day> hh:mm:ss UTC
Timestamp at(int day, int hour, int minute = 0, int second = 0, std::int64_t nanos = 0) {
    return fromCivil(CivilTime{2024, 3, day, hour, minute, second, nanos});
}

OrderIntent order(Side side, const char* quantity, const char* price, bool reducing = false) {
    return OrderIntent{"test", Symbol("TEST"), side, qty(quantity), px(price), reducing};
}
OrderIntent buy(const char* quantity, const char* price = "100", bool reducing = false) {
    return order(Side::kBuy, quantity, price, reducing);
}
OrderIntent sell(const char* quantity, const char* price = "100", bool reducing = false) {
    return order(Side::kSell, quantity, price, reducing);
}

RiskExposure exposure(const char* position, const char* workingBuy = "0",
                      const char* workingSell = "0", int openOrders = 0,
                      std::optional<const char*> last = std::nullopt) {
    RiskExposure e{qty(position), qty(workingBuy), qty(workingSell), openOrders, std::nullopt};
    if (last) {
        e.lastPrice = px(*last);
    }
    return e;
}

RiskExposure flat() {
    return exposure("0");
}

std::vector<std::string> rules(const RiskVerdict& verdict) {
    std::vector<std::string> names;
    for (const auto& breach : verdict.breaches) {
        names.push_back(breach.rule);
    }
    return names;
}

// The message of the verdict's only breach, or a text that says it has not
// exactly one.
std::string only(const RiskVerdict& verdict) {
    if (verdict.breaches.size() != 1) {
        return std::to_string(verdict.breaches.size()) + " breaches";
    }
    return verdict.breaches[0].message;
}

RiskLimits positionLimit(const char* max) {
    RiskLimits limits;
    limits.maxPosition = qty(max);
    return limits;
}

RiskLimits dailyLoss(const char* limit) {
    RiskLimits limits;
    limits.dailyLossLimit = money(limit);
    return limits;
}

RiskLimits drawdown(double pct) {
    RiskLimits limits;
    limits.maxDrawdownPct = pct;
    return limits;
}

}  // namespace

class TestRiskEngine final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void withoutLimitsEverythingPasses() {
        RiskEngine engine{RiskLimits{}};
        const auto huge = exposure("1000000", "500000", "500000", 100'000, "1");
        QVERIFY(engine.check(buy("1000000", "10000"), huge).allowed());
        QVERIFY(engine.check(sell("3000000", "0.01"), huge).allowed());
        QCOMPARE(engine.observeEquity(at(5, 10), money("100000")), std::nullopt);
        QCOMPARE(engine.observeEquity(at(5, 11), money("1")), std::nullopt);
        QCOMPARE(engine.observeEquity(at(5, 12), money("-5000")), std::nullopt);
        QVERIFY(!engine.blocked());
    }

    void maxPositionCountsTheWorkingBuys() {
        RiskEngine engine(positionLimit("10"));
        // working sells do not offset a buy: they may never fill
        const auto e = exposure("7", "2", "5");
        QVERIFY(engine.check(buy("1"), e).allowed());
        QCOMPARE(only(engine.check(buy("1.00000001"), e)),
                 std::string("position 10.00000001 after this buy of 1.00000001 would exceed "
                             "max_position 10 (position 7, working buys 2)"));
        const auto verdict = engine.check(buy("3"), e);
        QCOMPARE(rules(verdict), std::vector<std::string>{"max_position"});
        QCOMPARE(only(verdict), std::string("position 12 after this buy of 3 would exceed "
                                            "max_position 10 (position 7, working buys 2)"));
    }

    void maxPositionCountsTheWorkingSells() {
        RiskEngine engine(positionLimit("10"));
        const auto e = exposure("-7", "5", "2");
        QVERIFY(engine.check(sell("1"), e).allowed());
        QCOMPARE(only(engine.check(sell("1.00000001"), e)),
                 std::string("position -10.00000001 after this sell of 1.00000001 would exceed "
                             "max_position 10 (position -7, working sells 2)"));
        // a long position sold through flat into a short is limited on the short side
        const auto longPosition = exposure("7", "0", "2");
        QVERIFY(engine.check(sell("15"), longPosition).allowed());
        QCOMPARE(only(engine.check(sell("15.00000001"), longPosition)),
                 std::string("position -10.00000001 after this sell of 15.00000001 would exceed "
                             "max_position 10 (position 7, working sells 2)"));
    }

    // A position already beyond the limit (the limit was lowered) may be
    // brought back toward flat without the reducing flag, up to the limit on
    // the other side.
    void anOrderTowardFlatIsNotBlamedForThePosition() {
        RiskEngine engine(positionLimit("10"));
        const auto e = exposure("-12");
        QVERIFY(engine.check(buy("2"), e).allowed());
        QVERIFY(engine.check(buy("22"), e).allowed());
        QCOMPARE(only(engine.check(buy("22.00000001"), e)),
                 std::string("position 10.00000001 after this buy of 22.00000001 would exceed "
                             "max_position 10 (position -12, working buys 0)"));
        // the same short adding to itself is refused
        QCOMPARE(rules(engine.check(sell("0.00000001"), e)),
                 std::vector<std::string>{"max_position"});
    }

    void maxOrderNotionalIsQtyTimesPrice() {
        RiskLimits limits;
        limits.maxOrderNotional = money("50000");
        RiskEngine engine(limits);
        QVERIFY(engine.check(buy("100", "500"), flat()).allowed());
        QCOMPARE(only(engine.check(buy("100", "500.00000001"), flat())),
                 std::string("order notional 50000.000001 exceeds max_order_notional 50000 "
                             "(buy 100 at 500.00000001)"));
        QVERIFY(engine.check(sell("100", "500"), flat()).allowed());
        QCOMPARE(only(engine.check(sell("100.00000001", "500"), flat())),
                 std::string("order notional 50000.000005 exceeds max_order_notional 50000 "
                             "(sell 100.00000001 at 500)"));
        QCOMPARE(only(engine.check(buy("100", "612.345"), flat())),
                 std::string("order notional 61234.5 exceeds max_order_notional 50000 "
                             "(buy 100 at 612.345)"));
    }

    // qty x price beyond what Money holds must not wrap around and pass:
    // 4 x 46116860184.27387904 is 2^64 raw, which wraps to 0.
    void anOverflowingNotionalIsRefused() {
        RiskLimits limits;
        limits.maxOrderNotional = money("50000");
        RiskEngine engine(limits);
        QCOMPARE(only(engine.check(buy("4", "46116860184.27387904"), flat())),
                 std::string("order notional 92233720368.54775807 exceeds max_order_notional "
                             "50000 (buy 4 at 46116860184.27387904)"));
        QCOMPARE(only(engine.check(buy("10000000000", "10000000000"), flat())),
                 std::string("order notional 92233720368.54775807 exceeds max_order_notional "
                             "50000 (buy 10000000000 at 10000000000)"));
    }

    void maxOpenOrdersCountsThisOrder() {
        RiskLimits limits;
        limits.maxOpenOrders = 10;
        RiskEngine engine(limits);
        QVERIFY(engine.check(buy("1"), exposure("0", "0", "0", 9)).allowed());
        QCOMPARE(only(engine.check(buy("1"), exposure("0", "0", "0", 10))),
                 std::string("11 open orders would exceed max_open_orders 10"));
    }

    void priceBandIsMeasuredFromTheLastTrade() {
        RiskLimits limits;
        limits.priceBandPct = 10.0;
        RiskEngine engine(limits);
        const auto e = exposure("0", "0", "0", 0, "100");
        QVERIFY(engine.check(buy("1", "110"), e).allowed());
        QVERIFY(engine.check(sell("1", "90"), e).allowed());
        QCOMPARE(only(engine.check(buy("1", "110.00000001"), e)),
                 std::string("price 110.00000001 is 10.00000001% from the last trade 100, "
                             "outside the 10% band"));
        QCOMPARE(only(engine.check(sell("1", "89.99999999"), e)),
                 std::string("price 89.99999999 is 10.00000001% from the last trade 100, "
                             "outside the 10% band"));
        QCOMPARE(only(engine.check(buy("1", "112.3"), e)),
                 std::string("price 112.3 is 12.3% from the last trade 100, "
                             "outside the 10% band"));
        // without a last trade there is nothing to measure from
        QVERIFY(engine.check(buy("1", "1000"), flat()).allowed());
    }

    // The band is compared exactly: a limit of 12.3 (not exact in binary)
    // admits a price exactly 12.3% away, and a distance is rounded up in the
    // message so that a breach never reads as equal to its band.
    void priceBandPercentsAreExact() {
        RiskLimits limits;
        limits.priceBandPct = 12.3;
        RiskEngine engine(limits);
        QVERIFY(engine.check(buy("1", "112.3"), exposure("0", "0", "0", 0, "100")).allowed());
        QCOMPARE(rules(engine.check(buy("1", "112.30000001"), exposure("0", "0", "0", 0, "100"))),
                 std::vector<std::string>{"price_band"});

        // 2.3 x 10^8 is 229999999.99999997 in binary: rounded, not truncated
        limits.priceBandPct = 2.3;
        QVERIFY(RiskEngine(limits)
                    .check(sell("1", "97.7"), exposure("0", "0", "0", 0, "100"))
                    .allowed());

        limits.priceBandPct = 10.0;
        RiskEngine ten(limits);
        const auto three = exposure("0", "0", "0", 0, "3");
        QVERIFY(ten.check(buy("1", "3.3"), three).allowed());
        QCOMPARE(only(ten.check(buy("1", "3.4"), three)),
                 std::string("price 3.4 is 13.33333334% from the last trade 3, "
                             "outside the 10% band"));
        // 10.000000000001% away: above the band, shown as just above it
        QCOMPARE(
            only(ten.check(buy("1", "1100000.00000001"), exposure("0", "0", "0", 0, "1000000"))),
            std::string("price 1100000.00000001 is 10.00000001% from the last trade "
                        "1000000, outside the 10% band"));
    }

    void everyBreachedRuleIsReported() {
        RiskLimits limits;
        limits.maxPosition = qty("10");
        limits.maxOrderNotional = money("300");
        limits.maxOpenOrders = 10;
        limits.priceBandPct = 10.0;
        RiskEngine engine(limits);
        const auto verdict = engine.check(buy("3", "112.3"), exposure("7", "2", "0", 10, "100"));
        QVERIFY(!verdict.allowed());
        const std::vector<RiskBreach> expected{
            {"max_position",
             "position 12 after this buy of 3 would exceed max_position 10 (position 7, "
             "working buys 2)"},
            {"max_order_notional",
             "order notional 336.9 exceeds max_order_notional 300 (buy 3 at "
             "112.3)"},
            {"max_open_orders", "11 open orders would exceed max_open_orders 10"},
            {"price_band", "price 112.3 is 12.3% from the last trade 100, outside the 10% band"},
        };
        QCOMPARE(verdict.breaches, expected);
    }

    void aReducingOrderPassesTheSizeLimitsButNotTheBand() {
        RiskLimits limits;
        limits.maxPosition = qty("1");
        limits.maxOrderNotional = money("1");
        limits.maxOpenOrders = 1;
        limits.priceBandPct = 10.0;
        RiskEngine engine(limits);
        const auto longSeven = exposure("7", "0", "0", 5, "100");
        QVERIFY(engine.check(sell("7", "100", true), longSeven).allowed());
        QVERIFY(engine.check(sell("3", "100", true), longSeven).allowed());
        // without the flag the same order is limited
        QCOMPARE(rules(engine.check(sell("7", "100"), longSeven)),
                 (std::vector<std::string>{"max_order_notional", "max_open_orders"}));
        QCOMPARE(rules(engine.check(sell("7", "111", true), longSeven)),
                 std::vector<std::string>{"price_band"});
        // a short is covered by a reducing buy
        const auto shortSeven = exposure("-7", "0", "0", 5, "100");
        QVERIFY(engine.check(buy("7", "100", true), shortSeven).allowed());
    }

    // The flag is honoured only when the order does reduce: against the
    // position and at most its size.
    void aReducingFlagThatDoesNotReduceIsIgnored() {
        RiskEngine engine(positionLimit("0.5"));
        QCOMPARE(only(engine.check(sell("8", "100", true), exposure("7"))),
                 std::string("position -1 after this sell of 8 would exceed max_position 0.5 "
                             "(position 7, working sells 0)"));
        QCOMPARE(rules(engine.check(buy("1", "100", true), exposure("7"))),
                 std::vector<std::string>{"max_position"});
        QCOMPARE(rules(engine.check(buy("1", "100", true), flat())),
                 std::vector<std::string>{"max_position"});
    }

    void anInvalidOrderIsRefused() {
        RiskEngine engine{RiskLimits{}};
        QCOMPARE(rules(engine.check(buy("0"), flat())), std::vector<std::string>{"invalid_order"});
        QCOMPARE(only(engine.check(buy("0"), flat())), std::string("quantity 0 is not above 0"));
        QCOMPARE(only(engine.check(sell("-1", "100", true), exposure("5"))),
                 std::string("quantity -1 is not above 0"));
        QCOMPARE(only(engine.check(buy("1", "0"), flat())), std::string("price 0 is not above 0"));

        // only the reason it is invalid: the other rules have nothing to measure
        RiskLimits limits;
        limits.maxOpenOrders = 1;
        limits.priceBandPct = 10.0;
        QCOMPARE(
            only(RiskEngine(limits).check(buy("0", "1000"), exposure("0", "0", "0", 1, "100"))),
            std::string("quantity 0 is not above 0"));
    }

    void dailyLossTripsPastItsLimit() {
        RiskEngine engine(dailyLoss("1000"));
        QCOMPARE(engine.observeEquity(at(5, 10), money("100000")), std::nullopt);
        QCOMPARE(engine.observeEquity(at(5, 11), money("99000")), std::nullopt);
        QVERIFY(!engine.blocked());
        const auto block = engine.observeEquity(at(5, 12), money("98999.99999999"));
        QVERIFY(block.has_value());
        const TradingBlocked expected{
            at(5, 12),
            {{"daily_loss",
              "daily loss 1000.00000001 exceeds daily_loss_limit 1000 (equity "
              "98999.99999999, day start 100000)"}},
            money("98999.99999999"),
            money("100000"),
            money("100000")};
        QCOMPARE(*block, expected);
        QVERIFY(engine.blocked());
        QCOMPARE(*engine.block(), expected);
    }

    void dailyLossStartsFromThePreviousDaysLastEquity() {
        RiskEngine engine(dailyLoss("1000"));
        engine.observeEquity(at(5, 9), money("100000"));
        engine.observeEquity(at(5, 23, 59, 59, 999'999'999), money("99500"));
        // midnight opens day 6: 900 below yesterday's last, though 1400
        // below the first equity ever
        QCOMPARE(engine.observeEquity(at(6, 0), money("98600")), std::nullopt);
        QCOMPARE(engine.state().dayStartEquity, money("99500"));
        QCOMPARE(engine.observeEquity(at(6, 12), money("98500")), std::nullopt);
        const auto block = engine.observeEquity(at(6, 13), money("98499.99"));
        QVERIFY(block.has_value());
        QCOMPARE(only(RiskVerdict{block->reasons}),
                 std::string("daily loss 1000.01 exceeds daily_loss_limit 1000 (equity 98499.99, "
                             "day start 99500)"));
        QCOMPARE(block->dayStartEquity, money("99500"));
    }

    // Days without marks: the baseline is the last mark before the day's
    // first, however long ago. A mark dated before the latest day counts in
    // the latest day.
    void dailyLossBaselineSkipsDaysWithoutMarks() {
        RiskEngine engine(dailyLoss("1000"));
        engine.observeEquity(at(5, 9), money("100000"));
        engine.observeEquity(at(5, 16), money("99000"));
        QCOMPARE(engine.observeEquity(at(8, 9), money("98100")), std::nullopt);
        QCOMPARE(engine.state().dayStartEquity, money("99000"));
        QCOMPARE(engine.observeEquity(at(7, 9), money("98500")), std::nullopt);
        QCOMPARE(engine.state().dayStartEquity, money("99000"));
        QVERIFY(engine.observeEquity(at(8, 10), money("97999.99")).has_value());
    }

    void drawdownIsMeasuredFromThePeak() {
        RiskEngine engine(drawdown(10.0));
        QCOMPARE(engine.observeEquity(at(5, 9), money("100")), std::nullopt);
        QCOMPARE(engine.observeEquity(at(5, 10), money("120")), std::nullopt);
        QCOMPARE(engine.observeEquity(at(5, 11), money("108")), std::nullopt);  // 10% of 120
        QCOMPARE(engine.observeEquity(at(5, 12), money("130")), std::nullopt);
        QCOMPARE(engine.observeEquity(at(5, 13), money("117")), std::nullopt);  // 10% of 130
        QCOMPARE(engine.state().peakEquity, money("130"));
        const auto block = engine.observeEquity(at(5, 14), money("116.99999999"));
        QVERIFY(block.has_value());
        QCOMPARE(only(RiskVerdict{block->reasons}),
                 std::string("drawdown 10.00000001% exceeds max_drawdown_pct 10% (equity "
                             "116.99999999, peak 130)"));
        QCOMPARE(block->peakEquity, money("130"));
        QCOMPARE(block->reasons[0].rule, std::string("max_drawdown"));
    }

    void bothCircuitBreakersCanTripOneBlock() {
        RiskLimits limits = dailyLoss("1000");
        limits.maxDrawdownPct = 5.0;
        RiskEngine engine(limits);
        engine.observeEquity(at(5, 9), money("100000"));
        const auto block = engine.observeEquity(at(5, 14), money("94000"));
        QVERIFY(block.has_value());
        const std::vector<RiskBreach> expected{
            {"daily_loss",
             "daily loss 6000 exceeds daily_loss_limit 1000 (equity 94000, day start 100000)"},
            {"max_drawdown",
             "drawdown 6% exceeds max_drawdown_pct 5% (equity 94000, peak 100000)"}};
        QCOMPARE(block->reasons, expected);
        QCOMPARE(only(engine.check(buy("1"), flat())),
                 std::string("trading blocked since 2024-03-05T14:00:00Z until reauthorized: "
                             "daily loss 6000 exceeds daily_loss_limit 1000 (equity 94000, day "
                             "start 100000); drawdown 6% exceeds max_drawdown_pct 5% (equity "
                             "94000, peak 100000)"));
    }

    void aBlockRefusesOpeningOrdersOnly() {
        RiskLimits limits = dailyLoss("1000");
        limits.maxPosition = qty("10");
        RiskEngine engine(limits);
        const auto longFive = exposure("5");
        engine.observeEquity(at(5, 9), money("100000"));
        QVERIFY(engine.check(buy("1"), longFive).allowed());
        engine.observeEquity(at(5, 14), money("98500"));
        const auto verdict = engine.check(buy("1"), longFive);
        QCOMPARE(verdict.breaches,
                 (std::vector<RiskBreach>{
                     {"trading_blocked",
                      "trading blocked since 2024-03-05T14:00:00Z until reauthorized: daily loss "
                      "1500 exceeds daily_loss_limit 1000 (equity 98500, day start 100000)"}}));
        // the other rules still report alongside the block
        QCOMPARE(rules(engine.check(buy("6"), longFive)),
                 (std::vector<std::string>{"trading_blocked", "max_position"}));
        // getting flat stays possible
        QVERIFY(engine.check(sell("5", "100", true), longFive).allowed());
    }

    void aBlockStaysUntilReauthorized() {
        RiskEngine engine(dailyLoss("1000"));
        engine.observeEquity(at(5, 9), money("100000"));
        const auto block = engine.observeEquity(at(5, 14), money("98500"));
        QVERIFY(block.has_value());
        QCOMPARE(engine.observeEquity(at(5, 15), money("97000")), std::nullopt);
        QCOMPARE(engine.observeEquity(at(5, 16), money("101000")), std::nullopt);
        QCOMPARE(engine.observeEquity(at(6, 9), money("101000")), std::nullopt);  // a new day
        QVERIFY(engine.blocked());
        QCOMPARE(*engine.block(), *block);
        QVERIFY(!engine.check(buy("1"), flat()).allowed());

        QCOMPARE(engine.state().reauthorizedAt, std::nullopt);
        QVERIFY(engine.reauthorize(at(6, 10)));
        QCOMPARE(engine.state().reauthorizedAt, std::optional<Timestamp>(at(6, 10)));
        QVERIFY(!engine.blocked());
        QCOMPARE(engine.block(), std::nullopt);
        QVERIFY(engine.check(buy("1"), flat()).allowed());
        QVERIFY(!engine.reauthorize(at(6, 11)));
        QCOMPARE(engine.state().reauthorizedAt, std::optional<Timestamp>(at(6, 10)));
    }

    void reauthorizeRestartsTheDailyBaseline() {
        RiskEngine engine(dailyLoss("1000"));
        engine.observeEquity(at(5, 9), money("100000"));
        QVERIFY(engine.observeEquity(at(5, 14), money("98000")).has_value());
        QVERIFY(engine.reauthorize(at(5, 15)));
        QCOMPARE(engine.state().dayStartEquity, money("98000"));
        // 1000 below the reauthorized equity, 3000 below the day's start
        QCOMPARE(engine.observeEquity(at(5, 16), money("97000")), std::nullopt);
        const auto block = engine.observeEquity(at(5, 17), money("96999.99"));
        QVERIFY(block.has_value());
        QCOMPARE(block->dayStartEquity, money("98000"));
    }

    void reauthorizeRestartsTheDrawdownPeak() {
        RiskEngine engine(drawdown(10.0));
        engine.observeEquity(at(5, 9), money("100000"));
        QVERIFY(engine.observeEquity(at(5, 10), money("89000")).has_value());
        QVERIFY(engine.reauthorize(at(5, 11)));
        QCOMPARE(engine.state().peakEquity, money("89000"));
        // 12% below the old peak, 1.1% below the new one
        QCOMPARE(engine.observeEquity(at(5, 12), money("88000")), std::nullopt);
        QCOMPARE(engine.observeEquity(at(5, 13), money("80100")), std::nullopt);  // 10% of 89000
        const auto block = engine.observeEquity(at(5, 14), money("80099.99999999"));
        QVERIFY(block.has_value());
        QCOMPARE(block->peakEquity, money("89000"));
    }

    void reauthorizeWithoutABlockChangesNothing() {
        RiskEngine engine(dailyLoss("1000"));
        engine.observeEquity(at(5, 9), money("100000"));
        engine.observeEquity(at(5, 10), money("99500"));
        const auto before = engine.state();
        QVERIFY(!engine.reauthorize(at(5, 11)));
        QCOMPARE(engine.state(), before);
        QVERIFY(engine.observeEquity(at(5, 12), money("98999.99")).has_value());
    }

    void aRestoredStateContinuesIdentically() {
        RiskLimits limits = dailyLoss("1000");
        limits.maxDrawdownPct = 5.0;
        RiskEngine first(limits);
        first.observeEquity(at(5, 9), money("100000"));
        first.observeEquity(at(5, 15), money("102500"));
        first.observeEquity(at(6, 9), money("103000"));

        RiskEngine restarted(limits);
        restarted.restore(first.state());
        QCOMPARE(restarted.state(), first.state());
        RiskEngine fresh(limits);  // what a restart without the state would do

        const std::vector<std::pair<Timestamp, Money>> marks{{at(6, 10), money("101700")},
                                                             {at(6, 11), money("101400")},
                                                             {at(6, 12), money("90000")}};
        for (const auto& [ts, equity] : marks) {
            QCOMPARE(restarted.observeEquity(ts, equity), first.observeEquity(ts, equity));
            QCOMPARE(restarted.state(), first.state());
            fresh.observeEquity(ts, equity);
        }
        // 1100 below yesterday's 102500: only a session that kept it trips
        QVERIFY(first.blocked());
        QCOMPARE(first.block()->ts, at(6, 11));
        QVERIFY(fresh.blocked());
        QCOMPARE(fresh.block()->ts, at(6, 12));

        // a block survives the restart with its message
        RiskEngine again(limits);
        again.restore(first.state());
        QVERIFY(again.blocked());
        QCOMPARE(again.check(buy("1"), flat()).breaches, first.check(buy("1"), flat()).breaches);
        QVERIFY(again.reauthorize(at(6, 13)));
        QVERIFY(first.reauthorize(at(6, 13)));
        QCOMPARE(again.state(), first.state());
    }

    void breachesAndBlocksAreJournaledAsJson() {
        const RiskBreach breach{"max_open_orders",
                                "11 open orders would exceed max_open_orders 10"};
        QCOMPARE(toJson(breach),
                 (QJsonObject{{QStringLiteral("rule"), QStringLiteral("max_open_orders")},
                              {QStringLiteral("message"),
                               QStringLiteral("11 open orders would exceed max_open_orders 10")}}));

        const TradingBlocked block{
            at(5, 14, 30), {breach}, money("98500.5"), money("100000"), money("99000.25")};
        const QJsonObject json = toJson(block);
        QCOMPARE(json.value(QStringLiteral("timestamp")).toString(),
                 QStringLiteral("2024-03-05T14:30:00Z"));
        QVERIFY(json.value(QStringLiteral("equity")).isDouble());
        QCOMPARE(json.value(QStringLiteral("equity")).toDouble(), 98500.5);
        QCOMPARE(json.value(QStringLiteral("peak_equity")).toDouble(), 100000.0);
        QCOMPARE(json.value(QStringLiteral("day_start_equity")).toDouble(), 99000.25);
        QCOMPARE(json.value(QStringLiteral("reasons")).toArray(), QJsonArray{toJson(breach)});

        const QJsonObject verdict = toJson(RiskVerdict{{breach}});
        QCOMPARE(verdict.value(QStringLiteral("allowed")), QJsonValue(false));
        QCOMPARE(verdict.value(QStringLiteral("breaches")).toArray(), QJsonArray{toJson(breach)});
        QCOMPARE(toJson(RiskVerdict{}).value(QStringLiteral("allowed")), QJsonValue(true));
    }

    void limitsThatCannotLimitAreRefused() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, RiskEngine(positionLimit("0")));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, RiskEngine(dailyLoss("-1")));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, RiskEngine(drawdown(0.0)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 RiskEngine(drawdown(std::numeric_limits<double>::quiet_NaN())));
        RiskLimits limits;
        limits.maxOpenOrders = 0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, RiskEngine{limits});
        limits = RiskLimits{};
        limits.priceBandPct = INFINITY;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, RiskEngine{limits});
        limits = RiskLimits{};
        limits.maxOrderNotional = money("-5");
        try {
            RiskEngine engine(limits);
            QFAIL("a negative max_order_notional was accepted");
        } catch (const std::invalid_argument& error) {
            QCOMPARE(std::string(error.what()),
                     std::string("max_order_notional must be above 0, got -5"));
        }
        QCOMPARE(RiskEngine(positionLimit("0.00000001")).limits(), positionLimit("0.00000001"));
    }
};

QTEST_APPLESS_MAIN(TestRiskEngine)
#include "test_risk_engine.moc"
