#include <QTest>

#include <QJsonArray>

#include <algorithm>
#include <set>

#include "engine/execution/execution_worker.h"
#include "engine/execution/simulated_exchange.h"

using namespace causeway::engine;

// QCOMPARE of fixed-point values and strings prints both sides.
namespace QTest {
template <>
inline char* toString(const std::string& text) {
    return qstrdup(text.c_str());
}
template <>
inline char* toString(const Price& value) {
    return qstrdup(value.toString().c_str());
}
template <>
inline char* toString(const Quantity& value) {
    return qstrdup(value.toString().c_str());
}
template <>
inline char* toString(const Money& value) {
    return qstrdup(value.toString().c_str());
}
}  // namespace QTest

namespace {

const Symbol kSym("TEST");

Price px(const char* text) {
    return *Price::parse(text);
}
Quantity qty(const char* text) {
    return *Quantity::parse(text);
}
Money money(const char* text) {
    return *Money::parse(text);
}
Timestamp day(int d) {
    return Timestamp{d} * kNanosPerDay;
}
// Enum values compared by name: QCOMPARE would find the engine's toString()
// by argument-dependent lookup, which returns no char* for QTest.
std::string name(OrderStatus status) {
    return toString(status);
}
std::string name(OrderType type) {
    return toString(type);
}
std::string name(Side side) {
    return toString(side);
}
std::string name(TradeStatus status) {
    return toString(status);
}
QString q(const std::string& text) {
    return QString::fromStdString(text);
}

// A daily bar of TEST starting at day `d`.
Candle bar(int d, const char* open, const char* high, const char* low, const char* close,
           const char* volume = "1000") {
    Candle candle;
    candle.symbol = kSym;
    candle.ts = day(d);
    candle.timeframe = Timeframe{kNanosPerDay};
    candle.open = px(open);
    candle.high = px(high);
    candle.low = px(low);
    candle.close = px(close);
    candle.volume = qty(volume);
    return candle;
}

Origin originOf(const Candle& candle) {
    return Origin{OriginType::kCandle, "CDL_" + std::to_string(candle.ts / kNanosPerDay),
                  candle.ts};
}

ExecutionLeg market(Side side, const char* quantity) {
    ExecutionLeg leg;
    leg.side = side;
    leg.qty = qty(quantity);
    return leg;
}

ExecutionLeg limit(Side side, const char* quantity, const char* price, int validBars = 0) {
    ExecutionLeg leg = market(side, quantity);
    leg.algorithm = ExecutionAlgorithm::kLimit;
    leg.limitPrice = px(price);
    leg.validBars = validBars;
    return leg;
}

ExecutionLeg closing(Side side, const char* quantity) {
    ExecutionLeg leg = market(side, quantity);
    leg.closesPosition = true;
    return leg;
}

// A directive with a full chain named after its id: CDL_<id>, DIR_<id>,
// SIG_<id>, PLN_<id>.
ExecutionDirective directive(const std::string& id, std::vector<ExecutionLeg> legs,
                             const char* decisionPrice = "10") {
    ExecutionDirective d;
    d.id = id;
    d.symbol = kSym;
    d.strategy = "test";
    d.legs = std::move(legs);
    d.decisionPrice = px(decisionPrice);
    d.causality.origin = Origin{OriginType::kCandle, "CDL_" + id, 0};
    d.causality.directiveId = "DIR_" + id;
    d.causality.signalIds = {"SIG_" + id};
    d.causality.planIds = {"PLN_" + id};
    return d;
}

// The flow's snapshot stand-in: one field every entry of the flow carries.
JournalContext flow() {
    return JournalContext(QJsonObject{{QStringLiteral("flow"), QStringLiteral("FLW_1")}});
}

class RecordingSink final : public LedgerSink {
public:
    std::vector<LedgerRecord> records;
    void write(LedgerRecord record) override { records.push_back(std::move(record)); }

    template <class T>
    std::vector<T> all(std::size_t from = 0) const {
        std::vector<T> found;
        for (std::size_t i = from; i < records.size(); ++i) {
            if (const auto* value = std::get_if<T>(&records[i])) {
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
    std::vector<std::string> kinds(std::size_t from = 0) const {
        std::vector<std::string> found;
        for (const auto& entry : all<JournalRecord>(from)) {
            found.push_back(entry.kind);
        }
        return found;
    }
    // The latest record of an order, or of a trade.
    Order order(const std::string& id) const {
        Order found;
        for (const auto& record : all<OrderRecord>()) {
            if (record.order.id == id) {
                found = record.order;
            }
        }
        return found;
    }
    TradeRecord trade(const std::string& id) const {
        TradeRecord found;
        for (const auto& record : all<TradeRecord>()) {
            if (record.tradeId == id) {
                found = record;
            }
        }
        return found;
    }
    // The ids of the orders placed, in placement order.
    std::vector<std::string> placed() const {
        std::vector<std::string> ids;
        for (const auto& entry : journal("order")) {
            ids.push_back(entry.orderId);
        }
        return ids;
    }
};

// An ExecutionWorker wired to a SimulatedExchange and a RecordingSink.
struct Rig {
    SimulatedExchange sim;
    RecordingSink sink;
    IdGenerator ids{"exec"};
    ExecutionWorker worker;

    explicit Rig(SimulationConfig config = {}, RiskLimits limits = {},
                 Money cash = Money::fromInt(1000))
        : sim(std::move(config)), worker(sim, sink, ids, cash, std::move(limits)) {}

    void execute(const ExecutionDirective& d, Timestamp now) { worker.execute(d, flow(), now); }
    void barAndMark(const Candle& candle) {
        sim.onBar(candle);
        worker.markToMarket(candle, originOf(candle));
    }
    std::vector<std::string> liveIds() const {
        std::vector<std::string> ids;
        for (const auto& order : worker.liveOrders()) {
            ids.push_back(order.id);
        }
        return ids;
    }
};

SimulationConfig fees(const char* bps) {
    SimulationConfig config;
    config.takerFeeBps = money(bps);
    config.makerFeeBps = money(bps);
    return config;
}

QJsonObject orderInfo(const JournalRecord& entry) {
    return entry.context[QStringLiteral("order")].toObject();
}

std::vector<std::pair<std::string, std::string>> breaches(const JournalRecord& entry) {
    std::vector<std::pair<std::string, std::string>> found;
    for (const auto& value : entry.context[QStringLiteral("risk_breaches")].toArray()) {
        const QJsonObject breach = value.toObject();
        found.emplace_back(breach[QStringLiteral("rule")].toString().toStdString(),
                           breach[QStringLiteral("message")].toString().toStdString());
    }
    return found;
}

std::string reasonOf(const JournalRecord& entry) {
    return entry.context[QStringLiteral("reason")].toString().toStdString();
}

}  // namespace

// The ExecutionWorker between directives and a simulated exchange: orders,
// fills, positions and trades as records, every step journaled with its
// chain.
class TestExecutionWorker final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // Buy 2 at the market decided at 10; the next bar opens at 10.5: one
    // fill of 2 @ 10.5, fee 10 bp of 21 = 0.021, cash 1000 - 21 - 0.021 =
    // 978.979, slippage against the decision (10.5 - 10) / 10 = 500 bp.
    void aMarketEntryFillsAtTheNextOpen() {
        Rig rig(fees("10"));
        const ExecutionDirective d = directive("EXD_1", {market(Side::kBuy, "2")});
        rig.execute(d, day(0));

        QVERIFY(rig.sink.all<FillRecord>().empty());
        const auto orders = rig.sink.all<OrderRecord>();
        QCOMPARE(orders.size(), std::size_t{2});
        QCOMPARE(name(orders[0].order.status), name(OrderStatus::kNew));
        QCOMPARE(name(orders[1].order.status), name(OrderStatus::kAccepted));
        const Order placed = orders[1].order;
        QVERIFY(placed.id.starts_with("ORD_"));
        QCOMPARE(name(placed.type), name(OrderType::kMarket));
        QCOMPARE(name(placed.side), name(Side::kBuy));
        QCOMPARE(placed.qty, qty("2"));
        QCOMPARE(placed.decisionPrice, std::optional(px("10")));
        QCOMPARE(placed.strategy, std::string("test"));
        const auto trades = rig.sink.all<TradeRecord>();
        QCOMPARE(trades.size(), std::size_t{1});
        const std::string tradeId = trades[0].tradeId;
        QVERIFY(tradeId.starts_with("TRD_"));
        QCOMPARE(placed.tradeId, tradeId);
        QCOMPARE(name(trades[0].status), name(TradeStatus::kOpen));
        QCOMPARE(trades[0].qty, qty("2"));
        QVERIFY(!trades[0].entryPrice);
        const auto groups = rig.sink.all<GroupRecord>();
        QCOMPARE(groups.size(), std::size_t{1});
        QCOMPARE(groups[0].purpose, std::string("entry"));
        QCOMPARE(groups[0].tradeId, tradeId);
        QCOMPARE(groups[0].groupId, placed.groupId);

        rig.sim.onBar(bar(1, "10.5", "11", "10.2", "10.8"));
        const auto fills = rig.sink.all<FillRecord>();
        QCOMPARE(fills.size(), std::size_t{1});
        const Fill fill = fills[0].fill;
        QVERIFY(fill.id.starts_with("FIL_"));
        QCOMPARE(fill.orderId, placed.id);
        QCOMPARE(fill.price, px("10.5"));
        QCOMPARE(fill.qty, qty("2"));
        QCOMPARE(fill.fee, money("0.021"));
        QCOMPARE(fill.ts, day(1));
        QVERIFY(!fill.maker);

        const Order filled = rig.sink.order(placed.id);
        QCOMPARE(name(filled.status), name(OrderStatus::kFilled));
        QCOMPARE(filled.filled, qty("2"));
        const PositionRecord pos = rig.sink.all<PositionRecord>().back();
        QCOMPARE(pos.strategy, std::string("test"));
        QCOMPARE(pos.symbol, kSym);
        QCOMPARE(pos.qty, qty("2"));
        QCOMPARE(pos.avgPrice, px("10.5"));
        QCOMPARE(pos.realizedPnl, Money());
        QCOMPARE(pos.realizedPnlFifo, Money());
        QCOMPARE(pos.fees, money("0.021"));
        QCOMPARE(pos.ts, day(1));
        QCOMPARE(pos.lots.size(), std::size_t{1});
        QCOMPARE(pos.lots[0].fillId, fill.id);
        QCOMPARE(pos.lots[0].price, px("10.5"));
        QCOMPARE(pos.lots[0].qty, qty("2"));
        QCOMPARE(pos.lots[0].ts, day(1));
        const TradeRecord trade = rig.sink.trade(tradeId);
        QCOMPARE(name(trade.status), name(TradeStatus::kOpen));
        QCOMPARE(trade.entryPrice, std::optional(px("10.5")));
        QCOMPARE(trade.entryTs, std::optional(day(1)));
        QCOMPARE(trade.fees, money("0.021"));
        QVERIFY(!trade.exitPrice);
        QVERIFY(!trade.pnl);

        QCOMPARE(rig.worker.cash(), money("978.979"));
        QCOMPARE(rig.worker.totalFees(), money("0.021"));
        QCOMPARE(rig.worker.position("test", kSym), qty("2"));
        QCOMPARE(rig.worker.openOrders("test", kSym), 0);
        QCOMPARE(rig.worker.orderCount(), 1);
        QCOMPARE(rig.worker.fillCount(), 1);
        QVERIFY(rig.worker.liveOrders().empty());

        // the journal: the order, then its fill, each with the directive's chain
        QCOMPARE(rig.sink.kinds(), (std::vector<std::string>{"order", "fill"}));
        const JournalRecord order = rig.sink.journal("order")[0];
        QCOMPARE(order.orderId, placed.id);
        QVERIFY(order.fillId.empty());
        QCOMPARE(order.ts, day(0));
        QCOMPARE(order.causality.origin.id, std::string("CDL_EXD_1"));
        QCOMPARE(order.causality.directiveId, std::string("DIR_EXD_1"));
        QCOMPARE(order.causality.signalIds, std::vector<std::string>{"SIG_EXD_1"});
        QCOMPARE(order.causality.planIds, std::vector<std::string>{"PLN_EXD_1"});
        QCOMPARE(order.causality.orderIds, std::vector<std::string>{placed.id});
        QVERIFY(order.causality.fillIds.empty());
        QCOMPARE(order.context[QStringLiteral("flow")].toString(), QStringLiteral("FLW_1"));
        QCOMPARE(orderInfo(order)[QStringLiteral("purpose")].toString(), QStringLiteral("entry"));
        QCOMPARE(orderInfo(order)[QStringLiteral("algorithm")].toString(),
                 QStringLiteral("market"));
        QCOMPARE(orderInfo(order)[QStringLiteral("trade_id")].toString(), q(tradeId));

        const JournalRecord fillEntry = rig.sink.journal("fill")[0];
        QCOMPARE(fillEntry.orderId, placed.id);
        QCOMPARE(fillEntry.fillId, fill.id);
        QCOMPARE(fillEntry.ts, day(1));
        QCOMPARE(fillEntry.causality.directiveId, std::string("DIR_EXD_1"));
        QCOMPARE(fillEntry.causality.orderIds, std::vector<std::string>{placed.id});
        QCOMPARE(fillEntry.causality.fillIds, std::vector<std::string>{fill.id});
        QCOMPARE(fillEntry.context[QStringLiteral("liquidity")].toString(),
                 QStringLiteral("taker"));
        QCOMPARE(fillEntry.context[QStringLiteral("fill_id")].toString(), q(fill.id));
        QCOMPARE(fillEntry.context[QStringLiteral("price")].toDouble(), 10.5);
        QCOMPARE(fillEntry.context[QStringLiteral("qty")].toDouble(), 2.0);
        QCOMPARE(fillEntry.context[QStringLiteral("fee")].toDouble(), 0.021);
        QCOMPARE(fillEntry.context[QStringLiteral("slippage_bps")].toDouble(), 500.0);
    }

    // Buy 2 @ 10.5 (trade 1), buy 2 @ 11.5 (trade 2): long 4 @ avg 11 in two
    // lots. Closing 2 at 12 closes trade 1 (the oldest open):
    //   average cost: 2 x (12 - 11)   = 2
    //   FIFO:         2 x (12 - 10.5) = 3   (trade 1's own pnl: 24 - 21 = 3)
    // The position record keeps the lot of trade 2's fill: 2 @ 11.5.
    void positionRecordsCarryLotsAndFifoRealized() {
        Rig rig;
        rig.execute(directive("EXD_1", {market(Side::kBuy, "2")}), day(0));
        rig.sim.onBar(bar(1, "10.5", "10.5", "10.5", "10.5"));
        rig.execute(directive("EXD_2", {market(Side::kBuy, "2")}, "10.5"), day(1));
        rig.sim.onBar(bar(2, "11.5", "11.5", "11.5", "11.5"));
        PositionRecord pos = rig.sink.all<PositionRecord>().back();
        QCOMPARE(pos.qty, qty("4"));
        QCOMPARE(pos.avgPrice, px("11"));
        QCOMPARE(pos.lots.size(), std::size_t{2});

        rig.execute(directive("EXD_3", {closing(Side::kSell, "2")}, "11.5"), day(2));
        rig.sim.onBar(bar(3, "12", "12", "12", "12"));
        const auto fills = rig.sink.all<FillRecord>();
        QCOMPARE(fills.size(), std::size_t{3});
        pos = rig.sink.all<PositionRecord>().back();
        QCOMPARE(pos.qty, qty("2"));
        QCOMPARE(pos.avgPrice, px("11"));
        QCOMPARE(pos.realizedPnl, money("2"));
        QCOMPARE(pos.realizedPnlFifo, money("3"));
        QCOMPARE(pos.ts, day(3));
        QCOMPARE(pos.lots.size(), std::size_t{1});
        QCOMPARE(pos.lots[0].fillId, fills[1].fill.id);
        QCOMPARE(pos.lots[0].price, px("11.5"));
        QCOMPARE(pos.lots[0].qty, qty("2"));
        QCOMPARE(pos.lots[0].ts, day(2));
        QCOMPARE(rig.worker.positions().find("test", kSym)->realizedPnlFifo, money("3"));

        const auto trades = rig.sink.all<TradeRecord>();
        const TradeRecord first = rig.sink.trade(trades.front().tradeId);
        QCOMPARE(name(first.status), name(TradeStatus::kClosed));
        QCOMPARE(first.entryPrice, std::optional(px("10.5")));
        QCOMPARE(first.exitPrice, std::optional(px("12")));
        QCOMPARE(first.pnl, std::optional(money("3")));
        const TradeRecord second = rig.sink.trade(rig.sink.order(rig.sink.placed()[1]).tradeId);
        QVERIFY(second.tradeId != first.tradeId);
        QCOMPARE(name(second.status), name(TradeStatus::kOpen));
        QCOMPARE(rig.worker.closedTradePnls(), std::vector<Money>{money("3")});
        QCOMPARE(rig.worker.cash(), money("980"));  // 1000 - 21 - 23 + 24
    }

    // Entry: buy 2 limit 10 with a stop-loss at 9 and a take-profit at 12,
    // fees 5 bp. Bar 1 trades up to 12.5 without reaching 10: the entry does
    // not fill, so neither does the take-profit. Bar 2 dips to 9.9 (entry
    // at 10, maker, fee 0.01), then rises to 12.5 (take-profit at 12, maker,
    // fee 0.012), which cancels the stop. pnl 24 - 20 - 0.022 = 3.978.
    void aBracketsExitsWorkOnlyAfterTheEntryAndCancelEachOther() {
        Rig rig(fees("5"));
        ExecutionLeg leg = limit(Side::kBuy, "2", "10");
        leg.stopLoss = px("9");
        leg.takeProfit = px("12");
        rig.execute(directive("EXD_B", {leg}), day(0));

        QCOMPARE(rig.worker.orderCount(), 3);
        const auto live = rig.worker.liveOrders();
        QCOMPARE(live.size(), std::size_t{3});
        const Order entry = live[0];
        const Order stop = live[1];
        const Order target = live[2];
        QCOMPARE(name(entry.type), name(OrderType::kLimit));
        QCOMPARE(name(entry.side), name(Side::kBuy));
        QCOMPARE(entry.limitPrice, std::optional(px("10")));
        QVERIFY(entry.parentId.empty());
        QVERIFY(entry.ocoGroup.empty());
        QCOMPARE(name(stop.type), name(OrderType::kStop));
        QCOMPARE(name(stop.side), name(Side::kSell));
        QCOMPARE(stop.qty, qty("2"));
        QCOMPARE(stop.stopPrice, std::optional(px("9")));
        QVERIFY(!stop.limitPrice);
        QCOMPARE(name(target.type), name(OrderType::kLimit));
        QCOMPARE(name(target.side), name(Side::kSell));
        QCOMPARE(target.qty, qty("2"));
        QCOMPARE(target.limitPrice, std::optional(px("12")));
        QCOMPARE(stop.parentId, entry.id);
        QCOMPARE(target.parentId, entry.id);
        QVERIFY(!stop.ocoGroup.empty());
        QCOMPARE(target.ocoGroup, stop.ocoGroup);
        QCOMPARE(stop.groupId, stop.ocoGroup);
        QVERIFY(stop.groupId != entry.groupId);
        QCOMPARE(stop.tradeId, entry.tradeId);
        QCOMPARE(target.tradeId, entry.tradeId);
        const auto groups = rig.sink.all<GroupRecord>();
        QCOMPARE(groups.size(), std::size_t{2});
        QCOMPARE(groups[0].purpose, std::string("entry"));
        QCOMPARE(groups[1].purpose, std::string("exit"));
        QCOMPARE(groups[1].groupId, stop.groupId);

        // the exits' journal entries name the entry in their chain and role
        const auto placed = rig.sink.journal("order");
        QCOMPARE(placed.size(), std::size_t{3});
        QCOMPARE(placed[1].causality.orderIds, (std::vector<std::string>{entry.id, stop.id}));
        QCOMPARE(placed[2].causality.orderIds, (std::vector<std::string>{entry.id, target.id}));
        QCOMPARE(orderInfo(placed[1])[QStringLiteral("purpose")].toString(),
                 QStringLiteral("exit"));
        QCOMPARE(orderInfo(placed[1])[QStringLiteral("algorithm")].toString(),
                 QStringLiteral("bracket"));
        QCOMPARE(orderInfo(placed[1])[QStringLiteral("role")].toString(),
                 QStringLiteral("stop_loss"));
        QCOMPARE(orderInfo(placed[2])[QStringLiteral("role")].toString(),
                 QStringLiteral("take_profit"));
        QCOMPARE(orderInfo(placed[1])[QStringLiteral("parent_id")].toString(), q(entry.id));
        QVERIFY(!orderInfo(placed[1]).contains(QStringLiteral("limit_price")));  // the entry's
        QCOMPARE(orderInfo(placed[0])[QStringLiteral("purpose")].toString(),
                 QStringLiteral("entry"));

        rig.sim.onBar(bar(1, "10.5", "12.5", "10.2", "12"));
        QVERIFY(rig.sink.all<FillRecord>().empty());
        QCOMPARE(rig.worker.liveOrders().size(), std::size_t{3});
        QCOMPARE(rig.worker.position("test", kSym), Quantity());

        const std::size_t before = rig.sink.records.size();
        rig.sim.onBar(bar(2, "10.4", "12.5", "9.9", "12.2"));
        const auto fills = rig.sink.all<FillRecord>();
        QCOMPARE(fills.size(), std::size_t{2});
        QCOMPARE(fills[0].fill.orderId, entry.id);
        QCOMPARE(fills[0].fill.price, px("10"));
        QVERIFY(fills[0].fill.maker);
        QCOMPARE(fills[0].fill.fee, money("0.01"));
        QCOMPARE(fills[1].fill.orderId, target.id);
        QCOMPARE(fills[1].fill.price, px("12"));
        QCOMPARE(fills[1].fill.fee, money("0.012"));
        QCOMPARE(rig.sink.kinds(before),
                 (std::vector<std::string>{"fill", "fill", "order_cancelled"}));
        const JournalRecord cancelled = rig.sink.journal("order_cancelled")[0];
        QCOMPARE(cancelled.orderId, stop.id);
        QCOMPARE(reasonOf(cancelled), "oco: " + target.id + " filled");
        QCOMPARE(name(rig.sink.order(stop.id).status), name(OrderStatus::kCancelled));
        QCOMPARE(name(rig.sink.order(target.id).status), name(OrderStatus::kFilled));
        QCOMPARE(name(rig.sink.order(entry.id).status), name(OrderStatus::kFilled));
        QVERIFY(rig.worker.liveOrders().empty());
        QCOMPARE(rig.worker.position("test", kSym), Quantity());

        const TradeRecord trade = rig.sink.trade(entry.tradeId);
        QCOMPARE(name(trade.status), name(TradeStatus::kClosed));
        QCOMPARE(trade.qty, qty("2"));
        QCOMPARE(trade.entryPrice, std::optional(px("10")));
        QCOMPARE(trade.exitPrice, std::optional(px("12")));
        QCOMPARE(trade.fees, money("0.022"));
        QCOMPARE(trade.pnl, std::optional(money("3.978")));
        QCOMPARE(trade.entryTs, std::optional(day(2)));
        QCOMPARE(trade.exitTs, std::optional(day(2)));
        QCOMPARE(rig.worker.cash(), money("1003.978"));
    }

    // Long 2 @ 10 from a bracket entry (stop 9, target 12 working). The
    // closing directive EXD_CLOSE first cancels both exits, then sends its
    // market sell, which fills at the next open 11: pnl 22 - 20 = 2.
    void aClosingLegCancelsTheTradesExitsFirst() {
        Rig rig;
        ExecutionLeg leg = market(Side::kBuy, "2");
        leg.stopLoss = px("9");
        leg.takeProfit = px("12");
        rig.execute(directive("EXD_OPEN", {leg}), day(0));
        rig.sim.onBar(bar(1, "10", "10.5", "9.8", "10.2"));
        QCOMPARE(rig.worker.position("test", kSym), qty("2"));
        const std::vector<std::string> exits = rig.liveIds();
        QCOMPARE(exits.size(), std::size_t{2});
        const std::string tradeId = rig.sink.all<TradeRecord>().front().tradeId;

        const std::size_t before = rig.sink.records.size();
        rig.execute(directive("EXD_CLOSE", {closing(Side::kSell, "2")}, "10.2"), day(1));
        const auto entries = rig.sink.all<JournalRecord>(before);
        QCOMPARE(rig.sink.kinds(before),
                 (std::vector<std::string>{"cancel_requested", "order_cancelled",
                                           "cancel_requested", "order_cancelled", "order"}));
        std::set<std::string> cancelledIds;
        for (std::size_t i = 0; i < 4; i += 2) {
            QCOMPARE(entries[i].orderId, entries[i + 1].orderId);
            QCOMPARE(reasonOf(entries[i]), std::string("replaced by the close of EXD_CLOSE"));
            QCOMPARE(reasonOf(entries[i + 1]), std::string("cancelled on request"));
            QCOMPARE(name(rig.sink.order(entries[i].orderId).status),
                     name(OrderStatus::kCancelled));
            cancelledIds.insert(entries[i].orderId);
        }
        QCOMPARE(cancelledIds, std::set<std::string>(exits.begin(), exits.end()));
        // the close's order record comes after both cancellations
        const std::string closeId = entries[4].orderId;
        std::size_t closeAt = 0;
        std::size_t lastCancel = 0;
        for (std::size_t i = before; i < rig.sink.records.size(); ++i) {
            const auto* order = std::get_if<OrderRecord>(&rig.sink.records[i]);
            if (order && order->order.id == closeId && closeAt == 0) {
                closeAt = i;
            }
            if (order && cancelledIds.contains(order->order.id)) {
                lastCancel = i;
            }
        }
        QVERIFY(closeAt > lastCancel);
        QCOMPARE(orderInfo(entries[4])[QStringLiteral("purpose")].toString(),
                 QStringLiteral("exit"));
        QCOMPARE(orderInfo(entries[4])[QStringLiteral("trade_id")].toString(), q(tradeId));
        QCOMPARE(entries[4].causality.directiveId, std::string("DIR_EXD_CLOSE"));
        QCOMPARE(rig.liveIds(), std::vector<std::string>{closeId});
        QCOMPARE(name(rig.sink.order(closeId).type), name(OrderType::kMarket));
        QCOMPARE(rig.sink.order(closeId).tradeId, tradeId);

        rig.sim.onBar(bar(2, "11", "11", "11", "11"));
        QCOMPARE(rig.worker.position("test", kSym), Quantity());
        const TradeRecord trade = rig.sink.trade(tradeId);
        QCOMPARE(name(trade.status), name(TradeStatus::kClosed));
        QCOMPARE(trade.exitPrice, std::optional(px("11")));
        QCOMPARE(trade.pnl, std::optional(money("2")));
        QVERIFY(rig.worker.liveOrders().empty());
    }

    // A close the risk engine refuses leaves the exits working: long 2 with
    // a stop at 9 and a target at 12, last close 10.2; a close decided at 11
    // is 7.8% from the last trade, outside a 5% band: refused, and the stop
    // and the target still protect the position.
    void aRefusedCloseLeavesTheExitsWorking() {
        RiskLimits limits;
        limits.priceBandPct = 5.0;
        Rig rig({}, limits);
        ExecutionLeg leg = market(Side::kBuy, "2");
        leg.stopLoss = px("9.8");
        leg.takeProfit = px("10.6");
        rig.execute(directive("EXD_OPEN", {leg}, "10"), day(0));
        rig.barAndMark(bar(1, "10", "10.5", "9.9", "10.2"));
        QCOMPARE(rig.worker.position("test", kSym), qty("2"));
        const std::vector<std::string> exits = rig.liveIds();
        QCOMPARE(exits.size(), std::size_t{2});

        const std::size_t before = rig.sink.records.size();
        rig.execute(directive("EXD_CLOSE", {closing(Side::kSell, "2")}, "11"), day(1));
        QCOMPARE(rig.sink.kinds(before), std::vector<std::string>{"risk_blocked"});
        QCOMPARE(breaches(rig.sink.journal("risk_blocked").front()).front().first,
                 std::string("price_band"));
        QCOMPARE(rig.liveIds(), exits);
        QCOMPARE(rig.worker.position("test", kSym), qty("2"));
    }

    // Participation 10% of 100: buy 25 fills 10 @ 10 on bar 1. The close of
    // those 10 first cancels the rest of the entry (15), so the trade is the
    // 10 entered; sold at 11 on bar 2: pnl 110 - 100 = 10.
    void aClosingLegCancelsTheRestOfItsEntry() {
        SimulationConfig config;
        config.participation = 0.1;
        Rig rig(config);
        rig.execute(directive("EXD_OPEN", {market(Side::kBuy, "25")}), day(0));
        const std::string entry = rig.sink.placed().at(0);
        const std::string tradeId = rig.sink.order(entry).tradeId;
        rig.sim.onBar(bar(1, "10", "10", "10", "10", "100"));
        QCOMPARE(name(rig.sink.order(entry).status), name(OrderStatus::kPartiallyFilled));

        const std::size_t before = rig.sink.records.size();
        rig.execute(directive("EXD_CLOSE", {closing(Side::kSell, "10")}), day(1));
        QCOMPARE(rig.sink.kinds(before),
                 (std::vector<std::string>{"cancel_requested", "order_cancelled", "order"}));
        QCOMPARE(rig.sink.journal("cancel_requested")[0].orderId, entry);
        QCOMPARE(name(rig.sink.order(entry).status), name(OrderStatus::kCancelled));
        QCOMPARE(rig.sink.order(entry).filled, qty("10"));
        QCOMPARE(rig.sink.trade(tradeId).qty, qty("10"));
        QCOMPARE(name(rig.sink.trade(tradeId).status), name(TradeStatus::kOpen));

        rig.sim.onBar(bar(2, "11", "11", "11", "11", "100"));
        QCOMPARE(rig.worker.position("test", kSym), Quantity());
        const TradeRecord trade = rig.sink.trade(tradeId);
        QCOMPARE(name(trade.status), name(TradeStatus::kClosed));
        QCOMPARE(trade.qty, qty("10"));
        QCOMPARE(trade.pnl, std::optional(money("10")));
    }

    // Limits: position 5, order notional 100, 1 open order, price band 5%;
    // the last trade 10. A resting buy 1 @ 9.5 passes (5% away: the band is
    // inclusive). Then buy 20 at the market, decided at 11, breaches all
    // four: position 0 + 1 working + 20 = 21 > 5; 20 x 11 = 220 > 100;
    // 1 + 1 = 2 open orders > 1; 11 is 10% from 10 > 5%.
    void riskBlocksAnEntryBreachingEveryLimit() {
        RiskLimits limits;
        limits.maxPosition = qty("5");
        limits.maxOrderNotional = money("100");
        limits.maxOpenOrders = 1;
        limits.priceBandPct = 5.0;
        Rig rig({}, limits);
        rig.worker.observeClose(bar(0, "10", "10", "10", "10"));
        rig.execute(directive("EXD_REST", {limit(Side::kBuy, "1", "9.5")}), day(0));
        QCOMPARE(rig.worker.orderCount(), 1);
        QCOMPARE(rig.worker.blockedCount(), 0);
        const std::size_t orderRecords = rig.sink.all<OrderRecord>().size();
        const std::size_t tradeRecords = rig.sink.all<TradeRecord>().size();

        const ExecutionDirective big = directive("EXD_BIG", {market(Side::kBuy, "20")}, "11");
        rig.execute(big, day(0));
        QCOMPARE(rig.worker.orderCount(), 1);
        QCOMPARE(rig.worker.blockedCount(), 1);
        QCOMPARE(rig.sink.all<OrderRecord>().size(), orderRecords);
        QCOMPARE(rig.sink.all<TradeRecord>().size(), tradeRecords);
        QCOMPARE(rig.worker.liveOrders().size(), std::size_t{1});

        const auto blocked = rig.sink.journal("risk_blocked");
        QCOMPARE(blocked.size(), std::size_t{1});
        const JournalRecord& entry = blocked[0];
        QCOMPARE(entry.ts, day(0));
        QVERIFY(entry.orderId.empty());
        QVERIFY(entry.fillId.empty());
        QCOMPARE(entry.causality.origin.id, std::string("CDL_EXD_BIG"));
        QCOMPARE(entry.causality.directiveId, std::string("DIR_EXD_BIG"));
        QCOMPARE(entry.causality.signalIds, std::vector<std::string>{"SIG_EXD_BIG"});
        QCOMPARE(entry.causality.planIds, std::vector<std::string>{"PLN_EXD_BIG"});
        QVERIFY(entry.causality.orderIds.empty());
        const std::vector<std::pair<std::string, std::string>> expected{
            {"max_position",
             "position 21 after this buy of 20 would exceed max_position 5 (position 0, "
             "working buys 1)"},
            {"max_order_notional",
             "order notional 220 exceeds max_order_notional 100 (buy 20 at 11)"},
            {"max_open_orders", "2 open orders would exceed max_open_orders 1"},
            {"price_band", "price 11 is 10% from the last trade 10, outside the 5% band"},
        };
        QCOMPARE(breaches(entry), expected);
        const QJsonObject leg = entry.context[QStringLiteral("leg")].toObject();
        QCOMPARE(leg[QStringLiteral("side")].toString(), QStringLiteral("buy"));
        QCOMPARE(leg[QStringLiteral("qty")].toDouble(), 20.0);
        QCOMPARE(leg[QStringLiteral("closes_position")].toBool(), false);
        QCOMPARE(leg[QStringLiteral("algorithm")].toString(), QStringLiteral("market"));
        QCOMPARE(orderInfo(entry)[QStringLiteral("purpose")].toString(), QStringLiteral("entry"));
        QCOMPARE(entry.context[QStringLiteral("flow")].toString(), QStringLiteral("FLW_1"));
    }

    // Limits: position 3, order notional 50. Buy 3 @ 10 passes (30). At 20,
    // buying 3 more breaches both (position 6; 60 > 50); an opening sell of
    // 3 (flat after it, but not marked as a close) breaches the notional;
    // the closing sell of the same 3 at 20 passes and fills: pnl 60 - 30.
    void aReducingClosePassesWhereTheEntryWasBlocked() {
        RiskLimits limits;
        limits.maxPosition = qty("3");
        limits.maxOrderNotional = money("50");
        Rig rig({}, limits);
        rig.execute(directive("EXD_OPEN", {market(Side::kBuy, "3")}), day(0));
        rig.sim.onBar(bar(1, "10", "10", "10", "10"));
        QCOMPARE(rig.worker.position("test", kSym), qty("3"));

        rig.execute(directive("EXD_MORE", {market(Side::kBuy, "3")}, "20"), day(1));
        QCOMPARE(rig.worker.blockedCount(), 1);
        const std::vector<std::pair<std::string, std::string>> more{
            {"max_position",
             "position 6 after this buy of 3 would exceed max_position 3 (position 3, working "
             "buys 0)"},
            {"max_order_notional", "order notional 60 exceeds max_order_notional 50 (buy 3 at 20)"},
        };
        QCOMPARE(breaches(rig.sink.journal("risk_blocked")[0]), more);

        rig.execute(directive("EXD_SELL", {market(Side::kSell, "3")}, "20"), day(1));
        QCOMPARE(rig.worker.blockedCount(), 2);
        const std::vector<std::pair<std::string, std::string>> sell{
            {"max_order_notional",
             "order notional 60 exceeds max_order_notional 50 (sell 3 at 20)"},
        };
        QCOMPARE(breaches(rig.sink.journal("risk_blocked")[1]), sell);
        QCOMPARE(rig.worker.orderCount(), 1);

        rig.execute(directive("EXD_CLOSE", {closing(Side::kSell, "3")}, "20"), day(1));
        QCOMPARE(rig.worker.blockedCount(), 2);
        QCOMPARE(rig.worker.orderCount(), 2);
        rig.sim.onBar(bar(2, "20", "20", "20", "20"));
        QCOMPARE(rig.worker.position("test", kSym), Quantity());
        const TradeRecord trade = rig.sink.trade(rig.sink.all<TradeRecord>().front().tradeId);
        QCOMPARE(name(trade.status), name(TradeStatus::kClosed));
        QCOMPARE(trade.pnl, std::optional(money("30")));
    }

    // Cash 10000, daily loss limit 50. Long 10 @ 100 with a stop at 90;
    // day 1 closes 99.5: equity 9000 + 995 = 9995 (the first mark: day
    // start). A buy limit 5 @ 92 works. Day 2 closes 94: equity 9940, a loss
    // of 55 > 50 since the day began at 9995 -> blocked. The limit entry is
    // cancelled, the stop stays; entries are blocked, the close is not; the
    // close fills at 92 (pnl -80, equity 9920); reauthorized, entries pass.
    void theCircuitBreakerBlocksEntriesUntilReauthorized() {
        RiskLimits limits;
        limits.dailyLossLimit = money("50");
        Rig rig({}, limits, Money::fromInt(10000));
        int calls = 0;
        TradingBlocked told;
        rig.worker.setTradingBlockedHandler([&](const TradingBlocked& block) {
            ++calls;
            told = block;
        });
        ExecutionLeg a = market(Side::kBuy, "10");
        a.stopLoss = px("90");
        rig.execute(directive("EXD_A", {a}, "100"), day(0));
        rig.barAndMark(bar(1, "100", "100.5", "99", "99.5"));
        QCOMPARE(rig.worker.equity(), money("9995"));
        QVERIFY(!rig.worker.risk().blocked());
        const std::string stopId = rig.liveIds().at(0);

        rig.execute(directive("EXD_B", {limit(Side::kBuy, "5", "92")}, "99.5"), day(1));
        const std::string entryB = rig.sink.placed().back();
        const std::string tradeB = rig.sink.order(entryB).tradeId;
        QCOMPARE(rig.liveIds(), (std::vector<std::string>{stopId, entryB}));

        const std::size_t before = rig.sink.records.size();
        const Candle day2 = bar(2, "99", "99", "93.5", "94");
        rig.barAndMark(day2);
        QVERIFY(rig.worker.risk().blocked());
        QCOMPARE(
            rig.sink.kinds(before),
            (std::vector<std::string>{"trading_blocked", "cancel_requested", "order_cancelled"}));
        const JournalRecord trip = rig.sink.journal("trading_blocked")[0];
        QCOMPARE(trip.ts, day(2));
        QVERIFY(trip.orderId.empty());
        QCOMPARE(trip.causality.origin.id, std::string("CDL_2"));
        const QJsonArray reasons = trip.context[QStringLiteral("reasons")].toArray();
        QCOMPARE(reasons.size(), 1);
        QCOMPARE(reasons[0].toObject()[QStringLiteral("rule")].toString(),
                 QStringLiteral("daily_loss"));
        const std::string lossMessage(
            "daily loss 55 exceeds daily_loss_limit 50 (equity 9940, day start 9995)");
        QCOMPARE(reasons[0].toObject()[QStringLiteral("message")].toString(), q(lossMessage));
        QCOMPARE(trip.context[QStringLiteral("equity")].toDouble(), 9940.0);
        QCOMPARE(trip.context[QStringLiteral("peak_equity")].toDouble(), 9995.0);
        QCOMPARE(trip.context[QStringLiteral("day_start_equity")].toDouble(), 9995.0);
        QCOMPARE(trip.context[QStringLiteral("timestamp")].toString(), q(formatIso8601(day(2))));
        const JournalRecord cancel = rig.sink.journal("cancel_requested")[0];
        QCOMPARE(cancel.orderId, entryB);
        QCOMPARE(reasonOf(cancel), std::string("trading blocked by the circuit breaker"));
        QCOMPARE(name(rig.sink.order(entryB).status), name(OrderStatus::kCancelled));
        QCOMPARE(name(rig.sink.trade(tradeB).status), name(TradeStatus::kVoid));
        QCOMPARE(rig.liveIds(), std::vector<std::string>{stopId});  // the protective exit stays
        const EquityRecord mark = rig.sink.all<EquityRecord>().back();
        QCOMPARE(mark.ts, day(2));
        QCOMPARE(mark.cash, money("9000"));
        QCOMPARE(mark.equity, money("9940"));
        QCOMPARE(calls, 1);
        QCOMPARE(told.ts, day(2));
        QCOMPARE(told.equity, money("9940"));
        QCOMPARE(told.reasons.size(), std::size_t{1});
        QCOMPARE(told.reasons[0].rule, std::string("daily_loss"));

        // a new entry is blocked, naming the block
        rig.execute(directive("EXD_C", {market(Side::kBuy, "1")}, "94"), day(2));
        QCOMPARE(rig.worker.blockedCount(), 1);
        QCOMPARE(rig.worker.orderCount(), 3);
        const std::vector<std::pair<std::string, std::string>> blocked{
            {"trading_blocked", "trading blocked since " + formatIso8601(day(2)) +
                                    " until reauthorized: " + lossMessage}};
        QCOMPARE(breaches(rig.sink.journal("risk_blocked")[0]), blocked);

        // a further losing mark while blocked trips nothing new
        rig.barAndMark(bar(3, "94", "94", "93", "93"));
        QCOMPARE(rig.sink.journal("trading_blocked").size(), std::size_t{1});
        QCOMPARE(calls, 1);

        // the close still passes: it cancels the stop and sells
        rig.execute(directive("EXD_D", {closing(Side::kSell, "10")}, "93"), day(3));
        QCOMPARE(rig.worker.blockedCount(), 1);
        QCOMPARE(rig.worker.orderCount(), 4);
        QCOMPARE(reasonOf(rig.sink.journal("cancel_requested").back()),
                 std::string("replaced by the close of EXD_D"));
        rig.barAndMark(bar(4, "92", "92", "91", "91.5"));
        QCOMPARE(rig.worker.position("test", kSym), Quantity());
        const std::string tradeA = rig.sink.all<TradeRecord>().front().tradeId;
        QCOMPARE(rig.sink.trade(tradeA).pnl, std::optional(money("-80")));
        QCOMPARE(rig.worker.equity(), money("9920"));
        QVERIFY(rig.sink.journal("trading_reauthorized").empty());

        rig.worker.reauthorize(day(4) + 1, "risk desk");
        QVERIFY(!rig.worker.risk().blocked());
        const auto reauthorized = rig.sink.journal("trading_reauthorized");
        QCOMPARE(reauthorized.size(), std::size_t{1});
        QCOMPARE(reauthorized[0].ts, day(4) + 1);
        QCOMPARE(reauthorized[0].context[QStringLiteral("by")].toString(),
                 QStringLiteral("risk desk"));
        QCOMPARE(reauthorized[0].context[QStringLiteral("equity")].toDouble(), 9920.0);
        rig.execute(directive("EXD_E", {market(Side::kBuy, "1")}, "91.5"), day(4));
        QCOMPARE(rig.worker.blockedCount(), 1);
        QCOMPARE(rig.worker.orderCount(), 5);
        // reauthorizing while not blocked journals nothing
        rig.worker.reauthorize(day(4) + 2, "risk desk");
        QCOMPARE(rig.sink.journal("trading_reauthorized").size(), std::size_t{1});
        QCOMPARE(calls, 1);
    }

    // Cash 10000, max drawdown 0.1%, orders kept on a trip. Long 10 @ 100,
    // day 1 closes 100: peak 10000. Day 2 closes 98.9: 9989 is 0.11% below
    // the peak -> blocked; the working buy limit at 80 is not cancelled.
    void aDrawdownTripKeepsOrdersWhenTheLimitsSaySo() {
        RiskLimits limits;
        limits.maxDrawdownPct = 0.1;
        limits.cancelOpenOrdersOnTrip = false;
        Rig rig({}, limits, Money::fromInt(10000));
        int calls = 0;
        rig.worker.setTradingBlockedHandler([&](const TradingBlocked&) { ++calls; });
        rig.execute(directive("EXD_A", {market(Side::kBuy, "10")}, "100"), day(0));
        rig.barAndMark(bar(1, "100", "100", "100", "100"));
        rig.execute(directive("EXD_B", {limit(Side::kBuy, "1", "80")}, "100"), day(1));
        const std::string entryB = rig.sink.placed().back();
        rig.barAndMark(bar(2, "100", "100", "98.5", "98.9"));
        QVERIFY(rig.worker.risk().blocked());
        QCOMPARE(calls, 1);
        const JournalRecord trip = rig.sink.journal("trading_blocked").at(0);
        const QJsonObject reason = trip.context[QStringLiteral("reasons")].toArray()[0].toObject();
        QCOMPARE(reason[QStringLiteral("rule")].toString(), QStringLiteral("max_drawdown"));
        QCOMPARE(reason[QStringLiteral("message")].toString(),
                 QStringLiteral("drawdown 0.11% exceeds max_drawdown_pct 0.1% (equity 9989, "
                                "peak 10000)"));
        QVERIFY(rig.sink.journal("cancel_requested").empty());
        QCOMPARE(rig.liveIds(), std::vector<std::string>{entryB});
        QCOMPARE(name(rig.sink.order(entryB).status), name(OrderStatus::kAccepted));
    }

    // Participation 10% of 100 per bar: buy 25 fills 10 @ 10, 10 @ 11,
    // 5 @ 12.5. The trade's entry price is (100 + 110 + 62.5) / 25 = 10.9
    // (after two fills 210 / 20 = 10.5).
    void aCappedMarketOrderFillsOverSeveralBars() {
        SimulationConfig config;
        config.participation = 0.1;
        Rig rig(config);
        rig.execute(directive("EXD_BIG", {market(Side::kBuy, "25")}), day(0));
        const std::string id = rig.sink.placed().at(0);
        const std::string tradeId = rig.sink.order(id).tradeId;

        rig.sim.onBar(bar(1, "10", "10", "10", "10", "100"));
        QCOMPARE(name(rig.sink.order(id).status), name(OrderStatus::kPartiallyFilled));
        QCOMPARE(rig.sink.order(id).filled, qty("10"));
        QCOMPARE(rig.worker.position("test", kSym), qty("10"));
        QCOMPARE(rig.liveIds(), std::vector<std::string>{id});
        QCOMPARE(rig.sink.trade(tradeId).entryPrice, std::optional(px("10")));

        rig.sim.onBar(bar(2, "11", "11", "11", "11", "100"));
        QCOMPARE(name(rig.sink.order(id).status), name(OrderStatus::kPartiallyFilled));
        QCOMPARE(rig.sink.order(id).filled, qty("20"));
        QCOMPARE(rig.sink.trade(tradeId).entryPrice, std::optional(px("10.5")));

        rig.sim.onBar(bar(3, "12.5", "12.5", "12.5", "12.5", "100"));
        QCOMPARE(name(rig.sink.order(id).status), name(OrderStatus::kFilled));
        QCOMPARE(rig.sink.order(id).filled, qty("25"));
        QVERIFY(rig.worker.liveOrders().empty());
        std::vector<std::string> statuses;
        for (const auto& record : rig.sink.all<OrderRecord>()) {
            statuses.push_back(name(record.order.status));
        }
        QCOMPARE(statuses, (std::vector<std::string>{"new", "accepted", "partially_filled",
                                                     "partially_filled", "filled"}));
        const auto fills = rig.sink.all<FillRecord>();
        QCOMPARE(fills.size(), std::size_t{3});
        QCOMPARE(fills[0].fill.qty, qty("10"));
        QCOMPARE(fills[1].fill.qty, qty("10"));
        QCOMPARE(fills[2].fill.qty, qty("5"));
        QCOMPARE(fills[2].fill.price, px("12.5"));

        const TradeRecord trade = rig.sink.trade(tradeId);
        QCOMPARE(trade.qty, qty("25"));
        QCOMPARE(trade.entryPrice, std::optional(px("10.9")));
        QCOMPARE(trade.entryTs, std::optional(day(1)));
        QCOMPARE(name(trade.status), name(TradeStatus::kOpen));
        const Position* pos = rig.worker.positions().find("test", kSym);
        QCOMPARE(pos->avgPrice, px("10.9"));
        QCOMPARE(pos->lots.size(), std::size_t{3});
        // each fill's chain carries the fills before it
        const auto journaled = rig.sink.journal("fill");
        QCOMPARE(journaled.size(), std::size_t{3});
        for (std::size_t i = 0; i < 3; ++i) {
            QCOMPARE(journaled[i].causality.orderIds, std::vector<std::string>{id});
            QCOMPARE(journaled[i].causality.fillIds.size(), i + 1);
            QCOMPARE(journaled[i].causality.fillIds.back(), fills[i].fill.id);
        }

        // the close fills the same way: 10 @ 13, 10 @ 14, 5 @ 15; exit price
        // (130 + 140 + 75) / 25 = 13.8 at the last exit's time, pnl 345 -
        // 272.5 = 72.5
        rig.execute(directive("EXD_CLOSE", {closing(Side::kSell, "25")}, "12.5"), day(3));
        rig.sim.onBar(bar(4, "13", "13", "13", "13", "100"));
        QCOMPARE(rig.sink.trade(tradeId).exitPrice, std::optional(px("13")));
        QCOMPARE(name(rig.sink.trade(tradeId).status), name(TradeStatus::kOpen));
        rig.sim.onBar(bar(5, "14", "14", "14", "14", "100"));
        rig.sim.onBar(bar(6, "15", "15", "15", "15", "100"));
        const TradeRecord closed = rig.sink.trade(tradeId);
        QCOMPARE(name(closed.status), name(TradeStatus::kClosed));
        QCOMPARE(closed.exitPrice, std::optional(px("13.8")));
        QCOMPARE(closed.exitTs, std::optional(day(6)));
        QCOMPARE(closed.entryTs, std::optional(day(1)));
        QCOMPARE(closed.pnl, std::optional(money("72.5")));
        QCOMPARE(rig.worker.position("test", kSym), Quantity());
    }

    // A working buy limit 2 @ 9 cancelled by hand after a bar that did not
    // reach it: journaled request, the exchange's cancel, the trade void, and
    // no fill when the market later trades through 9.
    void cancelTakesAWorkingLimitOffTheBook() {
        Rig rig;
        rig.execute(directive("EXD_L", {limit(Side::kBuy, "2", "9")}), day(0));
        const std::string id = rig.sink.placed().at(0);
        const std::string tradeId = rig.sink.order(id).tradeId;
        rig.sim.onBar(bar(1, "10", "10.2", "9.5", "9.8"));
        QCOMPARE(rig.liveIds(), std::vector<std::string>{id});

        const std::size_t before = rig.sink.records.size();
        rig.worker.cancel(id, day(1) + 5, "no longer wanted");
        QCOMPARE(rig.sink.kinds(before),
                 (std::vector<std::string>{"cancel_requested", "order_cancelled"}));
        const JournalRecord request = rig.sink.journal("cancel_requested")[0];
        QCOMPARE(request.orderId, id);
        QCOMPARE(request.ts, day(1) + 5);
        QCOMPARE(reasonOf(request), std::string("no longer wanted"));
        QCOMPARE(request.causality.orderIds, std::vector<std::string>{id});
        QCOMPARE(request.causality.directiveId, std::string("DIR_EXD_L"));
        QCOMPARE(reasonOf(rig.sink.journal("order_cancelled")[0]),
                 std::string("cancelled on request"));
        const Order cancelled = rig.sink.order(id);
        QCOMPARE(name(cancelled.status), name(OrderStatus::kCancelled));
        QCOMPARE(cancelled.filled, Quantity());
        QCOMPARE(cancelled.updatedTs, day(1) + 5);
        QCOMPARE(name(rig.sink.trade(tradeId).status), name(TradeStatus::kVoid));
        QVERIFY(rig.worker.liveOrders().empty());
        QCOMPARE(rig.worker.openOrders("test", kSym), 0);

        rig.sim.onBar(bar(2, "9", "9", "8", "8.5"));
        QCOMPARE(rig.worker.fillCount(), 0);

        // an order that is not working: ignored, nothing written, no crash
        const std::size_t records = rig.sink.records.size();
        rig.worker.cancel(id, day(2), "again");
        rig.worker.cancel("ORD_UNKNOWN", day(2), "never placed");
        OrderAmendment amendment;
        amendment.limitPrice = px("8");
        rig.worker.modify("ORD_UNKNOWN", amendment, day(2), "never placed");
        QCOMPARE(rig.sink.records.size(), records);
    }

    // A working buy limit 2 @ 9, amended to 3 @ 9.2: the request and the
    // exchange's answer are journaled, the order record carries the new
    // terms, and the next bar (low 9.1, above the old limit) fills 3 @ 9.2.
    // An amendment that cannot apply (a stop price on a limit) is refused.
    void modifyMovesAWorkingLimit() {
        Rig rig;
        rig.execute(directive("EXD_L", {limit(Side::kBuy, "2", "9")}), day(0));
        const std::string id = rig.sink.placed().at(0);
        rig.sim.onBar(bar(1, "10", "10.2", "9.5", "9.8"));

        OrderAmendment wrong;
        wrong.stopPrice = px("9.5");
        std::size_t before = rig.sink.records.size();
        rig.worker.modify(id, wrong, day(1), "typo");
        QCOMPARE(rig.sink.kinds(before),
                 (std::vector<std::string>{"modify_requested", "modify_rejected"}));
        QCOMPARE(reasonOf(rig.sink.journal("modify_rejected")[0]),
                 std::string("a limit order has no stop price"));
        QCOMPARE(rig.sink.order(id).limitPrice, std::optional(px("9")));

        OrderAmendment amendment;
        amendment.qty = qty("3");
        amendment.limitPrice = px("9.2");
        before = rig.sink.records.size();
        rig.worker.modify(id, amendment, day(1) + 7, "chase the market");
        QCOMPARE(rig.sink.kinds(before),
                 (std::vector<std::string>{"modify_requested", "order_modified"}));
        const JournalRecord request = rig.sink.journal("modify_requested")[1];
        QCOMPARE(request.orderId, id);
        QCOMPARE(reasonOf(request), std::string("chase the market"));
        QCOMPARE(request.context[QStringLiteral("qty")].toDouble(), 3.0);
        QCOMPARE(request.context[QStringLiteral("limit_price")].toDouble(), 9.2);
        QVERIFY(!request.context.contains(QStringLiteral("stop_price")));
        const JournalRecord modified = rig.sink.journal("order_modified")[0];
        QCOMPARE(reasonOf(modified), std::string("amended on request"));
        QCOMPARE(modified.context[QStringLiteral("qty")].toDouble(), 3.0);
        QCOMPARE(modified.context[QStringLiteral("limit_price")].toDouble(), 9.2);
        const Order amended = rig.sink.order(id);
        QCOMPARE(amended.qty, qty("3"));
        QCOMPARE(amended.limitPrice, std::optional(px("9.2")));
        QCOMPARE(name(amended.status), name(OrderStatus::kAccepted));
        QCOMPARE(amended.updatedTs, day(1) + 7);
        QCOMPARE(rig.worker.liveOrders().at(0).limitPrice, std::optional(px("9.2")));

        rig.sim.onBar(bar(2, "9.6", "9.7", "9.1", "9.3"));
        const auto fills = rig.sink.all<FillRecord>();
        QCOMPARE(fills.size(), std::size_t{1});
        QCOMPARE(fills[0].fill.price, px("9.2"));
        QCOMPARE(fills[0].fill.qty, qty("3"));
        QVERIFY(fills[0].fill.maker);
        QCOMPARE(name(rig.sink.order(id).status), name(OrderStatus::kFilled));
        QCOMPARE(rig.worker.position("test", kSym), qty("3"));
    }

    // The exchange rejects every buy: the bracket's entry is rejected at
    // once, its exits are never sent, and the trade is void.
    void anExchangeRejectionVoidsTheTrade() {
        SimulationConfig config;
        config.rejectIf = [](const Order& order) -> std::optional<std::string> {
            if (order.side == Side::kBuy) {
                return std::string("no buying today");
            }
            return std::nullopt;
        };
        Rig rig(config);
        ExecutionLeg leg = market(Side::kBuy, "2");
        leg.stopLoss = px("9");
        rig.execute(directive("EXD_R", {leg}), day(0));
        QCOMPARE(rig.worker.orderCount(), 1);
        const std::string id = rig.sink.placed().at(0);
        QCOMPARE(rig.sink.kinds(), (std::vector<std::string>{"order", "order_rejected"}));
        const JournalRecord rejected = rig.sink.journal("order_rejected")[0];
        QCOMPARE(rejected.orderId, id);
        QCOMPARE(reasonOf(rejected), std::string("no buying today"));
        QCOMPARE(rejected.causality.orderIds, std::vector<std::string>{id});
        QCOMPARE(rejected.causality.directiveId, std::string("DIR_EXD_R"));
        QCOMPARE(name(rig.sink.order(id).status), name(OrderStatus::kRejected));
        const TradeRecord trade = rig.sink.trade(rig.sink.order(id).tradeId);
        QCOMPARE(name(trade.status), name(TradeStatus::kVoid));
        QVERIFY(!trade.entryPrice);
        QCOMPARE(rig.sink.all<GroupRecord>().size(), std::size_t{1});  // no exit group
        QVERIFY(rig.worker.liveOrders().empty());
        QCOMPARE(rig.worker.openOrders("test", kSym), 0);
        rig.sim.onBar(bar(1, "10", "10", "8", "8.5"));
        QCOMPARE(rig.worker.fillCount(), 0);
        QCOMPARE(rig.worker.position("test", kSym), Quantity());
    }

    // Five working limits placed one after the other; their ids do not sort
    // in placement order (hashed), liveOrders() still lists them so. A
    // cancel and a fill take theirs out and keep the others' order.
    void liveOrdersListsTheWorkingOrdersInPlacementOrder() {
        Rig rig;
        rig.execute(directive("EXD_1", {limit(Side::kBuy, "1", "9")}), day(0));
        rig.execute(directive("EXD_2", {limit(Side::kBuy, "1", "8")}), day(0));
        rig.execute(directive("EXD_3", {limit(Side::kSell, "1", "12")}), day(0));
        rig.execute(directive("EXD_4", {limit(Side::kBuy, "1", "7")}), day(0));
        rig.execute(directive("EXD_5", {limit(Side::kSell, "1", "13")}), day(0));
        const std::vector<std::string> placed = rig.sink.placed();
        QCOMPARE(placed.size(), std::size_t{5});
        QVERIFY2(!std::is_sorted(placed.begin(), placed.end()),
                 "the ids happen to sort in placement order: the test could not tell");
        QCOMPARE(rig.liveIds(), placed);
        const auto live = rig.worker.liveOrders();
        for (std::size_t i = 1; i < live.size(); ++i) {
            QVERIFY(live[i - 1].seq < live[i].seq);
        }
        QCOMPARE(live[2].limitPrice, std::optional(px("12")));

        rig.worker.cancel(placed[1], day(0), "not needed");
        QCOMPARE(rig.liveIds(),
                 (std::vector<std::string>{placed[0], placed[2], placed[3], placed[4]}));
        rig.sim.onBar(bar(1, "10", "10", "8.5", "8.8"));  // fills the buy at 9 only
        QCOMPARE(rig.worker.fillCount(), 1);
        QCOMPARE(rig.liveIds(), (std::vector<std::string>{placed[2], placed[3], placed[4]}));
    }
};

QTEST_APPLESS_MAIN(TestExecutionWorker)
#include "test_execution_worker.moc"
