#include <QTest>

#include <algorithm>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "engine/execution/simulated_exchange.h"

using namespace causeway::engine;

// QCOMPARE of std::string prints both sides.
namespace QTest {
template <>
inline char* toString(const std::string& text) {
    return qstrdup(text.c_str());
}
}  // namespace QTest

namespace causeway::engine {
// Found by QCOMPARE through argument-dependent lookup: prints prices,
// quantities and money.
template <class Tag>
char* toString(const FixedPoint<Tag>& value) {
    return qstrdup(value.toString().c_str());
}
}  // namespace causeway::engine

namespace {

using Kind = ExchangeReply::Kind;

constexpr Timestamp kDay = kNanosPerDay;
constexpr Timestamp kHour = kNanosPerDay / 24;
constexpr Timestamp kSecond = kNanosPerSecond;

Price px(const char* text) {
    return *Price::parse(text);
}

Quantity qty(const char* text) {
    return *Quantity::parse(text);
}

Money money(const char* text) {
    return *Money::parse(text);
}

Candle candle(Timestamp ts, Timestamp timeframe, const char* open, const char* high,
              const char* low, const char* close, const char* volume) {
    Candle c;
    c.symbol = Symbol("TEST");
    c.ts = ts;
    c.timeframe = Timeframe{timeframe};
    c.open = px(open);
    c.high = px(high);
    c.low = px(low);
    c.close = px(close);
    c.volume = qty(volume);
    return c;
}

// A daily bar starting at `day` days after the epoch.
Candle bar(int day, const char* open, const char* high, const char* low, const char* close,
           const char* volume = "0") {
    return candle(Timestamp{day} * kDay, kDay, open, high, low, close, volume);
}

Candle hourBar(Timestamp ts, const char* open, const char* high, const char* low,
               const char* close) {
    return candle(ts, kHour, open, high, low, close, "0");
}

Tick tick(Timestamp ts, const char* price, const char* bid = nullptr, const char* ask = nullptr) {
    Tick t;
    t.symbol = Symbol("TEST");
    t.ts = ts;
    t.price = px(price);
    if (bid) {
        t.bid = px(bid);
    }
    if (ask) {
        t.ask = px(ask);
    }
    return t;
}

Order order(const char* id, Side side, OrderType type, const char* quantity) {
    Order o;
    o.id = id;
    o.symbol = Symbol("TEST");
    o.side = side;
    o.type = type;
    o.qty = qty(quantity);
    return o;
}

Order market(const char* id, Side side, const char* quantity = "1") {
    return order(id, side, OrderType::kMarket, quantity);
}

Order limit(const char* id, Side side, const char* limitPrice, const char* quantity = "1") {
    Order o = order(id, side, OrderType::kLimit, quantity);
    o.limitPrice = px(limitPrice);
    return o;
}

Order stop(const char* id, Side side, const char* stopPrice, const char* quantity = "1") {
    Order o = order(id, side, OrderType::kStop, quantity);
    o.stopPrice = px(stopPrice);
    return o;
}

Order stopLimit(const char* id, Side side, const char* stopPrice, const char* limitPrice,
                const char* quantity = "1") {
    Order o = order(id, side, OrderType::kStopLimit, quantity);
    o.stopPrice = px(stopPrice);
    o.limitPrice = px(limitPrice);
    return o;
}

Order trailByAmount(const char* id, Side side, const char* amount, const char* quantity = "1") {
    Order o = order(id, side, OrderType::kTrailingStop, quantity);
    o.trailAmount = px(amount);
    return o;
}

Order trailByBps(const char* id, Side side, const char* bps, const char* quantity = "1") {
    Order o = order(id, side, OrderType::kTrailingStop, quantity);
    o.trailBps = px(bps);
    return o;
}

Order withTif(Order o, TimeInForce tif) {
    o.tif = tif;
    return o;
}

Order validFor(Order o, int bars) {
    o.validBars = bars;
    return o;
}

// A bracket's exit: held until `entry` fills, one-cancels-other with its
// sibling in `group`.
Order exitOf(Order o, const char* entry, const char* group) {
    o.parentId = entry;
    o.ocoGroup = group;
    return o;
}

SimulationConfig costs(const char* slippageBps, const char* takerFeeBps = "0",
                       const char* makerFeeBps = "0") {
    SimulationConfig config;
    config.slippageBps = money(slippageBps);
    config.takerFeeBps = money(takerFeeBps);
    config.makerFeeBps = money(makerFeeBps);
    return config;
}

SimulationConfig participating(double share) {
    SimulationConfig config;
    config.participation = share;
    return config;
}

}  // namespace

// The fill model documented in simulated_exchange.h, one behaviour a slot.
// Each bar's path is worked out in a comment: open -> the extreme nearer the
// open -> the other extreme -> close (a tie low first when the bar closed up).
class TestSimulatedExchange final : public QObject {
    Q_OBJECT

private:
    std::vector<ExchangeReply> m_replies;
    std::size_t m_seen = 0;
    std::function<void(const ExchangeReply&)> m_onReply;

    SimulatedExchange exchange(SimulationConfig config = {}) {
        m_replies.clear();
        m_seen = 0;
        m_onReply = nullptr;
        SimulatedExchange sim(std::move(config));
        sim.setReplyHandler([this](const ExchangeReply& reply) {
            m_replies.push_back(reply);
            if (m_onReply) {
                m_onReply(reply);
            }
        });
        return sim;
    }

    std::vector<ExchangeReply> replies(Kind kind, const std::string& id = {}) const {
        std::vector<ExchangeReply> found;
        for (const auto& reply : m_replies) {
            if (reply.kind == kind && (id.empty() || reply.orderId == id)) {
                found.push_back(reply);
            }
        }
        return found;
    }

    std::vector<ExchangeReply> fills(const std::string& id = {}) const {
        return replies(Kind::kFill, id);
    }

    // The replies since the last call, acceptances left out: "fill id
    // qty@price" or "kind id: reason", joined by " | ".
    std::string events() {
        std::string text;
        for (; m_seen < m_replies.size(); ++m_seen) {
            const ExchangeReply& r = m_replies[m_seen];
            if (r.kind == Kind::kAccepted) {
                continue;
            }
            if (!text.empty()) {
                text += " | ";
            }
            text += std::string(toString(r.kind)) + " " + r.orderId;
            if (r.kind == Kind::kFill) {
                text += " " + r.qty.toString() + "@" + r.price.toString();
            } else if (!r.reason.empty()) {
                text += ": " + r.reason;
            }
        }
        return text;
    }

    std::vector<std::string> rejectedIds() const {
        std::vector<std::string> ids;
        for (const auto& reply : replies(Kind::kRejected)) {
            ids.push_back(reply.orderId);
        }
        return ids;
    }

private Q_SLOTS:
    // ---- market orders and latency ----

    void aMarketOrderFillsAtTheNextOpenWithSlippage() {
        SimulatedExchange sim = exchange(costs("10", "20", "5"));
        sim.submit(market("buy", Side::kBuy, "3"), 0);
        sim.submit(market("sell", Side::kSell, "2"), 0);
        QCOMPARE(replies(Kind::kAccepted).size(), std::size_t{2});
        QCOMPARE(events(), std::string());
        // open 100: the buy pays 10 bp more, 100.1; the sell gets 10 bp
        // less, 99.9. Both take liquidity: 20 bp of 300.3 = 0.6006 and of
        // 199.8 = 0.3996.
        sim.onBar(bar(1, "100", "101", "99", "100.5"));
        QCOMPARE(events(), std::string("fill buy 3@100.1 | fill sell 2@99.9"));
        const auto buy = fills("buy").at(0);
        QCOMPARE(buy.fee, money("0.6006"));
        QCOMPARE(buy.maker, false);
        QCOMPARE(buy.ts, 1 * kDay);
        QCOMPARE(fills("sell").at(0).fee, money("0.3996"));
        QCOMPARE(sim.working(), std::size_t{0});

        // decided at bar 1's close: bar 2's open 102, not the close 100.5;
        // 102 + 10 bp = 102.102, fee 20 bp of 102.102 = 0.2042040
        sim.submit(market("next", Side::kBuy), 1 * kDay);
        sim.onBar(bar(2, "102", "103", "101", "102.5"));
        QCOMPARE(events(), std::string("fill next 1@102.102"));
        QCOMPARE(fills("next").at(0).fee, money("0.204204"));
    }

    void latencyPutsTheArrivalInsideTheNextBar() {
        SimulationConfig config = costs("10");
        config.latency = kDay / 2;
        SimulatedExchange sim = exchange(config);
        // the exchange clock stands at bar 1's end, day 2 00:00
        sim.onBar(bar(1, "100", "100", "100", "100"));
        sim.submit(market("buy", Side::kBuy), 1 * kDay);
        sim.submit(market("sell", Side::kSell), 1 * kDay);
        sim.submit(limit("dip", Side::kBuy, "99"), 1 * kDay);
        // bar 2: open 100, high 104 (4 up), low 98 (2 down): 100 -> 98 ->
        // 104 -> 102. Arrival day 2 + 12 h is half the bar, t 1.5 of 3:
        // half way up 98 -> 104, at 101. Buy 101 + 0.101, sell 101 - 0.101.
        // The buy limit at 99 arrives at 101, after the low 98: no fill.
        sim.onBar(bar(2, "100", "104", "98", "102"));
        QCOMPARE(events(), std::string("fill buy 1@101.101 | fill sell 1@100.899"));
        QCOMPARE(fills("buy").at(0).ts, 2 * kDay);
        QCOMPARE(sim.working(), std::size_t{1});
        // bar 3 it works from the open: 99.5 -> 100 -> 98.5 -> 99 (0.5 up,
        // 1 down), through 99 on the way down
        sim.onBar(bar(3, "99.5", "100", "98.5", "99"));
        QCOMPARE(events(), std::string("fill dip 1@99"));
    }

    void latencyPastTheWholeNextBarSkipsIt() {
        SimulationConfig config;
        config.latency = kDay + kDay / 2;
        SimulatedExchange sim = exchange(config);
        sim.onBar(bar(1, "100", "100", "100", "100"));
        // arrival day 2 + 1.5 days: after all of bar 2
        sim.submit(market("late", Side::kBuy), 1 * kDay);
        sim.onBar(bar(2, "100", "104", "98", "102"));
        QCOMPARE(events(), std::string());
        QCOMPARE(sim.working(), std::size_t{1});
        // half way into bar 3: 110 -> 108 -> 114 -> 112 at t 1.5 is 111
        sim.onBar(bar(3, "110", "114", "108", "112"));
        QCOMPARE(events(), std::string("fill late 1@111"));

        // exactly one bar of latency: it arrives at bar 2's end, bar 3's open
        config.latency = kDay;
        sim = exchange(config);
        sim.onBar(bar(1, "100", "100", "100", "100"));
        sim.submit(market("late", Side::kBuy), 1 * kDay);
        sim.onBar(bar(2, "100", "104", "98", "102"));
        QCOMPARE(events(), std::string());
        sim.onBar(bar(3, "110", "114", "108", "112"));
        QCOMPARE(events(), std::string("fill late 1@110"));
    }

    // ---- limit orders ----

    void aLimitFillsOnlyWhenTradedThrough() {
        SimulatedExchange sim = exchange(costs("10", "20", "5"));
        sim.submit(limit("buy", Side::kBuy, "99", "2"), 0);
        sim.submit(limit("sell", Side::kSell, "101", "2"), 0);
        // open 100, high 101, low 99: a tie, closed up: 100 -> 99 -> 101 ->
        // 100.5. Both limits are touched, neither traded through.
        sim.onBar(bar(1, "100", "101", "99", "100.5"));
        QCOMPARE(events(), std::string());
        QCOMPARE(sim.working(), std::size_t{2});
        // 100 -> 100.5 -> 98.5 -> 99.5 (0.5 up, 1.5 down): through 99, at
        // 99 without slippage, maker: 5 bp of 198 = 0.099
        sim.onBar(bar(2, "100", "100.5", "98.5", "99.5"));
        QCOMPARE(events(), std::string("fill buy 2@99"));
        QCOMPARE(fills("buy").at(0).maker, true);
        QCOMPARE(fills("buy").at(0).fee, money("0.099"));
        // 100 -> 99.8 -> 101.5 -> 101 (1.5 up, 0.2 down): through 101, at
        // 101: 5 bp of 202 = 0.101
        sim.onBar(bar(3, "100", "101.5", "99.8", "101"));
        QCOMPARE(events(), std::string("fill sell 2@101"));
        QCOMPARE(fills("sell").at(0).maker, true);
        QCOMPARE(fills("sell").at(0).fee, money("0.101"));
    }

    void aLimitMarketableOnArrivalIsTakerARestingOneMaker() {
        // a maker rebate of 2 bp against a taker fee of 20 bp; limits pay
        // no slippage
        SimulatedExchange sim = exchange(costs("10", "20", "-2"));
        sim.submit(limit("taker", Side::kBuy, "101", "2"), 0);
        sim.submit(limit("gap", Side::kBuy, "99", "2"), 0);
        sim.submit(limit("through", Side::kBuy, "97", "2"), 0);
        // open 100 is below 101 where it reaches the book: at 100, taker,
        // 20 bp of 200 = 0.4. 99 and 97 are not reached (low 99.5).
        sim.onBar(bar(1, "100", "100.5", "99.5", "100"));
        QCOMPARE(events(), std::string("fill taker 2@100"));
        QCOMPARE(fills("taker").at(0).maker, false);
        QCOMPARE(fills("taker").at(0).fee, money("0.4"));
        // having rested a bar, the 99 limit fills at the gap open 98 as a
        // maker: -2 bp of 196 = -0.0392 (a rebate)
        sim.onBar(bar(2, "98", "98.5", "97.5", "98.2"));
        QCOMPARE(events(), std::string("fill gap 2@98"));
        QCOMPARE(fills("gap").at(0).maker, true);
        QCOMPARE(fills("gap").at(0).fee, money("-0.0392"));
        // 97.5 -> 98 -> 96.5 -> 97.2 (0.5 up, 1 down): through 97, at 97,
        // maker: -2 bp of 194 = -0.0388
        sim.onBar(bar(3, "97.5", "98", "96.5", "97.2"));
        QCOMPARE(events(), std::string("fill through 2@97"));
        QCOMPARE(fills("through").at(0).maker, true);
        QCOMPARE(fills("through").at(0).fee, money("-0.0388"));
    }

    // ---- stops ----

    void aStopTriggersAtItsStopWithSlippage() {
        SimulatedExchange sim = exchange(costs("10"));
        sim.submit(stop("buy", Side::kBuy, "105"), 0);
        sim.submit(stop("sell", Side::kSell, "95"), 0);
        sim.onBar(bar(1, "100", "104", "99", "103"));
        QCOMPARE(events(), std::string());
        // 103 -> 102.5 -> 105 -> 104 (2 up, 0.5 down): the high touches
        // 105, which triggers; 105 + 10 bp = 105.105, taker
        sim.onBar(bar(2, "103", "105", "102.5", "104"));
        QCOMPARE(events(), std::string("fill buy 1@105.105"));
        QCOMPARE(fills("buy").at(0).maker, false);
        // 100 -> 100.5 -> 94 -> 96 (0.5 up, 6 down): down through 95;
        // 95 - 10 bp = 94.905
        sim.onBar(bar(3, "100", "100.5", "94", "96"));
        QCOMPARE(events(), std::string("fill sell 1@94.905"));
    }

    void aStopGappedThroughFillsAtTheOpen() {
        SimulatedExchange sim = exchange(costs("10"));
        sim.onBar(bar(1, "100", "101", "99", "100"));
        sim.submit(stop("buy", Side::kBuy, "105"), 1 * kDay);
        // opens at 107, above the stop: 107 + 10 bp = 107.107
        sim.onBar(bar(2, "107", "108", "106.5", "107.5"));
        QCOMPARE(events(), std::string("fill buy 1@107.107"));
        sim.submit(stop("sell", Side::kSell, "95"), 2 * kDay);
        // opens at 93, below the stop: 93 - 10 bp = 92.907
        sim.onBar(bar(3, "93", "94", "92", "93.5"));
        QCOMPARE(events(), std::string("fill sell 1@92.907"));
    }

    void aStopLimitTriggersThenFillsAsALimit() {
        SimulatedExchange sim = exchange(costs("10"));
        sim.submit(stopLimit("buy", Side::kBuy, "105", "105.5"), 0);
        sim.submit(stopLimit("sell", Side::kSell, "95", "95.5"), 0);
        // 100 -> 99 -> 106 -> 104 (6 up, 1 down): the buy triggers at 105,
        // within its limit 105.5: a limit fill at 105, no slippage, taker
        sim.onBar(bar(1, "100", "106", "99", "104"));
        QCOMPARE(events(), std::string("fill buy 1@105"));
        QCOMPARE(fills("buy").at(0).maker, false);
        // 100 -> 101 -> 94 -> 96 (1 up, 6 down): the sell triggers at 95,
        // below its limit 95.5; the limit then rests until 94 -> 96 trades
        // through 95.5: at 95.5, maker
        sim.onBar(bar(2, "100", "101", "94", "96"));
        QCOMPARE(events(), std::string("fill sell 1@95.5"));
        QCOMPARE(fills("sell").at(0).maker, true);
    }

    void aTriggeredStopLimitWorksOnAsAPlainLimit() {
        SimulatedExchange sim = exchange(costs("10"));
        sim.submit(stopLimit("buy", Side::kBuy, "105", "105.5"), 0);
        // opens 107, above the stop: triggered there; 107 -> 106 -> 108 ->
        // 107.5 (a tie, closed up) never trades below 105.5: working
        sim.onBar(bar(1, "107", "108", "106", "107.5"));
        QCOMPARE(events(), std::string());
        QCOMPARE(sim.working(), std::size_t{1});
        // the next bar stays below the stop 105 throughout; as the limit it
        // now is, it fills at the open 104.8, a resting maker
        sim.onBar(bar(2, "104.8", "104.9", "104", "104.5"));
        QCOMPARE(events(), std::string("fill buy 1@104.8"));
        QCOMPARE(fills("buy").at(0).maker, true);
    }

    // ---- trailing stops ----

    void aSellTrailingStopByAmountFollowsTheHigh() {
        SimulatedExchange sim = exchange();
        sim.submit(trailByAmount("trail", Side::kSell, "2"), 0);
        // 100 -> 99.5 -> 103 -> 102.5 (3 up, 0.5 down): highest 103, stop
        // 101; the close 102.5 stays above it
        sim.onBar(bar(1, "100", "103", "99.5", "102.5"));
        QCOMPARE(events(), std::string("modified trail: trailing stop moved"));
        const auto moved = replies(Kind::kModified, "trail");
        QCOMPARE(moved.at(0).stopPrice, std::optional(px("101")));
        QCOMPARE(moved.at(0).qty, qty("1"));
        // 102.5 -> 102 -> 106 -> 103.5 (3.5 up, 0.5 down): 102 is above 101;
        // the high 106 lifts the stop to 104, 106 -> 103.5 falls through it
        sim.onBar(bar(2, "102.5", "106", "102", "103.5"));
        QCOMPARE(events(), std::string("fill trail 1@104"));
        QCOMPARE(sim.working(), std::size_t{0});
    }

    void aTrailingStopTriggersOnTheWayDownWithinOneBar() {
        SimulatedExchange sim = exchange(costs("10"));
        sim.submit(trailByAmount("trail", Side::kSell, "2"), 0);
        // 100 -> 99.5 -> 105 -> 102 (5 up, 0.5 down): 99.5 is above the
        // first stop 98; the high 105 lifts it to 103, 105 -> 102 falls
        // through: 103 - 10 bp = 102.897
        sim.onBar(bar(1, "100", "105", "99.5", "102"));
        QCOMPARE(events(), std::string("fill trail 1@102.897"));
    }

    void aTrailingStopGappedThroughFillsAtTheOpen() {
        SimulatedExchange sim = exchange();
        sim.onBar(bar(1, "100", "100", "100", "100"));
        // placed after a close at 100 (order.h: the best price since it was
        // placed): its first stop is 98
        sim.submit(trailByAmount("trail", Side::kSell, "2"), 1 * kDay);
        // opens at 97, below the stop: there, not at 98
        sim.onBar(bar(2, "97", "97.5", "96", "96.5"));
        QCOMPARE(events(), std::string("fill trail 1@97"));
    }

    void aSellTrailingStopByBpsFollowsTheHigh() {
        SimulatedExchange sim = exchange();
        sim.submit(trailByBps("trail", Side::kSell, "200"), 0);
        // highest 103: stop 103 - 2% = 100.94
        sim.onBar(bar(1, "100", "103", "99.5", "102.5"));
        QCOMPARE(events(), std::string("modified trail: trailing stop moved"));
        QCOMPARE(replies(Kind::kModified, "trail").at(0).stopPrice, std::optional(px("100.94")));
        // highest 106: stop 106 - 2.12 = 103.88, and 106 -> 103.5 falls
        // through it
        sim.onBar(bar(2, "102.5", "106", "102", "103.5"));
        QCOMPARE(events(), std::string("fill trail 1@103.88"));
    }

    void aBuyTrailingStopFollowsTheLow() {
        SimulatedExchange sim = exchange();
        sim.submit(trailByAmount("trail", Side::kBuy, "2"), 0);
        // 100 -> 100.5 -> 97 -> 97.5 (0.5 up, 3 down): first stop 102 not
        // reached by 100.5; the low 97 brings it to 99, 97.5 stays below
        sim.onBar(bar(1, "100", "100.5", "97", "97.5"));
        QCOMPARE(events(), std::string("modified trail: trailing stop moved"));
        QCOMPARE(replies(Kind::kModified, "trail").at(0).stopPrice, std::optional(px("99")));
        // 97.5 -> 94 -> 101 -> 100 (3.5 either way, closed up: low first):
        // the low 94 brings the stop to 96, 94 -> 101 rises through it
        sim.onBar(bar(2, "97.5", "101", "94", "100"));
        QCOMPARE(events(), std::string("fill trail 1@96"));
    }

    void aTrailingStopFollowsOnlyWhatTradedSinceItReachedTheBook() {
        SimulationConfig config;
        config.latency = kDay / 2;
        SimulatedExchange sim = exchange(config);
        sim.onBar(bar(1, "99", "99", "99", "99"));
        sim.submit(trailByAmount("trail", Side::kSell, "5"), 1 * kDay);
        // 100 -> 103 -> 96 -> 99 (3 up, 4 down); it arrives at t 1.5, half
        // way down 103 -> 96, at 99.5. The high 103 came before it: the
        // best since arrival is 99.5, the stop 94.5; the low 96 stays above.
        sim.onBar(bar(2, "100", "103", "96", "99"));
        QVERIFY(fills().empty());
        const auto moved = replies(Kind::kModified, "trail");
        QCOMPARE(moved.size(), std::size_t{1});
        QCOMPARE(moved.at(0).stopPrice, std::optional(px("94.5")));
        // 97.5 -> 97 -> 98 -> 97.5 stays above a stop at 94.5
        sim.onBar(bar(3, "97.5", "98", "97", "97.5"));
        QVERIFY(fills().empty());
    }

    // ---- brackets ----

    void bracketExitsWaitForTheirEntryAndTheTakeProfitCancelsTheStop() {
        SimulatedExchange sim = exchange();
        sim.submit(limit("E", Side::kBuy, "95", "10"), 0);
        sim.submit(exitOf(stop("SL", Side::kSell, "93", "10"), "E", "G"), 0);
        sim.submit(exitOf(limit("TP", Side::kSell, "98", "10"), "E", "G"), 0);
        QCOMPARE(replies(Kind::kAccepted).size(), std::size_t{3});
        // 100 -> 102 -> 96 -> 101 (2 up, 4 down): the entry at 95 is not
        // reached; the take-profit would sell at the open 100 if it worked
        sim.onBar(bar(1, "100", "102", "96", "101"));
        QCOMPARE(events(), std::string());
        QCOMPARE(sim.working(), std::size_t{3});
        // 96 -> 94 -> 99 -> 98.5 (3 up, 2 down): the entry fills at 95 at t
        // 0.5; from there the stop 93 is never reached, 94 -> 99 trades
        // through the take-profit 98: it fills and cancels the stop
        sim.onBar(bar(2, "96", "99", "94", "98.5"));
        QCOMPARE(events(),
                 std::string("fill E 10@95 | fill TP 10@98 | cancelled SL: oco: TP filled"));
        QCOMPARE(sim.working(), std::size_t{0});
    }

    void bracketStopLossHitInTheEntrysBar() {
        SimulatedExchange sim = exchange();
        sim.submit(market("E", Side::kBuy, "10"), 0);
        // the take-profit first: where the path goes decides, not the order
        // of submission
        sim.submit(exitOf(limit("TP", Side::kSell, "102", "10"), "E", "G"), 0);
        sim.submit(exitOf(stop("SL", Side::kSell, "98", "10"), "E", "G"), 0);
        // open 100, high 103, low 97: a tie, closed up: 100 -> 97 -> 103 ->
        // 101. The entry fills at the open; the stop at 98 is hit at t 2/3,
        // before the path reaches the take-profit 102 (at t 1 + 5/6)
        sim.onBar(bar(1, "100", "103", "97", "101"));
        QCOMPARE(events(),
                 std::string("fill E 10@100 | fill SL 10@98 | cancelled TP: oco: SL filled"));
        QCOMPARE(sim.working(), std::size_t{0});
    }

    void bracketExitsWorkFromTheEntrysFill() {
        SimulatedExchange sim = exchange();
        sim.submit(limit("E", Side::kBuy, "95", "10"), 0);
        sim.submit(exitOf(stop("SL", Side::kSell, "90", "10"), "E", "G"), 0);
        sim.submit(exitOf(limit("TP", Side::kSell, "97", "10"), "E", "G"), 0);
        // 98 -> 99 -> 94 -> 94.5 (1 up, 4 down): the entry fills at 95 on
        // the way down (t 1.8); 97 and 99 came before, the take-profit waits
        sim.onBar(bar(1, "98", "99", "94", "94.5"));
        QCOMPARE(events(), std::string("fill E 10@95"));
        QCOMPARE(sim.working(), std::size_t{2});
    }

    void aPartialEntryFillMakesTheExitsCoverWhatFilled() {
        SimulatedExchange sim = exchange(participating(0.5));
        sim.submit(market("E", Side::kBuy, "10"), 0);
        sim.submit(exitOf(stop("SL", Side::kSell, "98", "10"), "E", "G"), 0);
        sim.submit(exitOf(limit("TP", Side::kSell, "105", "10"), "E", "G"), 0);
        // 0.5 x volume 10: 5 of the entry fill at the open 100
        sim.onBar(bar(1, "100", "101", "99", "100.5", "10"));
        QCOMPARE(events(), std::string("fill E 5@100"));
        sim.cancel("E", 1 * kDay);
        QCOMPARE(events(), std::string("cancelled E: cancelled on request"
                                       " | modified SL: its entry E filled 5"
                                       " | modified TP: its entry E filled 5"));
        QCOMPARE(replies(Kind::kModified, "SL").at(0).qty, qty("5"));
        QCOMPARE(replies(Kind::kModified, "TP").at(0).qty, qty("5"));
        QCOMPARE(replies(Kind::kModified, "SL").at(0).stopPrice, std::optional(px("98")));
        // 99 -> 99.5 -> 97 -> 98 (0.5 up, 2 down), budget 50: the stop sells
        // the 5 held at 98
        sim.onBar(bar(2, "99", "99.5", "97", "98", "100"));
        QCOMPARE(events(), std::string("fill SL 5@98 | cancelled TP: oco: SL filled"));
        QCOMPARE(sim.working(), std::size_t{0});
    }

    void anEntryEndingWithoutAFillCancelsItsExits() {
        SimulatedExchange sim = exchange();
        sim.submit(limit("E", Side::kBuy, "95", "10"), 0);
        sim.submit(exitOf(stop("SL", Side::kSell, "93", "10"), "E", "G"), 0);
        sim.submit(exitOf(limit("TP", Side::kSell, "98", "10"), "E", "G"), 0);
        sim.cancel("E", 0);
        QCOMPARE(events(), std::string("cancelled E: cancelled on request"
                                       " | cancelled SL: its entry E ended without a fill"
                                       " | cancelled TP: its entry E ended without a fill"));
        QCOMPARE(sim.working(), std::size_t{0});

        // the same when the entry expires
        sim.submit(validFor(limit("E2", Side::kBuy, "95", "10"), 1), 0);
        sim.submit(exitOf(stop("SL2", Side::kSell, "93", "10"), "E2", "G2"), 0);
        sim.submit(exitOf(limit("TP2", Side::kSell, "98", "10"), "E2", "G2"), 0);
        sim.onBar(bar(1, "100", "102", "96", "101"));
        QCOMPARE(events(), std::string("expired E2: limit 95 not reached in 1 bar"
                                       " | cancelled SL2: its entry E2 ended without a fill"
                                       " | cancelled TP2: its entry E2 ended without a fill"));
        QCOMPARE(sim.working(), std::size_t{0});
    }

    void anExitOfAnUnknownEntryIsRejected() {
        SimulatedExchange sim = exchange();
        sim.submit(exitOf(stop("SL", Side::kSell, "93", "10"), "ghost", "G"), 0);
        QCOMPARE(events(), std::string("rejected SL: its entry ghost is not working"));
        QCOMPARE(sim.working(), std::size_t{0});
    }

    // ---- time in force ----

    void aDayOrderExpiresWhenALaterUtcDayArrives() {
        SimulatedExchange sim = exchange();
        sim.submit(withTif(limit("day", Side::kBuy, "90"), TimeInForce::kDay), 0);
        // it can first execute on 1970-01-06 (day 5): two hourly bars of
        // that day leave it working
        sim.onBar(hourBar(5 * kDay, "100", "101", "99", "100"));
        sim.onBar(hourBar(5 * kDay + 23 * kHour, "100", "101", "99", "100"));
        QCOMPARE(events(), std::string());
        QCOMPARE(sim.working(), std::size_t{1});
        // the first bar of 1970-01-07 opens at 85, below its limit, but the
        // order expired with the day before
        sim.onBar(hourBar(6 * kDay, "85", "86", "84", "85"));
        QCOMPARE(events(), std::string("expired day: day order expired at the end of 1970-01-06"));
        QCOMPARE(replies(Kind::kExpired).at(0).ts, 6 * kDay);
        QCOMPARE(sim.working(), std::size_t{0});
    }

    void anIocFillsWhatItCanWhereItReachesTheBook() {
        SimulatedExchange sim = exchange(participating(0.4));
        sim.submit(withTif(market("ioc", Side::kBuy, "10"), TimeInForce::kIoc), 0);
        // 0.4 x volume 10: 4 fill at the open, the other 6 expire
        sim.onBar(bar(1, "100", "101", "99", "100", "10"));
        QCOMPARE(events(),
                 std::string("fill ioc 4@100 | expired ioc: ioc: 6 could not fill where it "
                             "reached the book"));
        QCOMPARE(sim.working(), std::size_t{0});

        sim.submit(withTif(limit("later", Side::kBuy, "99"), TimeInForce::kIoc), 1 * kDay);
        sim.submit(withTif(limit("now", Side::kBuy, "101"), TimeInForce::kIoc), 1 * kDay);
        // 100 -> 100.5 -> 98 -> 99 (0.5 up, 2 down): 99 trades only after the
        // open, too late for an ioc; 101 is marketable at the open
        sim.onBar(bar(2, "100", "100.5", "98", "99", "1000"));
        QCOMPARE(events(),
                 std::string("expired later: ioc: could not fill where it reached the book"
                             " | fill now 1@100"));
        QCOMPARE(sim.working(), std::size_t{0});
    }

    void anIocOrFokFindingTheBudgetSpentExpires() {
        for (const TimeInForce tif : {TimeInForce::kIoc, TimeInForce::kFok}) {
            SimulatedExchange sim = exchange(participating(0.5));
            sim.submit(market("first", Side::kBuy, "5"), 0);
            sim.submit(withTif(market("once", Side::kBuy, "5"), tif), 0);
            // 0.5 x volume 10: the 5 go to the earlier order; nothing is left
            // for the ioc / fok where it reaches the book, so it expires
            sim.onBar(bar(1, "100", "101", "99", "100", "10"));
            QCOMPARE(fills("first").size(), std::size_t{1});
            QCOMPARE(replies(Kind::kExpired, "once").size(), std::size_t{1});
            sim.onBar(bar(2, "110", "111", "109", "110", "10"));
            QVERIFY(fills("once").empty());
        }
    }

    void aFokFillsAllOrExpires() {
        SimulatedExchange sim = exchange(participating(0.4));
        sim.submit(withTif(market("fok", Side::kBuy, "10"), TimeInForce::kFok), 0);
        // 0.4 x volume 10 = 4 of 10
        sim.onBar(bar(1, "100", "101", "99", "100", "10"));
        QCOMPARE(events(), std::string("expired fok: fok: only 4 of 10 could fill"));
        QCOMPARE(sim.working(), std::size_t{0});
        // 0.4 x volume 100 = 40: all of it
        sim.submit(withTif(market("all", Side::kBuy, "10"), TimeInForce::kFok), 1 * kDay);
        sim.onBar(bar(2, "101", "102", "100", "101", "100"));
        QCOMPARE(events(), std::string("fill all 10@101"));
        // a limit reached only after the open
        sim.submit(withTif(limit("later", Side::kBuy, "99"), TimeInForce::kFok), 2 * kDay);
        sim.onBar(bar(3, "100", "100.5", "98", "99", "100"));
        QCOMPARE(events(),
                 std::string("expired later: fok: could not fill where it reached the book"));
    }

    void validBarsExpireLimitsAndStops() {
        SimulatedExchange sim = exchange();
        sim.submit(validFor(limit("limit", Side::kBuy, "90"), 1), 0);
        sim.submit(validFor(stop("stop", Side::kBuy, "110"), 2), 0);
        sim.onBar(bar(1, "100", "101", "99", "100"));
        QCOMPARE(events(), std::string("expired limit: limit 90 not reached in 1 bar"));
        QCOMPARE(sim.working(), std::size_t{1});
        sim.onBar(bar(2, "100", "101", "99", "100"));
        QCOMPARE(events(), std::string("expired stop: stop 110 not reached in 2 bars"));
        QCOMPARE(replies(Kind::kExpired, "stop").at(0).ts, 2 * kDay);
        QCOMPARE(sim.working(), std::size_t{0});
    }

    // ---- participation ----

    void participationSharesEachBarsVolume() {
        SimulatedExchange sim = exchange(participating(0.5));
        sim.submit(market("A", Side::kBuy, "6"), 0);
        sim.submit(market("B", Side::kBuy, "6"), 0);
        // each bar 0.5 x volume 10 = 5 for both orders together, the
        // earlier first; the rest of a market order fills at later opens
        sim.onBar(bar(1, "100", "101", "99", "100", "10"));
        QCOMPARE(events(), std::string("fill A 5@100"));
        QCOMPARE(sim.working(), std::size_t{2});
        sim.onBar(bar(2, "101", "102", "100", "101", "10"));
        QCOMPARE(events(), std::string("fill A 1@101 | fill B 4@101"));
        sim.onBar(bar(3, "102", "103", "101", "102", "10"));
        QCOMPARE(events(), std::string("fill B 2@102"));
        QCOMPARE(sim.working(), std::size_t{0});
    }

    // ---- rejections ----

    void invalidOrdersAreRejectedWithTheReason() {
        SimulatedExchange sim = exchange();
        std::vector<std::pair<Order, std::string>> cases;
        cases.emplace_back(market("zero", Side::kBuy, "0"), "quantity 0 is not positive");
        cases.emplace_back(market("negative", Side::kBuy, "-1"), "quantity -1 is not positive");
        Order noLimit = order("no limit", Side::kBuy, OrderType::kLimit, "1");
        cases.emplace_back(noLimit, "a limit order needs a positive limit price");
        cases.emplace_back(limit("zero limit", Side::kBuy, "0"),
                           "a limit order needs a positive limit price");
        Order noStop = order("no stop", Side::kBuy, OrderType::kStop, "1");
        cases.emplace_back(noStop, "a stop order needs a positive stop price");
        Order stopOnly = order("stop only", Side::kBuy, OrderType::kStopLimit, "1");
        stopOnly.stopPrice = px("105");
        cases.emplace_back(stopOnly, "a stop-limit order needs a positive stop and limit price");
        Order bothTrails = trailByAmount("both trails", Side::kSell, "2");
        bothTrails.trailBps = px("100");
        cases.emplace_back(bothTrails,
                           "a trailing stop needs one positive trail: an amount or basis points");
        cases.emplace_back(order("no trail", Side::kSell, OrderType::kTrailingStop, "1"),
                           "a trailing stop needs one positive trail: an amount or basis points");
        cases.emplace_back(validFor(market("bars", Side::kBuy), -1), "valid bars -1 is negative");
        for (const auto& [o, why] : cases) {
            sim.submit(o, 0);
            QCOMPARE(m_replies.back().kind, Kind::kRejected);
            QCOMPARE(m_replies.back().orderId, o.id);
            QCOMPARE(m_replies.back().reason, why);
            QCOMPARE(m_replies.back().reason, *invalidOrderReason(o));
        }
        QCOMPARE(replies(Kind::kAccepted).size(), std::size_t{0});
        QCOMPARE(sim.working(), std::size_t{0});
    }

    void rejectEveryRejectsEveryNthSubmission() {
        SimulationConfig config;
        config.rejectEvery = 3;
        SimulatedExchange sim = exchange(config);
        for (const char* id : {"o1", "o2", "o3", "o4", "o5", "o6", "o7"}) {
            sim.submit(market(id, Side::kBuy), 0);
        }
        QCOMPARE(rejectedIds(), (std::vector<std::string>{"o3", "o6"}));
        QCOMPARE(replies(Kind::kRejected).at(0).reason,
                 std::string("injected rejection: every 3rd order"));
        QCOMPARE(replies(Kind::kAccepted).size(), std::size_t{5});
        QCOMPARE(sim.working(), std::size_t{5});
    }

    void rejectRateIsReproducible() {
        SimulationConfig config;
        config.rejectRate = 0.3;
        std::vector<std::string> ids;
        for (int i = 0; i < 50; ++i) {
            ids.push_back("r" + std::to_string(i));
        }
        SimulatedExchange first = exchange(config);
        for (const auto& id : ids) {
            first.submit(market(id.c_str(), Side::kBuy), 0);
        }
        const auto once = rejectedIds();
        const std::set<std::string> rejectedFirst(once.begin(), once.end());
        QCOMPARE(replies(Kind::kRejected).at(0).reason,
                 std::string("injected rejection: rate 0.3"));
        // an outcome that depends on the id only: another exchange, fed the
        // same ids in the opposite order, rejects the same ones
        SimulatedExchange second = exchange(config);
        for (auto it = ids.rbegin(); it != ids.rend(); ++it) {
            second.submit(market(it->c_str(), Side::kBuy), 0);
        }
        const auto again = rejectedIds();
        const std::set<std::string> rejectedSecond(again.begin(), again.end());
        QCOMPARE(rejectedSecond, rejectedFirst);
        QVERIFY(!rejectedFirst.empty());
        QVERIFY(rejectedFirst.size() < ids.size());
    }

    void rejectIfRejectsWithItsReason() {
        SimulationConfig config;
        config.rejectIf = [](const Order& o) -> std::optional<std::string> {
            if (o.qty > Quantity::fromInt(5)) {
                return std::string("too big for the test venue");
            }
            return std::nullopt;
        };
        SimulatedExchange sim = exchange(config);
        sim.submit(market("small", Side::kBuy, "5"), 0);
        sim.submit(market("big", Side::kBuy, "6"), 0);
        QCOMPARE(events(), std::string("rejected big: too big for the test venue"));
        QCOMPARE(replies(Kind::kAccepted, "small").size(), std::size_t{1});
        QCOMPARE(sim.working(), std::size_t{1});
    }

    // ---- cancel and modify ----

    void cancelTakesAWorkingOrderOffTheBook() {
        SimulatedExchange sim = exchange();
        sim.submit(limit("L", Side::kBuy, "90"), 0);
        sim.submit(market("M", Side::kBuy), 0);
        sim.cancel("L", 0);
        QCOMPARE(events(), std::string("cancelled L: cancelled on request"));
        QCOMPARE(sim.working(), std::size_t{1});
        // opens below 90: a working L would have filled
        sim.onBar(bar(1, "85", "86", "84", "85"));
        QCOMPARE(events(), std::string("fill M 1@85"));
        QCOMPARE(sim.working(), std::size_t{0});
        sim.cancel("L", 1 * kDay);
        sim.cancel("M", 1 * kDay);
        sim.cancel("ghost", 1 * kDay);
        QCOMPARE(events(), std::string("cancel_rejected L: order L is not working"
                                       " | cancel_rejected M: order M is not working"
                                       " | cancel_rejected ghost: order ghost is not working"));
    }

    void modifyChangesWhereAnOrderFills() {
        SimulatedExchange sim = exchange();
        sim.submit(limit("qty", Side::kBuy, "99.6", "2"), 0);
        sim.submit(limit("price", Side::kBuy, "99"), 0);
        sim.submit(stop("stop", Side::kBuy, "105"), 0);
        OrderAmendment more;
        more.qty = qty("5");
        sim.modify("qty", more, 0);
        OrderAmendment higher;
        higher.limitPrice = px("99.5");
        sim.modify("price", higher, 0);
        OrderAmendment lower;
        lower.stopPrice = px("103");
        sim.modify("stop", lower, 0);
        QCOMPARE(events(), std::string("modified qty: amended on request"
                                       " | modified price: amended on request"
                                       " | modified stop: amended on request"));
        const auto q = replies(Kind::kModified, "qty").at(0);
        QCOMPARE(q.qty, qty("5"));
        QCOMPARE(q.limitPrice, std::optional(px("99.6")));
        QCOMPARE(replies(Kind::kModified, "price").at(0).limitPrice, std::optional(px("99.5")));
        QCOMPARE(replies(Kind::kModified, "stop").at(0).stopPrice, std::optional(px("103")));
        // 100 -> 99.2 -> 104 -> 103.5 (4 up, 0.8 down): through 99.6 and
        // 99.5 on the way down (99 would not be), up through 103 (105 would
        // not be)
        sim.onBar(bar(1, "100", "104", "99.2", "103.5"));
        QCOMPARE(events(), std::string("fill qty 5@99.6 | fill price 1@99.5 | fill stop 1@103"));
    }

    void modifyRefusesWhatCannotApply() {
        SimulatedExchange sim = exchange(participating(0.5));
        sim.submit(limit("L", Side::kBuy, "99", "10"), 0);
        sim.submit(stop("S", Side::kBuy, "110"), 0);
        // 0.5 x volume 8: 4 fill at the open 98
        sim.onBar(bar(1, "98", "98.5", "97.5", "98.2", "8"));
        QCOMPARE(events(), std::string("fill L 4@98"));
        OrderAmendment fewer;
        fewer.qty = qty("3");
        sim.modify("L", fewer, 1 * kDay);
        OrderAmendment stopOnLimit;
        stopOnLimit.stopPrice = px("95");
        sim.modify("L", stopOnLimit, 1 * kDay);
        OrderAmendment negative;
        negative.limitPrice = px("-1");
        sim.modify("L", negative, 1 * kDay);
        OrderAmendment limitOnStop;
        limitOnStop.limitPrice = px("111");
        sim.modify("S", limitOnStop, 1 * kDay);
        sim.modify("ghost", fewer, 1 * kDay);
        QCOMPARE(events(), std::string("modify_rejected L: new quantity 3 is not above the filled 4"
                                       " | modify_rejected L: a limit order has no stop price"
                                       " | modify_rejected L: a limit order needs a positive "
                                       "limit price"
                                       " | modify_rejected S: a stop order has no limit price"
                                       " | modify_rejected ghost: order ghost is not working"));
        // L is as it was: 10 at 99, 6 still to fill
        sim.onBar(bar(2, "98.5", "99", "98", "98.7", "100"));
        QCOMPARE(events(), std::string("fill L 6@98.5"));
    }

    // ---- ticks ----

    void aMarketOrderOnTicksFillsAtTheQuote() {
        SimulatedExchange sim = exchange(costs("10"));
        sim.submit(market("buy", Side::kBuy), 0);
        sim.submit(market("sell", Side::kSell), 0);
        // trade 100, bid 99.8, ask 100.2: the buy pays the ask, 100.2 +
        // 0.1002; the sell gets the bid, 99.8 - 0.0998
        sim.onTick(tick(1 * kSecond, "100", "99.8", "100.2"));
        QCOMPARE(events(), std::string("fill buy 1@100.3002 | fill sell 1@99.7002"));
        QCOMPARE(fills("buy").at(0).ts, 1 * kSecond);
        // no quote: the trade price, 100.5 + 0.1005
        sim.submit(market("bare", Side::kBuy), 1 * kSecond);
        sim.onTick(tick(2 * kSecond, "100.5"));
        QCOMPARE(events(), std::string("fill bare 1@100.6005"));
        // a buy stop triggered by the trade 101.2 fills at the ask 101.3 +
        // 0.1013
        sim.submit(stop("stop", Side::kBuy, "101"), 2 * kSecond);
        sim.onTick(tick(3 * kSecond, "100.8", "100.7", "100.9"));
        QCOMPARE(events(), std::string());
        sim.onTick(tick(4 * kSecond, "101.2", "101.1", "101.3"));
        QCOMPARE(events(), std::string("fill stop 1@101.4013"));
    }

    void aLimitOnTicksFillsWhenATradeReachesIt() {
        SimulatedExchange sim = exchange();
        sim.submit(limit("L", Side::kBuy, "99.5"), 0);
        sim.onTick(tick(1 * kSecond, "100"));
        QCOMPARE(events(), std::string());
        sim.onTick(tick(2 * kSecond, "99.5"));
        QCOMPARE(events(), std::string("fill L 1@99.5"));
        QCOMPARE(fills("L").at(0).maker, true);
    }

    void aLimitOnTicksFillsAtItsLimitWhenATradeGoesThrough() {
        SimulatedExchange sim = exchange();
        sim.submit(limit("L", Side::kBuy, "99.5"), 0);
        sim.onTick(tick(1 * kSecond, "100"));
        // resting at 99.5, a trade at 99.3 reaches it: at its limit
        sim.onTick(tick(2 * kSecond, "99.3"));
        QCOMPARE(fills("L").size(), std::size_t{1});
        QCOMPARE(fills("L").at(0).price, px("99.5"));
    }

    void ordersSubmittedAtATickWorkFromTheNext() {
        SimulatedExchange sim = exchange();
        m_onReply = [&sim](const ExchangeReply& reply) {
            if (reply.kind == Kind::kFill && reply.orderId == "first") {
                sim.submit(market("second", Side::kBuy), reply.ts);
            }
        };
        sim.submit(market("first", Side::kBuy), 0);
        sim.onTick(tick(1 * kSecond, "100"));
        QCOMPARE(events(), std::string("fill first 1@100"));
        QCOMPARE(sim.working(), std::size_t{1});
        sim.onTick(tick(2 * kSecond, "101"));
        QCOMPARE(events(), std::string("fill second 1@101"));
    }

    void ordersSubmittedWhileABarIsProcessedWaitForTheNext() {
        SimulatedExchange sim = exchange();
        m_onReply = [&sim](const ExchangeReply& reply) {
            if (reply.kind == Kind::kFill && reply.orderId == "entry") {
                sim.submit(limit("exit", Side::kSell, "101"), reply.ts);
            }
        };
        sim.submit(market("entry", Side::kBuy), 0);
        // 100 -> 99 -> 102 -> 101.5 (2 up, 1 down) trades through 101 after
        // the entry's fill, but the exit was not in the book yet
        sim.onBar(bar(1, "100", "102", "99", "101.5"));
        QCOMPARE(events(), std::string("fill entry 1@100"));
        // 101.5 at the next open is beyond 101: there
        sim.onBar(bar(2, "101.5", "102", "101", "101.8"));
        QCOMPARE(events(), std::string("fill exit 1@101.5"));
    }

    void latencyOnTicksWaitsForATickAtOrAfterTheArrival() {
        SimulationConfig config;
        config.latency = 5 * kSecond;
        SimulatedExchange sim = exchange(config);
        sim.submit(market("M", Side::kBuy), 0);
        sim.onTick(tick(3 * kSecond, "100"));
        QCOMPARE(events(), std::string());
        sim.onTick(tick(5 * kSecond, "100.4"));
        QCOMPARE(events(), std::string("fill M 1@100.4"));
        // the latency counts from the exchange clock, the last tick (10 s),
        // when the submission's time lags behind it: arrival at 15 s
        sim.onTick(tick(10 * kSecond, "100.6"));
        sim.submit(market("lagging", Side::kBuy), 6 * kSecond);
        sim.onTick(tick(12 * kSecond, "100.8"));
        QCOMPARE(events(), std::string());
        sim.onTick(tick(15 * kSecond, "101"));
        QCOMPARE(events(), std::string("fill lagging 1@101"));
    }

    // ---- end of data ----

    void settleAtCloseEvaluatesWhatWorksAtTheClose() {
        SimulatedExchange sim = exchange(costs("10"));
        sim.onBar(bar(1, "100", "100", "100", "100"));
        sim.submit(market("M", Side::kBuy), 1 * kDay);
        sim.submit(limit("sell", Side::kSell, "100"), 1 * kDay);
        sim.submit(limit("dip", Side::kBuy, "99.5"), 1 * kDay);
        // only the close 101 counts: the market order at 101 + 0.101, the
        // sell limit at 101 (no slippage); the low 99 does not reach the dip
        sim.settleAtClose(bar(2, "100", "102", "99", "101"));
        QCOMPARE(events(), std::string("fill M 1@101.101 | fill sell 1@101"));
        QCOMPARE(fills("M").at(0).ts, 2 * kDay);
        QCOMPARE(sim.working(), std::size_t{1});
        sim.expireWorking(3 * kDay, "end of data");
        QCOMPARE(events(), std::string("expired dip: end of data"));
        QCOMPARE(replies(Kind::kExpired, "dip").at(0).ts, 3 * kDay);
        QCOMPARE(sim.working(), std::size_t{0});

        // what works includes an order still on its way to the book
        SimulationConfig late = costs("10");
        late.latency = kHour;
        sim = exchange(late);
        sim.onBar(bar(1, "100", "100", "100", "100"));
        sim.submit(market("M", Side::kBuy), 1 * kDay);
        sim.settleAtClose(bar(2, "100", "102", "99", "101"));
        QCOMPARE(events(), std::string("fill M 1@101.101"));
    }

    void expireWorkingIncludesOrdersNotYetInTheBook() {
        SimulatedExchange sim = exchange();
        sim.submit(market("M", Side::kBuy), 0);
        sim.submit(limit("L", Side::kBuy, "90"), 0);
        QCOMPARE(sim.working(), std::size_t{2});
        sim.expireWorking(7, "session stopped");
        QCOMPARE(events(), std::string("expired M: session stopped | expired L: session stopped"));
        QCOMPARE(sim.working(), std::size_t{0});
        // nothing left to fill
        sim.onBar(bar(1, "85", "86", "84", "85"));
        QCOMPARE(events(), std::string());
    }
};

QTEST_APPLESS_MAIN(TestSimulatedExchange)
#include "test_simulated_exchange.moc"
