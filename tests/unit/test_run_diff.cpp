#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

#include "engine/storage/run_diff.h"
#include "engine/storage/storage_error.h"
#include "engine/storage/storage_writer.h"
#include "test_storage_fixture.h"

using namespace causeway::engine;
using storage_fixture::causality;
using storage_fixture::day;
using storage_fixture::money;
using storage_fixture::px;
using storage_fixture::syn;

namespace {

// Two small runs of SYN, daily bars 2024-01-01 .. 04, qty 1, a fee of 0.01
// a fill. What differs between them is set by a Variant:
//
//   day  open close
//   1    10   10    ema_cross decides long (ema_cross_up, DIR_T1_ENTRY);
//                   breakout decides long (range_breakout, DIR_BRK), which
//                   a risk limit may block
//   2    11   12    T1 entry fills at the open (+ slippage); so does the
//                   breakout's TRD_BRK unless blocked (it stays open)
//   3    12   13    T1 exit decided (ema_cross_down)
//   4    14   13    T1 exit fills at the open (- slippage)
//
// Slippage 0: T1 buys 11, sells 14, pnl 14 - 11 - 0.02 = 2.98.
// Slippage 10 bp: T1 buys 11.011, sells 13.986, pnl 2.955; A - B:
//   entry_price -0.011, exit_price +0.014, pnl +0.025
//   entry slippage vs decision 10: 1000 vs 1011 bp -> -11
//   exit slippage vs decision 13 (sell): -1/13 vs -0.986/13 -> -0.014/13 * 1e4
//     = -10.769230769... bp
//   against arrival (the next open: 11 and 14): 0 vs 10 bp -> -10, both legs
struct Variant {
    bool slipped = false;         // 10 bp of slippage on every fill
    bool breakoutBlocked = true;  // the breakout decision hit max_position
};

QJsonObject why(const char* signal, const char* strategy, const char* side,
                const char* purpose = nullptr) {
    QJsonObject context{
        {QStringLiteral("signals"),
         QJsonArray{QJsonObject{{QStringLiteral("type"), QLatin1String(signal)},
                                {QStringLiteral("symbol"), QStringLiteral("SYN")},
                                {QStringLiteral("direction"), QLatin1String(side)}}}},
        {QStringLiteral("directive"),
         QJsonObject{{QStringLiteral("strategy"), QLatin1String(strategy)},
                     {QStringLiteral("side"), QLatin1String(side)}}}};
    if (purpose) {
        context[QStringLiteral("order")] =
            QJsonObject{{QStringLiteral("purpose"), QLatin1String(purpose)}};
    }
    return context;
}

CausalityChain chain(int d, const std::string& directiveId,
                     const std::vector<std::string>& orderIds) {
    CausalityChain c = causality("candle", d, orderIds);
    c.directiveId = directiveId;
    return c;
}

class DiffRunWriter final {
public:
    DiffRunWriter(LedgerSink& sink, Variant variant) : m_sink(sink), m_variant(variant) {}

    void write() {
        m_sink.write(RunInfoRecord{"initial_cash", "1000"});
        m_sink.write(RunInfoRecord{"slippage_bps", m_variant.slipped ? "10" : "0"});
        bar(1, "10", "10");
        TradeRecord t1 = trade("TRD_T1", "ema_cross");
        Order t1Entry = place(t1, "ORD_T1_ENTRY", Side::kBuy, "10", 1, "DIR_T1_ENTRY",
                              why("ema_cross_up", "ema_cross", "buy", "entry"));
        std::optional<Order> brkEntry;
        std::optional<TradeRecord> brk;
        if (m_variant.breakoutBlocked) {
            QJsonObject blocked = why("range_breakout", "breakout", "buy");
            blocked[QStringLiteral("risk_breaches")] =
                QJsonArray{QJsonObject{{QStringLiteral("rule"), QStringLiteral("max_position")},
                                       {QStringLiteral("message"), QStringLiteral("over 1")}}};
            m_sink.write(
                JournalRecord{"risk_blocked", day(1), {}, {}, chain(1, "DIR_BRK", {}), blocked});
        } else {
            brk = trade("TRD_BRK", "breakout");
            brkEntry = place(*brk, "ORD_BRK", Side::kBuy, "10", 1, "DIR_BRK",
                             why("range_breakout", "breakout", "buy", "entry"));
        }

        fill(t1Entry, t1, 2, at("11", "11.011"));
        if (brkEntry) {
            fill(*brkEntry, *brk, 2, at("11", "11.011"));
        }
        bar(2, "11", "12");
        bar(3, "12", "13");
        Order t1Exit = place(t1, "ORD_T1_EXIT", Side::kSell, "13", 3, "DIR_T1_EXIT",
                             why("ema_cross_down", "ema_cross", "sell", "exit"));
        t1.exitTs = day(4);
        t1.exitPrice = at("14", "13.986");
        t1.pnl = money(m_variant.slipped ? "2.955" : "2.98");  // exit - entry - 0.02
        t1.status = TradeStatus::kClosed;
        fill(t1Exit, t1, 4, *t1.exitPrice);
        bar(4, "14", "13");
    }

private:
    // A fill at `plain`, or at `slipped` in the run with slippage.
    Price at(const char* plain, const char* slipped) const {
        return px(m_variant.slipped ? slipped : plain);
    }

    void bar(int d, const char* open, const char* close) {
        const Price o = px(open), c = px(close);
        m_sink.write(BarRecord{Candle{syn(), MessageType::kCandle, kNoMetadata, day(d),
                                      *Timeframe::parse("1d"), o, std::max(o, c), std::min(o, c), c,
                                      Quantity::fromInt(1000)}});
    }

    TradeRecord trade(const std::string& id, const std::string& strategy) {
        TradeRecord t;
        t.tradeId = id;
        t.strategy = strategy;
        t.symbol = syn();
        t.qty = Quantity::fromInt(1);
        t.seq = ++m_seq;
        m_sink.write(t);
        return t;
    }

    Order place(const TradeRecord& trade, const std::string& id, Side side, const char* decision,
                int d, const std::string& directiveId, const QJsonObject& context) {
        const std::string groupId = "GRP_" + id;
        m_sink.write(
            GroupRecord{groupId, trade.tradeId, side == trade.side ? "entry" : "exit", day(d)});
        Order order;
        order.id = id;
        order.tradeId = trade.tradeId;
        order.groupId = groupId;
        order.strategy = trade.strategy;
        order.symbol = syn();
        order.side = side;
        order.qty = Quantity::fromInt(1);
        order.status = OrderStatus::kAccepted;
        order.decisionPrice = px(decision);
        order.createdTs = order.updatedTs = day(d);
        order.seq = ++m_seq;
        m_sink.write(OrderRecord{order});
        m_sink.write(JournalRecord{"order", day(d), id, {}, chain(d, directiveId, {id}), context});
        return order;
    }

    void fill(Order& order, TradeRecord& trade, int d, Price price) {
        const Fill f{.id = "FIL_" + order.id,
                     .orderId = order.id,
                     .ts = day(d),
                     .price = price,
                     .qty = order.qty,
                     .fee = money("0.01"),
                     .maker = false,
                     .seq = ++m_seq};
        trade.fees += f.fee;
        if (order.side == trade.side) {
            trade.entryTs = f.ts;
            trade.entryPrice = f.price;
        }
        m_sink.write(trade);
        m_sink.write(FillRecord{f});
        order.filled = f.qty;
        order.status = OrderStatus::kFilled;
        order.updatedTs = f.ts;
        m_sink.write(OrderRecord{order});
        m_sink.write(
            JournalRecord{"fill", f.ts, order.id, f.id, chain(d, {}, {order.id}), QJsonObject{}});
    }

    LedgerSink& m_sink;
    Variant m_variant;
    std::int64_t m_seq = 0;
};

const FieldDiff* field(const TradeDiff& trade, const std::string& name) {
    for (const auto& f : trade.differences) {
        if (f.field == name) {
            return &f;
        }
    }
    return nullptr;
}

bool near(double x, double y) {
    return std::abs(x - y) < 1e-9;
}

}  // namespace

// diffRuns() over two hand-written runs that differ in known ways.
class TestRunDiff final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    // A: no slippage, breakout blocked; B: 10 bp, breakout traded;
    // B2: 10 bp, breakout blocked; A2: A written again.
    std::string m_a, m_a2, m_b, m_b2;

    std::string writeRun(const char* name, Variant variant) {
        const std::string path = m_dir.filePath(QLatin1String(name)).toStdString();
        StorageWriter writer(path);
        DiffRunWriter(writer, variant).write();
        if (const auto error = writer.finish()) {
            qFatal("cannot write %s: %s", name, error->c_str());
        }
        return path;
    }

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(m_dir.isValid());
        m_a = writeRun("a.sqlite", {false, true});
        m_a2 = writeRun("a2.sqlite", {false, true});
        m_b = writeRun("b.sqlite", {true, false});
        m_b2 = writeRun("b2.sqlite", {true, true});
    }

    void matchesTradesByTheirCausalityChains() {
        const RunDiff diff = diffRuns(m_a, m_b);
        QCOMPARE(diff.tradesA, std::size_t{1});
        QCOMPARE(diff.tradesB, std::size_t{2});
        QCOMPARE(diff.matched.size(), std::size_t{1});
        QCOMPARE(diff.matched[0].a.trade.tradeId, std::string("TRD_T1"));
        QCOMPARE(diff.matched[0].b.trade.tradeId, std::string("TRD_T1"));
        QVERIFY(diff.matched[0].a.origin.has_value());
        QCOMPARE(diff.matched[0].a.origin->id, std::string("CDL_SYN_1d_1"));
        QCOMPARE(diff.matched[0].a.signals, std::vector<std::string>{"ema_cross_up"});
        QVERIFY(diff.onlyA.empty());
        QCOMPARE(diff.onlyB.size(), std::size_t{1});
        const TradeRow& brk = diff.onlyB[0].trade;
        QCOMPARE(brk.tradeId, std::string("TRD_BRK"));
        QCOMPARE(brk.status, std::string("open"));
        QCOMPARE(brk.entryPrice->toString(), std::string("11.011"));
        // B's breakout trade is still open: it has no pnl to add
        QCOMPARE(diff.netPnlA.toString(), std::string("2.98"));
        QCOMPARE(diff.netPnlB.toString(), std::string("2.955"));
        QVERIFY(!diff.agree());
    }

    void matchedTradeDiffersInFillPriceSlippageAndPnl() {
        const RunDiff diff = diffRuns(m_a, m_b);
        QCOMPARE(diff.differingTrades(), std::size_t{1});
        const TradeDiff& t = diff.matched[0];
        std::vector<std::string> fields;
        for (const auto& f : t.differences) {
            fields.push_back(f.field);
        }
        // qty, times and fees are the same in both runs
        QCOMPARE(fields, (std::vector<std::string>{
                             "entry_price", "exit_price", "entry_slippage_bps", "exit_slippage_bps",
                             "entry_arrival_slippage_bps", "exit_arrival_slippage_bps", "pnl"}));
        const FieldDiff* entry = field(t, "entry_price");
        QCOMPARE(entry->a, std::string("11"));
        QCOMPARE(entry->b, std::string("11.011"));
        QVERIFY(near(*entry->delta, -0.011));
        QVERIFY(near(*field(t, "exit_price")->delta, 0.014));
        const FieldDiff* pnl = field(t, "pnl");
        QCOMPARE(pnl->a, std::string("2.98"));
        QCOMPARE(pnl->b, std::string("2.955"));
        QVERIFY(near(*pnl->delta, 0.025));
        QVERIFY(near(*t.a.entrySlippageBps, 1000.0));
        QVERIFY(near(*t.b.entrySlippageBps, 1011.0));
        QVERIFY(near(*field(t, "entry_slippage_bps")->delta, -11.0));
        QVERIFY(near(*field(t, "exit_slippage_bps")->delta, -0.014 / 13 * 10'000));
        QVERIFY(near(*t.a.entryArrivalSlippageBps, 0.0));
        QVERIFY(near(*field(t, "entry_arrival_slippage_bps")->delta, -10.0));
        QVERIFY(near(*field(t, "exit_arrival_slippage_bps")->delta, -10.0));
    }

    void riskBlockInOneRunIsTheFirstDivergence() {
        const RunDiff diff = diffRuns(m_a, m_b);
        QVERIFY(diff.firstDivergence.has_value());
        const Divergence& d = *diff.firstDivergence;
        // before the fill prices part on day 2
        QCOMPARE(d.ts, day(1));
        QCOMPARE(d.kind, std::string("risk_blocked"));
        QCOMPARE(d.onlyIn, std::string("a"));
        QCOMPARE(d.strategy, std::string("breakout"));
        QCOMPARE(d.signals, std::vector<std::string>{"range_breakout"});
        QVERIFY2(d.reason.find("max_position: over 1") != std::string::npos, d.reason.c_str());
        QVERIFY2(d.reason.find("signal range_breakout") != std::string::npos, d.reason.c_str());
        QCOMPARE(d.a->journalKind, std::string("risk_blocked"));
        QCOMPARE(d.b->orderId, std::string("ORD_BRK"));
    }

    void fillPriceIsTheFirstDivergenceWhenBothBlock() {
        const RunDiff diff = diffRuns(m_a, m_b2);
        QVERIFY(diff.onlyB.empty());
        QVERIFY(diff.firstDivergence.has_value());
        const Divergence& d = *diff.firstDivergence;
        QCOMPARE(d.ts, day(2));
        QCOMPARE(d.kind, std::string("fill_price"));
        QVERIFY(d.onlyIn.empty());
        QCOMPARE(d.a->price->toString(), std::string("11"));
        QCOMPARE(d.b->price->toString(), std::string("11.011"));
        QCOMPARE(d.a->orderId, std::string("ORD_T1_ENTRY"));
        QVERIFY2(d.reason.find("fill price differs on the buy SYN entry order of signal "
                               "ema_cross_up: A 11, B 11.011") != std::string::npos,
                 d.reason.c_str());
    }

    void settingsThatDiffer() {
        const RunDiff diff = diffRuns(m_a, m_b);
        QCOMPARE(diff.settings.size(), std::size_t{1});
        QCOMPARE(diff.settings[0].key, std::string("slippage_bps"));
        QCOMPARE(diff.settings[0].a.value_or("-"), std::string("0"));
        QCOMPARE(diff.settings[0].b.value_or("-"), std::string("10"));
    }

    void identicalRunsAgree() {
        const RunDiff diff = diffRuns(m_a, m_a2);
        QVERIFY(diff.agree());
        QVERIFY(!diff.firstDivergence.has_value());
        QCOMPARE(diff.matched.size(), std::size_t{1});
        QVERIFY(diff.matched[0].differences.empty());
        QVERIFY(diff.settings.empty());
        const QJsonObject json = diff.toJson();
        QVERIFY(json[QStringLiteral("first_divergence")].isNull());
        QCOMPARE(json[QStringLiteral("agree")].toBool(), true);
        QCOMPARE(json[QStringLiteral("matched")].toInt(), 1);
        QVERIFY(json[QStringLiteral("trades")].toArray().isEmpty());
    }

    void jsonCarriesTheContract() {
        const QJsonObject json = diffRuns(m_a, m_b).toJson();
        QCOMPARE(json[QStringLiteral("matched")].toInt(), 1);
        QCOMPARE(json[QStringLiteral("only_a")].toInt(), 0);
        QCOMPARE(json[QStringLiteral("only_b")].toInt(), 1);
        QCOMPARE(json[QStringLiteral("agree")].toBool(), false);
        const QJsonObject first = json[QStringLiteral("first_divergence")].toObject();
        QCOMPARE(first[QStringLiteral("time")].toString(), QStringLiteral("2024-01-01T00:00:00Z"));
        QCOMPARE(first[QStringLiteral("kind")].toString(), QStringLiteral("risk_blocked"));
        QCOMPARE(first[QStringLiteral("only_in")].toString(), QStringLiteral("a"));
        QVERIFY(first[QStringLiteral("reason")].toString().contains(QLatin1String("max_position")));
        const QJsonArray trades = json[QStringLiteral("trades")].toArray();
        QCOMPARE(trades.size(), 1);
        const QJsonObject differences =
            trades[0].toObject()[QStringLiteral("differences")].toObject();
        const QJsonObject entry = differences[QStringLiteral("entry_price")].toObject();
        QCOMPARE(entry[QStringLiteral("a")].toDouble(), 11.0);
        QCOMPARE(entry[QStringLiteral("b")].toDouble(), 11.011);
        QVERIFY(near(entry[QStringLiteral("diff")].toDouble(), -0.011));
        QVERIFY(!differences.contains(QStringLiteral("qty")));
        const QJsonArray onlyB = json[QStringLiteral("only_b_trades")].toArray();
        QCOMPARE(onlyB[0].toObject()[QStringLiteral("trade_id")].toString(),
                 QStringLiteral("TRD_BRK"));
    }

    void aMissingRunNamesItsFile() {
        const std::string missing = m_dir.filePath(QStringLiteral("none.sqlite")).toStdString();
        try {
            diffRuns(m_a, missing);
            QFAIL("no StorageError");
        } catch (const StorageError& error) {
            QVERIFY2(std::string(error.what()).find(missing) != std::string::npos, error.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestRunDiff)
#include "test_run_diff.moc"
