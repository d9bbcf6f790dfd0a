#pragma once

// A small run written record by record, in the order an executor writes
// them, with every figure worked out by hand below; shared by the storage
// tests.
//
// SYN, daily bars 2024-01-01 .. 06, initial cash 1000, every fill 10 bp of
// slippage off its reference and a fee of 0.01.
//
//   day  open high low close
//   1    10   11   9   10     T1 decided long at the close (ema_cross_up, trending, market)
//   2    11   12   10  12     T1 entry fills at the open: buy 11.011
//                             T3 (mean_reversion) decided long at the close
//   3    12   13   11  13     T3's order is rejected: T3 is void; a decision not to trade;
//                             T1's exit decided at the close (ema_cross_down, ranging; a
//                             market directive whose order says limit)
//   4    14   14   12  13     T1 exit fills: sell 13.986, pnl 13.986 - 11.011 - 0.02 = 2.955;
//                             T2 decided short at the close (volume_spike + ema_cross_down,
//                             volatile, twap)
//   5    12   12   10  11     T2 entry fills: sell 11.988
//   6    11   12   10  11     end of data: a scheduled exit (no signals, no regime, no
//                             execution in its context) settles at the close: buy 11.011;
//                             T2 pnl 11.988 - 11.011 - 0.02 = 0.957
//
// Slippage in bp, positive when it cost the trader:
//   order           decision  fill     vs decision          arrival  vs arrival
//   ORD_T1_ENTRY    10        11.011   1011                 11       10
//   ORD_T1_EXIT     13        13.986   -758.4615384615...   14       10
//   ORD_T2_ENTRY    13        11.988   778.4615384615...    12       10
//   ORD_T2_EXIT     11        11.011   10                   11 (close, same instant)  10
//   ORD_T3_ENTRY    12        -        -                    12 (the next open)
//
// Cash: 1000 -> d2 988.979 -> d4 1002.955 -> d5 1014.933 -> d6 1003.912.

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include "engine/execution/ledger_sink.h"

// QCOMPARE of std::string prints both sides.
namespace QTest {
template <>
inline char* toString(const std::string& text) {
    return qstrdup(text.c_str());
}
}  // namespace QTest

namespace storage_fixture {

using namespace causeway::engine;

inline const Symbol& syn() {
    static const Symbol symbol("SYN");
    return symbol;
}

inline Timestamp day(int d) {
    return fromCivil({2024, 1, d, 0, 0, 0, 0});
}

inline Price px(const char* text) {
    return *Price::parse(text);
}
inline Money money(const char* text) {
    return *Money::parse(text);
}
inline Quantity one() {
    return Quantity::fromInt(1);
}

inline CausalityChain causality(const std::string& originType, int d,
                                const std::vector<std::string>& orderIds,
                                const std::vector<std::string>& fillIds = {}) {
    CausalityChain chain;
    chain.origin = Origin{*originTypeFromString(originType),
                          QStringLiteral("CDL_SYN_1d_%1").arg(d).toStdString(), day(d)};
    chain.orderIds = orderIds;
    chain.fillIds = fillIds;
    return chain;
}

// The pipeline's context snapshot; empty arguments leave the part out.
inline QJsonObject context(const std::vector<std::string>& signalTypes, const QString& regime,
                           const QString& algorithm, const QString& orderAlgorithm = {}) {
    QJsonArray signals;
    for (const auto& type : signalTypes) {
        signals.append(QJsonObject{{QStringLiteral("id"), QStringLiteral("SIG")},
                                   {QStringLiteral("type"), QString::fromStdString(type)}});
    }
    QJsonObject context{{QStringLiteral("signals"), signals}};
    if (!regime.isEmpty()) {
        context[QStringLiteral("regime")] = QJsonObject{{QStringLiteral("regime"), regime}};
    }
    if (!algorithm.isEmpty()) {
        context[QStringLiteral("execution")] =
            QJsonObject{{QStringLiteral("algorithm"), algorithm}};
    }
    if (!orderAlgorithm.isEmpty()) {
        context[QStringLiteral("order")] =
            QJsonObject{{QStringLiteral("algorithm"), orderAlgorithm}};
    }
    return context;
}

class ScenarioWriter final {
public:
    explicit ScenarioWriter(LedgerSink& sink) : m_sink(sink) {}

    void write() {
        m_sink.write(RunInfoRecord{"initial_cash", "1000"});
        m_sink.write(RunInfoRecord{"strategy", "ema_cross"});
        Money cash = money("1000");

        bar(1, "10", "11", "9", "10");
        TradeRecord t1 = newTrade("TRD_T1", "ema_cross", Side::kBuy);
        Order t1Entry =
            place(t1, "GRP_T1_ENTRY", "ORD_T1_ENTRY", Side::kBuy, "10", 1,
                  context({"ema_cross_up"}, QStringLiteral("trending"), QStringLiteral("market")));
        equity(1, cash, cash);

        cash = money("988.979");
        fill(t1Entry, t1, "FIL_T1_ENTRY", 2, "11.011", position("1", "11.011", "0", "0.01", 2));
        bar(2, "11", "12", "10", "12");
        TradeRecord t3 = newTrade("TRD_T3", "mean_reversion", Side::kBuy);
        Order t3Entry =
            place(t3, "GRP_T3_ENTRY", "ORD_T3_ENTRY", Side::kBuy, "12", 2,
                  context({"rsi_oversold"}, QStringLiteral("ranging"), QStringLiteral("market")));
        equity(2, cash, money("1000.979"));

        t3Entry.status = OrderStatus::kRejected;
        t3Entry.updatedTs = day(3);
        m_sink.write(OrderRecord{t3Entry});
        m_sink.write(JournalRecord{"order_rejected",
                                   day(3),
                                   t3Entry.id,
                                   {},
                                   causality("candle", 2, {t3Entry.id}),
                                   QJsonObject{{QStringLiteral("reason"),
                                                QStringLiteral("no liquidity")}}});
        t3.status = TradeStatus::kVoid;
        m_sink.write(t3);
        bar(3, "12", "13", "11", "13");
        m_sink.write(JournalRecord{"decision_rejected",
                                   day(3),
                                   {},
                                   {},
                                   causality("candle", 3, {}),
                                   context({"ema_cross_up"}, QStringLiteral("ranging"), {})});
        Order t1Exit = place(t1, "GRP_T1_EXIT", "ORD_T1_EXIT", Side::kSell, "13", 3,
                             context({"ema_cross_down"}, QStringLiteral("ranging"),
                                     QStringLiteral("market"), QStringLiteral("limit")));
        equity(3, cash, money("1001.979"));

        cash = money("1002.955");
        t1.exitTs = day(4);
        t1.exitPrice = px("13.986");
        t1.pnl = money("2.955");
        t1.status = TradeStatus::kClosed;
        fill(t1Exit, t1, "FIL_T1_EXIT", 4, "13.986", position("0", "0", "2.975", "0.02", 4));
        bar(4, "14", "14", "12", "13");
        TradeRecord t2 = newTrade("TRD_T2", "ema_cross", Side::kSell);
        Order t2Entry = place(t2, "GRP_T2_ENTRY", "ORD_T2_ENTRY", Side::kSell, "13", 4,
                              context({"volume_spike", "ema_cross_down"},
                                      QStringLiteral("volatile"), QStringLiteral("twap")));
        equity(4, cash, cash);

        cash = money("1014.933");
        fill(t2Entry, t2, "FIL_T2_ENTRY", 5, "11.988",
             position("-1", "11.988", "2.975", "0.03", 5));
        bar(5, "12", "12", "10", "11");
        equity(5, cash, money("1003.933"));

        bar(6, "11", "12", "10", "11");
        equity(6, cash, money("1003.933"));
        Order t2Exit = place(t2, "GRP_T2_EXIT", "ORD_T2_EXIT", Side::kBuy, "11", 6,
                             context({}, {}, {}), "schedule");
        cash = money("1003.912");
        t2.exitTs = day(6);
        t2.exitPrice = px("11.011");
        t2.pnl = money("0.957");
        t2.status = TradeStatus::kClosed;
        fill(t2Exit, t2, "FIL_T2_EXIT", 6, "11.011", position("0", "0", "3.952", "0.04", 6));
        equity(6, cash, cash);
    }

private:
    void bar(int d, const char* o, const char* h, const char* l, const char* c) {
        m_sink.write(BarRecord{Candle{syn(), MessageType::kCandle, kNoMetadata, day(d),
                                      *Timeframe::parse("1d"), px(o), px(h), px(l), px(c),
                                      Quantity::fromInt(1000)}});
    }

    void equity(int d, Money cash, Money value) { m_sink.write(EquityRecord{day(d), cash, value, syn()}); }

    PositionRecord position(const char* qty, const char* avg, const char* realized,
                            const char* fees, int d) {
        PositionRecord record;
        record.strategy = "ema_cross";
        record.symbol = syn();
        record.qty = *Quantity::parse(qty);
        record.avgPrice = px(avg);
        record.realizedPnl = money(realized);
        record.fees = money(fees);
        record.ts = day(d);
        return record;
    }

    TradeRecord newTrade(const std::string& id, const std::string& strategy, Side side) {
        TradeRecord trade;
        trade.tradeId = id;
        trade.strategy = strategy;
        trade.symbol = syn();
        trade.side = side;
        trade.qty = one();
        trade.seq = ++m_seq;
        m_sink.write(trade);
        return trade;
    }

    Order place(const TradeRecord& trade, const std::string& groupId, const std::string& id,
                Side side, const char* decision, int d, const QJsonObject& why,
                const std::string& originType = "candle") {
        m_sink.write(
            GroupRecord{groupId, trade.tradeId, side == trade.side ? "entry" : "exit", day(d)});
        Order order;
        order.id = id;
        order.tradeId = trade.tradeId;
        order.groupId = groupId;
        order.strategy = trade.strategy;
        order.symbol = syn();
        order.side = side;
        order.qty = one();
        order.decisionPrice = px(decision);
        order.createdTs = order.updatedTs = day(d);
        order.seq = ++m_seq;
        m_sink.write(OrderRecord{order});
        m_sink.write(JournalRecord{"order", day(d), id, {}, causality(originType, d, {id}), why});
        order.status = OrderStatus::kAccepted;
        m_sink.write(OrderRecord{order});
        return order;
    }

    void fill(Order& order, TradeRecord& trade, const std::string& fillId, int d, const char* price,
              const PositionRecord& after) {
        Fill fill;
        fill.id = fillId;
        fill.orderId = order.id;
        fill.ts = day(d);
        fill.price = px(price);
        fill.qty = one();
        fill.fee = money("0.01");
        fill.seq = ++m_seq;
        m_sink.write(after);
        trade.fees += fill.fee;
        if (order.side == trade.side) {
            trade.entryTs = fill.ts;
            trade.entryPrice = fill.price;
        }
        m_sink.write(trade);
        m_sink.write(FillRecord{fill});
        order.filled = fill.qty;
        order.status = OrderStatus::kFilled;
        order.updatedTs = fill.ts;
        m_sink.write(OrderRecord{order});
        m_sink.write(JournalRecord{"fill",
                                   fill.ts,
                                   order.id,
                                   fillId,
                                   causality("candle", d, {order.id}, {fillId}),
                                   QJsonObject{{QStringLiteral("fill_id"),
                                                QString::fromStdString(fillId)}}});
    }

    LedgerSink& m_sink;
    std::int64_t m_seq = 0;
};

}  // namespace storage_fixture
