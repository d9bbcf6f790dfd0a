#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include "engine/storage/run_analysis.h"
#include "engine/storage/run_reader.h"
#include "engine/storage/storage_writer.h"
#include "test_storage_fixture.h"

using namespace causeway::engine;
using storage_fixture::day;

namespace {

std::vector<std::string> orderIds(const std::vector<OrderRow>& rows) {
    std::vector<std::string> ids;
    for (const auto& row : rows) {
        ids.push_back(row.orderId);
    }
    return ids;
}

std::vector<std::string> tradeIds(const std::vector<TradeRow>& rows) {
    std::vector<std::string> ids;
    for (const auto& row : rows) {
        ids.push_back(row.tradeId);
    }
    return ids;
}

std::vector<std::string> fillIds(const std::vector<FillRow>& rows) {
    std::vector<std::string> ids;
    for (const auto& row : rows) {
        ids.push_back(row.fillId);
    }
    return ids;
}

using Ids = std::vector<std::string>;

// Figures of one group, as `analyze --json` prints them.
struct Expected {
    std::string key;
    int trades, wins, losses;
    double netPnl;
    int orders, fills;
    std::optional<double> slippage, arrival;
};

}  // namespace

// The read API over the hand-worked scenario of test_storage_fixture.h.
class TestStorageQueries final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::unique_ptr<RunReader> m_reader;

    void compareGroups(AnalysisKey by, const std::vector<Expected>& expected) {
        const RunAnalysis analysis = analyzeRun(*m_reader, by);
        QCOMPARE(analysis.groups.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            const GroupStats& g = analysis.groups[i];
            const Expected& e = expected[i];
            QCOMPARE(g.key, e.key);
            QCOMPARE(g.trades, std::int64_t{e.trades});
            QCOMPARE(g.wins, std::int64_t{e.wins});
            QCOMPARE(g.losses, std::int64_t{e.losses});
            QCOMPARE(g.netPnl.toDouble(), e.netPnl);
            QCOMPARE(g.orders, std::int64_t{e.orders});
            QCOMPARE(g.fills, std::int64_t{e.fills});
            QCOMPARE(g.avgSlippageBps().has_value(), e.slippage.has_value());
            if (e.slippage) {
                QVERIFY2(std::abs(*g.avgSlippageBps() - *e.slippage) < 1e-9, e.key.c_str());
            }
            QCOMPARE(g.avgArrivalSlippageBps().has_value(), e.arrival.has_value());
            if (e.arrival) {
                QVERIFY2(std::abs(*g.avgArrivalSlippageBps() - *e.arrival) < 1e-9, e.key.c_str());
            }
        }
    }

private Q_SLOTS:
    void initTestCase() {
        const std::string file = m_dir.filePath(QStringLiteral("run.sqlite")).toStdString();
        StorageWriter writer(file);
        storage_fixture::ScenarioWriter(writer).write();
        QVERIFY(!writer.finish());
        m_reader = std::make_unique<RunReader>(file);
    }

    void listsOrdersByFilter() {
        const RunReader& r = *m_reader;
        QCOMPARE(orderIds(r.listOrders({})), (Ids{"ORD_T1_ENTRY", "ORD_T3_ENTRY", "ORD_T1_EXIT",
                                                  "ORD_T2_ENTRY", "ORD_T2_EXIT"}));
        QCOMPARE(orderIds(r.listOrders({.strategy = "mean_reversion"})), Ids{"ORD_T3_ENTRY"});
        QCOMPARE(orderIds(r.listOrders({.status = "rejected"})), Ids{"ORD_T3_ENTRY"});
        QCOMPARE(orderIds(r.listOrders({.side = "sell"})), (Ids{"ORD_T1_EXIT", "ORD_T2_ENTRY"}));
        // [from, to) on the creation time
        QCOMPARE(orderIds(r.listOrders({.from = day(2), .to = day(4)})),
                 (Ids{"ORD_T3_ENTRY", "ORD_T1_EXIT"}));
        QCOMPARE(orderIds(r.listOrders({.symbol = "SYN",
                                        .strategy = "ema_cross",
                                        .status = "filled",
                                        .side = "buy",
                                        .from = day(6)})),
                 Ids{"ORD_T2_EXIT"});
        QVERIFY(r.listOrders({.symbol = "OTHER"}).empty());
    }

    void listsTradesAndFillsByFilter() {
        const RunReader& r = *m_reader;
        QCOMPARE(tradeIds(r.listTrades({})), (Ids{"TRD_T1", "TRD_T3", "TRD_T2"}));
        QCOMPARE(tradeIds(r.listTrades({.status = "closed"})), (Ids{"TRD_T1", "TRD_T2"}));
        QCOMPARE(tradeIds(r.listTrades({.status = "void"})), Ids{"TRD_T3"});
        QCOMPARE(tradeIds(r.listTrades({.side = "short"})), Ids{"TRD_T2"});
        // by entry time; a trade that never entered has none
        QCOMPARE(tradeIds(r.listTrades({.from = day(1)})), (Ids{"TRD_T1", "TRD_T2"}));
        QCOMPARE(tradeIds(r.listTrades({.from = day(3), .to = day(6)})), Ids{"TRD_T2"});

        QCOMPARE(fillIds(r.listFills({})),
                 (Ids{"FIL_T1_ENTRY", "FIL_T1_EXIT", "FIL_T2_ENTRY", "FIL_T2_EXIT"}));
        QCOMPARE(fillIds(r.listFills({.side = "buy"})), (Ids{"FIL_T1_ENTRY", "FIL_T2_EXIT"}));
        QCOMPARE(fillIds(r.listFills({.from = day(4), .to = day(6)})),
                 (Ids{"FIL_T1_EXIT", "FIL_T2_ENTRY"}));
        QVERIFY(r.listFills({.strategy = "mean_reversion"}).empty());

        QCOMPARE(tradesJsonIds(r.tradesJson({.status = "closed", .side = "long"})), Ids{"TRD_T1"});
        QCOMPARE(tradesJsonIds(r.tradesJson()), (Ids{"TRD_T1", "TRD_T2"}));
    }

    void refusesFilterValuesAListingCannotHold() {
        const auto message = [](const auto& call) {
            try {
                call();
            } catch (const std::invalid_argument& error) {
                return std::string(error.what());
            }
            return std::string("accepted");
        };
        const RunReader& r = *m_reader;
        QCOMPARE(message([&] { r.listOrders({.status = "closed"}); }),
                 std::string("invalid status 'closed' for orders: expected one of new, accepted, "
                             "partially_filled, filled, cancelled, rejected, expired"));
        QCOMPARE(message([&] { r.listTrades({.side = "buy"}); }),
                 std::string("invalid side 'buy' for trades: expected one of long, short"));
        QCOMPARE(message([&] { r.listFills({.status = "filled"}); }),
                 std::string("fills have no status to filter by"));
    }

    // Arrival: the next bar's open after the order was placed; the close of
    // its own bar when it filled in that instant; the next open also for an
    // order that never filled.
    void arrivalPrices() {
        const auto prices = m_reader->arrivalPrices();
        const std::map<std::string, std::string> expected{
            {"ORD_T1_ENTRY", "11"}, {"ORD_T1_EXIT", "14"},  {"ORD_T2_ENTRY", "12"},
            {"ORD_T2_EXIT", "11"},  {"ORD_T3_ENTRY", "12"},
        };
        QCOMPARE(prices.size(), expected.size());
        for (const auto& [id, price] : expected) {
            QCOMPARE(prices.at(id).toString(), price);
            QCOMPARE(m_reader->arrivalPrice(id)->toString(), price);
        }
        QVERIFY(!m_reader->arrivalPrice("ORD_NONE"));
    }

    void storyHasSlippageAgainstDecisionAndArrival() {
        const QJsonObject story = *m_reader->storyJson("ORD_T1_EXIT");
        const QJsonObject order = story[QStringLiteral("order")].toObject();
        QCOMPARE(order[QStringLiteral("decision_price")].toDouble(), 13.0);
        QCOMPARE(order[QStringLiteral("arrival_price")].toDouble(), 14.0);
        const QJsonObject fill = story[QStringLiteral("fills")].toArray().first().toObject();
        QCOMPARE(fill[QStringLiteral("price")].toDouble(), 13.986);
        // a sell 0.986 above its decision price gained the trader 758.46 bp
        QCOMPARE(fill[QStringLiteral("slippage_bps")].toDouble(), (13.0 - 13.986) / 13.0 * 1e4);
        QCOMPARE(fill[QStringLiteral("arrival_price")].toDouble(), 14.0);
        QCOMPARE(fill[QStringLiteral("arrival_slippage_bps")].toDouble(),
                 (14.0 - 13.986) / 14.0 * 1e4);

        const QJsonObject never = *m_reader->storyJson("ORD_T3_ENTRY");
        QVERIFY(never[QStringLiteral("fills")].toArray().isEmpty());
        QCOMPARE(never[QStringLiteral("order")].toObject()[QStringLiteral("arrival_price")],
                 QJsonValue(12.0));
        QVERIFY(!m_reader->storyJson("ORD_NONE"));
    }

    void ordersCarryTheirCause() {
        const auto causes = m_reader->orderCauses();
        QCOMPARE(causes.size(), std::size_t{5});
        const OrderCause& entry = causes[0];
        QCOMPARE(entry.orderId, std::string("ORD_T1_ENTRY"));
        QCOMPARE(entry.originType, std::optional<std::string>("candle"));
        QCOMPARE(entry.originId, std::optional<std::string>("CDL_SYN_1d_1"));
        QCOMPARE(entry.regime, std::optional<std::string>("trending"));
        QCOMPARE(entry.algorithm, std::optional<std::string>("market"));
        QCOMPARE(entry.signalTypes, std::optional<Ids>(Ids{"ema_cross_up"}));
        QCOMPARE(causes[2].algorithm, std::optional<std::string>("limit"));  // the order's own
        QCOMPARE(causes[3].signalTypes,
                 std::optional<Ids>((Ids{"volume_spike", "ema_cross_down"})));
        const OrderCause& scheduled = causes[4];
        QCOMPARE(scheduled.originType, std::optional<std::string>("schedule"));
        QCOMPARE(scheduled.regime, std::nullopt);
        QCOMPARE(scheduled.algorithm, std::nullopt);
        QCOMPARE(scheduled.signalTypes, std::optional<Ids>(Ids{}));
    }

    void analyzesByOrigin() {
        // trades by the cause of their entry; orders and fills by their own
        compareGroups(AnalysisKey::kOrigin, {{"candle", 2, 2, 0, 3.912, 4, 3, 1031.0 / 3, 10.0},
                                             {"schedule", 0, 0, 0, 0.0, 1, 1, 10.0, 10.0}});
        const GroupStats total = analyzeRun(*m_reader, AnalysisKey::kOrigin).total;
        QCOMPARE(total.trades, std::int64_t{2});
        QCOMPARE(total.netPnl.toString(), std::string("3.912"));
        QCOMPARE(*total.winRate(), 1.0);
        QCOMPARE(*total.expectancy(), 1.956);
        QVERIFY(std::abs(*total.avgSlippageBps() - 1041.0 / 4) < 1e-9);
    }

    void analyzesBySignalCombination() {
        // the sorted set of the decision's signal types; none for a
        // scheduled exit
        compareGroups(AnalysisKey::kSignal,
                      {{"ema_cross_down", 0, 0, 0, 0.0, 1, 1, -9860.0 / 13, 10.0},
                       {"ema_cross_down+volume_spike", 1, 1, 0, 0.957, 1, 1, 10120.0 / 13, 10.0},
                       {"ema_cross_up", 1, 1, 0, 2.955, 1, 1, 1011.0, 10.0},
                       {"none", 0, 0, 0, 0.0, 1, 1, 10.0, 10.0},
                       {"rsi_oversold", 0, 0, 0, 0.0, 1, 0, std::nullopt, std::nullopt}});
    }

    void analyzesByAlgorithmRegimeAndStrategy() {
        compareGroups(AnalysisKey::kAlgorithm, {{"limit", 0, 0, 0, 0.0, 1, 1, -9860.0 / 13, 10.0},
                                                {"market", 1, 1, 0, 2.955, 2, 1, 1011.0, 10.0},
                                                {"twap", 1, 1, 0, 0.957, 1, 1, 10120.0 / 13, 10.0},
                                                {"unknown", 0, 0, 0, 0.0, 1, 1, 10.0, 10.0}});
        compareGroups(AnalysisKey::kRegime,
                      {{"ranging", 0, 0, 0, 0.0, 2, 1, -9860.0 / 13, 10.0},
                       {"trending", 1, 1, 0, 2.955, 1, 1, 1011.0, 10.0},
                       {"unknown", 0, 0, 0, 0.0, 1, 1, 10.0, 10.0},
                       {"volatile", 1, 1, 0, 0.957, 1, 1, 10120.0 / 13, 10.0}});
        compareGroups(AnalysisKey::kStrategy,
                      {{"ema_cross", 2, 2, 0, 3.912, 4, 4, 1041.0 / 4, 10.0},
                       {"mean_reversion", 0, 0, 0, 0.0, 1, 0, std::nullopt, std::nullopt}});
    }

    void analysisJson() {
        const QJsonObject json = analyzeRun(*m_reader, AnalysisKey::kOrigin).toJson();
        QCOMPARE(json[QStringLiteral("by")].toString(), QStringLiteral("origin"));
        const QJsonObject schedule = json[QStringLiteral("groups")].toArray().at(1).toObject();
        QCOMPARE(schedule[QStringLiteral("key")].toString(), QStringLiteral("schedule"));
        QVERIFY(schedule[QStringLiteral("win_rate")].isNull());
        QVERIFY(schedule[QStringLiteral("expectancy")].isNull());
        QCOMPARE(schedule[QStringLiteral("avg_slippage_bps")].toDouble(), 10.0);
        QCOMPARE(json[QStringLiteral("total")].toObject()[QStringLiteral("trades")].toInt(), 2);
        QCOMPARE(parseAnalysisKey("regime"), std::optional(AnalysisKey::kRegime));
        QCOMPARE(parseAnalysisKey("venue"), std::nullopt);
    }

private:
    static Ids tradesJsonIds(const QJsonArray& array) {
        Ids ids;
        for (const auto& value : array) {
            ids.push_back(value.toObject()[QStringLiteral("trade_id")].toString().toStdString());
        }
        return ids;
    }
};

QTEST_APPLESS_MAIN(TestStorageQueries)
#include "test_storage_queries.moc"
