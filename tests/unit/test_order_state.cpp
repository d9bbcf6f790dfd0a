#include <QTest>

#include <array>
#include <set>
#include <utility>

#include "engine/execution/order.h"

using namespace causeway::engine;

// QCOMPARE of std::string prints both sides.
namespace QTest {
template <>
inline char* toString(const std::string& text) {
    return qstrdup(text.c_str());
}
}  // namespace QTest

namespace {

constexpr std::array kAllStatuses{
    OrderStatus::kNew,    OrderStatus::kAccepted,  OrderStatus::kPartiallyFilled,
    OrderStatus::kFilled, OrderStatus::kCancelled, OrderStatus::kRejected,
    OrderStatus::kExpired};

Price px(const char* text) {
    return *Price::parse(text);
}

// A valid order of `type`: one unit, with the prices its type needs.
Order order(OrderType type) {
    Order o;
    o.id = "ORD_1";
    o.symbol = Symbol("TEST");
    o.type = type;
    o.qty = Quantity::fromInt(1);
    switch (type) {
        case OrderType::kMarket:
            break;
        case OrderType::kLimit:
            o.limitPrice = px("10");
            break;
        case OrderType::kStop:
            o.stopPrice = px("9");
            break;
        case OrderType::kStopLimit:
            o.stopPrice = px("9");
            o.limitPrice = px("8.9");
            break;
        case OrderType::kTrailingStop:
            o.trailAmount = px("0.5");
            break;
    }
    return o;
}

std::string reason(const Order& o) {
    return invalidOrderReason(o).value_or("(valid)");
}

}  // namespace

// The order state machine, the names of order types, times in force and
// statuses, and what makes an order unworkable.
class TestOrderState final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // The header's machine: new -> accepted -> partially filled -> filled
    // (a partial fill may follow a partial fill, a full fill may come
    // straight from accepted); new -> rejected; cancelled / expired from
    // accepted and partially filled. 10 legal pairs of the 49; every other
    // pair is checked illegal in the same sweep.
    void everyLegalTransitionAndNoOther() {
        using S = OrderStatus;
        const std::set<std::pair<S, S>> legal{
            {S::kNew, S::kAccepted},
            {S::kNew, S::kRejected},
            {S::kAccepted, S::kPartiallyFilled},
            {S::kAccepted, S::kFilled},
            {S::kAccepted, S::kCancelled},
            {S::kAccepted, S::kExpired},
            {S::kPartiallyFilled, S::kPartiallyFilled},
            {S::kPartiallyFilled, S::kFilled},
            {S::kPartiallyFilled, S::kCancelled},
            {S::kPartiallyFilled, S::kExpired},
        };
        int allowed = 0;
        for (const S from : kAllStatuses) {
            for (const S to : kAllStatuses) {
                const bool expected = legal.contains({from, to});
                const std::string what = toString(from) + " -> " + toString(to);
                QVERIFY2(canTransition(from, to) == expected, what.c_str());
                allowed += canTransition(from, to) ? 1 : 0;
            }
        }
        QCOMPARE(allowed, 10);
    }

    // A representative set of illegal changes, named one by one.
    void illegalTransitionsAreRefused() {
        using S = OrderStatus;
        // skipping acceptance
        QVERIFY(!canTransition(S::kNew, S::kFilled));
        QVERIFY(!canTransition(S::kNew, S::kPartiallyFilled));
        // a new order is not yet in a book to leave
        QVERIFY(!canTransition(S::kNew, S::kCancelled));
        QVERIFY(!canTransition(S::kNew, S::kExpired));
        // rejection only answers a submission
        QVERIFY(!canTransition(S::kAccepted, S::kRejected));
        QVERIFY(!canTransition(S::kPartiallyFilled, S::kRejected));
        // never back
        QVERIFY(!canTransition(S::kAccepted, S::kNew));
        QVERIFY(!canTransition(S::kPartiallyFilled, S::kAccepted));
        QVERIFY(!canTransition(S::kAccepted, S::kAccepted));
        QVERIFY(!canTransition(S::kNew, S::kNew));
        // nothing out of a terminal state, not even to itself
        for (const S terminal : {S::kFilled, S::kCancelled, S::kRejected, S::kExpired}) {
            for (const S to : kAllStatuses) {
                const std::string what = toString(terminal) + " -> " + toString(to);
                QVERIFY2(!canTransition(terminal, to), what.c_str());
            }
        }
    }

    void terminalStatuses() {
        QVERIFY(!isTerminal(OrderStatus::kNew));
        QVERIFY(!isTerminal(OrderStatus::kAccepted));
        QVERIFY(!isTerminal(OrderStatus::kPartiallyFilled));
        QVERIFY(isTerminal(OrderStatus::kFilled));
        QVERIFY(isTerminal(OrderStatus::kCancelled));
        QVERIFY(isTerminal(OrderStatus::kRejected));
        QVERIFY(isTerminal(OrderStatus::kExpired));
    }

    void orderTypeNamesRoundTrip() {
        const std::array<std::pair<OrderType, const char*>, 5> names{{
            {OrderType::kMarket, "market"},
            {OrderType::kLimit, "limit"},
            {OrderType::kStop, "stop"},
            {OrderType::kStopLimit, "stop_limit"},
            {OrderType::kTrailingStop, "trailing_stop"},
        }};
        for (const auto& [type, name] : names) {
            QCOMPARE(toString(type), std::string(name));
            QCOMPARE(orderTypeFromString(name), std::optional(type));
            QCOMPARE(orderTypeFromString(toString(type)), std::optional(type));
        }
        QCOMPARE(orderTypeFromString("Market"), std::nullopt);
        QCOMPARE(orderTypeFromString("stop-limit"), std::nullopt);
        QCOMPARE(orderTypeFromString(""), std::nullopt);
    }

    void timeInForceNamesRoundTrip() {
        const std::array<std::pair<TimeInForce, const char*>, 4> names{{
            {TimeInForce::kGtc, "gtc"},
            {TimeInForce::kDay, "day"},
            {TimeInForce::kIoc, "ioc"},
            {TimeInForce::kFok, "fok"},
        }};
        for (const auto& [tif, name] : names) {
            QCOMPARE(toString(tif), std::string(name));
            QCOMPARE(timeInForceFromString(name), std::optional(tif));
            QCOMPARE(timeInForceFromString(toString(tif)), std::optional(tif));
        }
        QCOMPARE(timeInForceFromString("GTC"), std::nullopt);
        QCOMPARE(timeInForceFromString("gtd"), std::nullopt);
        QCOMPARE(timeInForceFromString(""), std::nullopt);
    }

    void orderStatusNamesRoundTrip() {
        const std::array<std::pair<OrderStatus, const char*>, 7> names{{
            {OrderStatus::kNew, "new"},
            {OrderStatus::kAccepted, "accepted"},
            {OrderStatus::kPartiallyFilled, "partially_filled"},
            {OrderStatus::kFilled, "filled"},
            {OrderStatus::kCancelled, "cancelled"},
            {OrderStatus::kRejected, "rejected"},
            {OrderStatus::kExpired, "expired"},
        }};
        for (const auto& [status, name] : names) {
            QCOMPARE(toString(status), std::string(name));
            QCOMPARE(orderStatusFromString(name), std::optional(status));
            QCOMPARE(orderStatusFromString(toString(status)), std::optional(status));
        }
        QCOMPARE(orderStatusFromString("partially filled"), std::nullopt);
        QCOMPARE(orderStatusFromString("canceled"), std::nullopt);
        QCOMPARE(orderStatusFromString(""), std::nullopt);
    }

    void replyKindNames() {
        using K = ExchangeReply::Kind;
        QCOMPARE(std::string(toString(K::kAccepted)), std::string("accepted"));
        QCOMPARE(std::string(toString(K::kFill)), std::string("fill"));
        QCOMPARE(std::string(toString(K::kRejected)), std::string("rejected"));
        QCOMPARE(std::string(toString(K::kExpired)), std::string("expired"));
        QCOMPARE(std::string(toString(K::kCancelled)), std::string("cancelled"));
        QCOMPARE(std::string(toString(K::kModified)), std::string("modified"));
        QCOMPARE(std::string(toString(K::kCancelRejected)), std::string("cancel_rejected"));
        QCOMPARE(std::string(toString(K::kModifyRejected)), std::string("modify_rejected"));
    }

    void validOrdersHaveNoReason() {
        for (const OrderType type : {OrderType::kMarket, OrderType::kLimit, OrderType::kStop,
                                     OrderType::kStopLimit, OrderType::kTrailingStop}) {
            QCOMPARE(reason(order(type)), std::string("(valid)"));
        }
        Order bps = order(OrderType::kTrailingStop);
        bps.trailAmount.reset();
        bps.trailBps = px("50");
        QCOMPARE(reason(bps), std::string("(valid)"));
        Order bars = order(OrderType::kLimit);
        bars.validBars = 3;
        QCOMPARE(reason(bars), std::string("(valid)"));
    }

    void quantityMustBePositive() {
        Order zero = order(OrderType::kMarket);
        zero.qty = Quantity();
        QCOMPARE(reason(zero), std::string("quantity 0 is not positive"));
        Order negative = order(OrderType::kLimit);
        negative.qty = *Quantity::parse("-1.5");
        QCOMPARE(reason(negative), std::string("quantity -1.5 is not positive"));
        // the quantity is checked before the prices
        Order both = order(OrderType::kLimit);
        both.qty = Quantity();
        both.limitPrice.reset();
        QCOMPARE(reason(both), std::string("quantity 0 is not positive"));
    }

    void pricesTheTypeNeeds() {
        Order limit = order(OrderType::kLimit);
        limit.limitPrice.reset();
        QCOMPARE(reason(limit), std::string("a limit order needs a positive limit price"));
        limit.limitPrice = Price();
        QCOMPARE(reason(limit), std::string("a limit order needs a positive limit price"));
        limit.limitPrice = px("-1");
        QCOMPARE(reason(limit), std::string("a limit order needs a positive limit price"));

        Order stop = order(OrderType::kStop);
        stop.stopPrice.reset();
        QCOMPARE(reason(stop), std::string("a stop order needs a positive stop price"));
        stop.stopPrice = Price();
        QCOMPARE(reason(stop), std::string("a stop order needs a positive stop price"));

        const std::string stopLimitText("a stop-limit order needs a positive stop and limit price");
        Order noLimit = order(OrderType::kStopLimit);
        noLimit.limitPrice.reset();
        QCOMPARE(reason(noLimit), stopLimitText);
        Order noStop = order(OrderType::kStopLimit);
        noStop.stopPrice = Price();
        QCOMPARE(reason(noStop), stopLimitText);
    }

    void aTrailingStopNeedsExactlyOnePositiveTrail() {
        const std::string text(
            "a trailing stop needs one positive trail: an amount or basis points");
        Order none = order(OrderType::kTrailingStop);
        none.trailAmount.reset();
        QCOMPARE(reason(none), text);
        Order both = order(OrderType::kTrailingStop);
        both.trailBps = px("50");
        QCOMPARE(reason(both), text);
        Order zero = order(OrderType::kTrailingStop);
        zero.trailAmount = Price();
        QCOMPARE(reason(zero), text);
        Order negativeBps = order(OrderType::kTrailingStop);
        negativeBps.trailAmount.reset();
        negativeBps.trailBps = px("-10");
        QCOMPARE(reason(negativeBps), text);
    }

    void validBarsMustNotBeNegative() {
        Order o = order(OrderType::kStop);
        o.validBars = -1;
        QCOMPARE(reason(o), std::string("valid bars -1 is negative"));
        o.validBars = 0;  // 0: no limit
        QCOMPARE(reason(o), std::string("(valid)"));
    }
};

QTEST_APPLESS_MAIN(TestOrderState)
#include "test_order_state.moc"
