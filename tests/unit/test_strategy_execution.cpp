#include <QTest>

#include <QJsonArray>

#include "engine/execution/execution_worker.h"
#include "engine/execution/simulated_exchange.h"

using namespace causeway::engine;

namespace {

Price px(const char* text) {
    return *Price::parse(text);
}

Candle bar(int day, const char* open, const char* high, const char* low, const char* close) {
    Candle candle;
    candle.symbol = Symbol("TEST");
    candle.ts = Timestamp{day} * kNanosPerDay;
    candle.open = px(open);
    candle.high = px(high);
    candle.low = px(low);
    candle.close = px(close);
    return candle;
}

Order limitOrder(const char* id, Side side, const char* limit, int validBars) {
    Order order;
    order.id = id;
    order.symbol = Symbol("TEST");
    order.side = side;
    order.type = OrderType::kLimit;
    order.qty = Quantity::fromInt(2);
    order.limitPrice = px(limit);
    order.validBars = validBars;
    return order;
}

class RecordingSink final : public LedgerSink {
public:
    std::vector<LedgerRecord> records;
    void write(LedgerRecord record) override { records.push_back(std::move(record)); }

    template <class T>
    std::vector<T> all() const {
        std::vector<T> found;
        for (const auto& record : records) {
            if (const auto* value = std::get_if<T>(&record)) {
                found.push_back(*value);
            }
        }
        return found;
    }
    std::vector<JournalRecord> journal(const std::string& kind) const {
        std::vector<JournalRecord> found;
        for (const auto& entry : all<JournalRecord>()) {
            if (entry.kind == kind) {
                found.push_back(entry);
            }
        }
        return found;
    }
};

}  // namespace

// The simulated exchange's limit orders and the ExecutionWorker's
// algorithms: what the ExecutionPlanner picks is what the market sees.
class TestStrategyExecution final : public QObject {
    Q_OBJECT

private:
    std::vector<ExchangeReply> m_replies;

    SimulatedExchange exchange(const char* slippageBps = "0", const char* feeBps = "0") {
        SimulationConfig config;
        config.slippageBps = *Money::parse(slippageBps);
        config.takerFeeBps = config.makerFeeBps = *Money::parse(feeBps);
        SimulatedExchange sim(config);
        m_replies.clear();
        sim.setReplyHandler([this](const ExchangeReply& reply) { m_replies.push_back(reply); });
        return sim;
    }

    std::vector<ExchangeReply> replies(ExchangeReply::Kind kind) const {
        std::vector<ExchangeReply> found;
        for (const auto& reply : m_replies) {
            if (reply.kind == kind) {
                found.push_back(reply);
            }
        }
        return found;
    }

    static ExecutionDirective directive(std::vector<ExecutionLeg> legs) {
        ExecutionDirective d;
        d.id = "EXD_1";
        d.symbol = Symbol("TEST");
        d.strategy = "test";
        d.legs = std::move(legs);
        d.decisionPrice = Price::fromInt(10);
        d.causality.origin = Origin{OriginType::kCandle, "CDL_TEST", 0};
        d.causality.directiveId = "DIR_1";
        return d;
    }

private Q_SLOTS:
    void aLimitFillsWhenABarTradesThroughIt() {
        SimulatedExchange sim = exchange("100", "10");
        // a buy limit at 10: a bar that only touches 10 does not fill it, the
        // next one trading below fills it at the limit, without slippage
        sim.submit(limitOrder("buy", Side::kBuy, "10", 3), 0);
        sim.onBar(bar(1, "10.5", "11", "10", "10.8"));
        QVERIFY(replies(ExchangeReply::Kind::kFill).empty());
        QCOMPARE(sim.working(), std::size_t{1});
        sim.onBar(bar(2, "10.4", "10.6", "9.9", "10.2"));
        auto fills = replies(ExchangeReply::Kind::kFill);
        QCOMPARE(fills.size(), std::size_t{1});
        QCOMPARE(fills[0].price, px("10"));
        QCOMPARE(fills[0].ts, Timestamp{2} * kNanosPerDay);
        QCOMPARE(fills[0].fee, *Money::parse("0.02"));  // 10 bp of 20
        QCOMPARE(sim.working(), std::size_t{0});

        // a bar opening beyond the limit fills it at its open
        sim.submit(limitOrder("gap", Side::kBuy, "10", 1), 0);
        sim.onBar(bar(3, "9.5", "9.8", "9.4", "9.6"));
        QCOMPARE(replies(ExchangeReply::Kind::kFill).back().price, px("9.5"));

        // sells mirror it: through the limit from below, or a gap up
        sim.submit(limitOrder("sell", Side::kSell, "10", 1), 0);
        sim.onBar(bar(4, "9.8", "10.2", "9.7", "10.1"));
        QCOMPARE(replies(ExchangeReply::Kind::kFill).back().price, px("10"));
        sim.submit(limitOrder("gap up", Side::kSell, "10", 1), 0);
        sim.onBar(bar(5, "10.3", "10.4", "10.1", "10.2"));
        QCOMPARE(replies(ExchangeReply::Kind::kFill).back().price, px("10.3"));

        // market orders still fill at the open, moved by the slippage
        Order market;
        market.id = "market";
        market.side = Side::kBuy;
        market.qty = Quantity::fromInt(1);
        sim.submit(market, 0);
        sim.onBar(bar(6, "10", "10.5", "9.5", "10"));
        QCOMPARE(replies(ExchangeReply::Kind::kFill).back().price, px("10.1"));
    }

    void aLimitExpiresAfterItsBars() {
        SimulatedExchange sim = exchange();
        sim.submit(limitOrder("buy", Side::kBuy, "10", 2), 0);
        sim.onBar(bar(1, "10.5", "11", "10.1", "10.8"));
        QVERIFY(replies(ExchangeReply::Kind::kExpired).empty());
        sim.onBar(bar(2, "10.5", "11", "10", "10.8"));
        const auto expired = replies(ExchangeReply::Kind::kExpired);
        QCOMPARE(expired.size(), std::size_t{1});
        QCOMPARE(expired[0].orderId, std::string("buy"));
        QCOMPARE(expired[0].reason, std::string("limit 10 not reached in 2 bars"));
        QCOMPARE(sim.working(), std::size_t{0});

        // at the end of data a marketable limit fills at the close
        sim.submit(limitOrder("last", Side::kSell, "10", 5), 0);
        sim.settleAtClose(bar(3, "9", "9.5", "9", "9.5"));
        QCOMPARE(sim.working(), std::size_t{1});
        sim.settleAtClose(bar(4, "9", "10.5", "9", "10.4"));
        QCOMPARE(replies(ExchangeReply::Kind::kFill).back().price, px("10.4"));
    }

    // A TWAP of 3 slices: each goes out when the one before has filled, so
    // they fill at three consecutive opens; the trade records their average
    // price and its first fill's time, and the slices share one chain.
    void aTwapSendsOneSliceAfterTheOther() {
        SimulatedExchange sim = exchange();
        RecordingSink sink;
        IdGenerator ids("twap");
        ExecutionWorker worker(sim, sink, ids, Money::fromInt(1000));
        ExecutionLeg leg;
        leg.side = Side::kBuy;
        leg.qty = Quantity::fromInt(3);
        leg.algorithm = ExecutionAlgorithm::kTwap;
        leg.slices = {Quantity::fromInt(1), Quantity::fromInt(1), Quantity::fromInt(1)};
        worker.execute(directive({leg}), {}, 0);
        QCOMPARE(worker.orderCount(), 1);
        QCOMPARE(worker.openOrders("test", Symbol("TEST")), 1);

        sim.onBar(bar(1, "10", "10", "10", "10"));
        QCOMPARE(worker.position("test", Symbol("TEST")), Quantity::fromInt(1));
        QCOMPARE(worker.orderCount(), 2);
        QCOMPARE(worker.openOrders("test", Symbol("TEST")), 1);
        sim.onBar(bar(2, "11", "11", "11", "11"));
        sim.onBar(bar(3, "12", "12", "12", "12"));
        QCOMPARE(worker.orderCount(), 3);
        QCOMPARE(worker.fillCount(), 3);
        QCOMPARE(worker.openOrders("test", Symbol("TEST")), 0);
        QCOMPARE(worker.position("test", Symbol("TEST")), Quantity::fromInt(3));

        TradeRecord trade = sink.all<TradeRecord>().back();
        QCOMPARE(trade.qty, Quantity::fromInt(3));
        QCOMPARE(*trade.entryPrice, px("11"));
        QCOMPARE(*trade.entryTs, Timestamp{1} * kNanosPerDay);
        QCOMPARE(std::string(toString(trade.status)), std::string("open"));

        const auto orders = sink.journal("order");
        QCOMPARE(orders.size(), std::size_t{3});
        for (int i = 0; i < 3; ++i) {
            const auto& entry = orders[static_cast<std::size_t>(i)];
            QCOMPARE(entry.causality.orderIds.size(), static_cast<std::size_t>(i + 1));
            const QJsonObject info = entry.context[QStringLiteral("order")].toObject();
            QCOMPARE(info[QStringLiteral("slice")].toInt(), i + 1);
            QCOMPARE(info[QStringLiteral("slices")].toInt(), 3);
            QCOMPARE(info[QStringLiteral("algorithm")].toString(), QStringLiteral("twap"));
            QCOMPARE(info[QStringLiteral("trade_id")].toString(),
                     QString::fromStdString(trade.tradeId));
        }

        ExecutionLeg close;
        close.side = Side::kSell;
        close.qty = Quantity::fromInt(3);
        close.closesPosition = true;
        worker.execute(directive({close}), {}, Timestamp{3} * kNanosPerDay);
        sim.onBar(bar(4, "13", "13", "13", "13"));
        trade = sink.all<TradeRecord>().back();
        QCOMPARE(std::string(toString(trade.status)), std::string("closed"));
        QCOMPARE(*trade.pnl, Money::fromInt(6));  // 3 x 13 - (10 + 11 + 12)
        QCOMPARE(worker.cash(), Money::fromInt(1006));
    }

    // A slice that expires ends the TWAP: the rest is not sent, and the
    // trade is what was entered — or void when nothing was.
    void aTwapStopsWhenASliceExpires() {
        SimulatedExchange sim = exchange();
        RecordingSink sink;
        IdGenerator ids("twap");
        ExecutionWorker worker(sim, sink, ids, Money::fromInt(1000));
        ExecutionLeg leg;
        leg.side = Side::kSell;
        leg.qty = Quantity::fromInt(3);
        leg.algorithm = ExecutionAlgorithm::kTwap;
        leg.slices = {Quantity::fromInt(1), Quantity::fromInt(1), Quantity::fromInt(1)};
        worker.execute(directive({leg}), {}, 0);
        sim.onBar(bar(1, "10", "10", "10", "10"));
        sim.expireWorking(Timestamp{1} * kNanosPerDay, "end of data before the next bar");
        QCOMPARE(worker.orderCount(), 2);
        QCOMPARE(worker.openOrders("test", Symbol("TEST")), 0);
        QCOMPARE(worker.position("test", Symbol("TEST")), Quantity::fromInt(-1));
        const auto expired = sink.journal("order_expired");
        QCOMPARE(expired.size(), std::size_t{1});
        QCOMPARE(expired[0].context[QStringLiteral("twap_slices_not_sent")].toInt(), 1);
        QCOMPARE(sink.all<TradeRecord>().back().qty, Quantity::fromInt(1));

        ExecutionLeg first;
        first.side = Side::kBuy;
        first.qty = Quantity::fromInt(2);
        first.algorithm = ExecutionAlgorithm::kTwap;
        first.slices = {Quantity::fromInt(1), Quantity::fromInt(1)};
        ExecutionWorker fresh(sim, sink, ids, Money::fromInt(1000));
        fresh.execute(directive({first}), {}, 0);
        sim.expireWorking(0, "session stopped before the next bar");
        QCOMPARE(std::string(toString(sink.all<TradeRecord>().back().status)), std::string("void"));
        QCOMPARE(fresh.orderCount(), 1);
    }

    void aLimitLegBecomesALimitOrder() {
        SimulatedExchange sim = exchange();
        RecordingSink sink;
        IdGenerator ids("limit");
        ExecutionWorker worker(sim, sink, ids, Money::fromInt(1000));
        ExecutionLeg leg;
        leg.side = Side::kBuy;
        leg.qty = Quantity::fromInt(2);
        leg.algorithm = ExecutionAlgorithm::kLimit;
        leg.limitPrice = px("9.9");
        leg.validBars = 1;
        worker.execute(directive({leg}), {}, 0);
        const Order order = sink.all<OrderRecord>().front().order;
        QCOMPARE(*order.limitPrice, px("9.9"));
        QCOMPARE(toString(order.type), std::string("limit"));
        const QJsonObject info =
            sink.journal("order").front().context[QStringLiteral("order")].toObject();
        QCOMPARE(info[QStringLiteral("limit_price")].toDouble(), 9.9);
        QCOMPARE(info[QStringLiteral("valid_bars")].toInt(), 1);
        // not reached: expired, and the trade never existed
        sim.onBar(bar(1, "10", "10.2", "9.9", "10.1"));
        QCOMPARE(toString(sink.all<OrderRecord>().back().order.status), std::string("expired"));
        QCOMPARE(std::string(toString(sink.all<TradeRecord>().back().status)), std::string("void"));
        QCOMPARE(worker.openOrders("test", Symbol("TEST")), 0);
    }
};

QTEST_APPLESS_MAIN(TestStrategyExecution)
#include "test_strategy_execution.moc"
