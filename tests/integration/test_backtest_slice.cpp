#include <QFile>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "engine/runtime/session.h"
#include "engine/storage/run_reader.h"

using namespace causeway::engine;

namespace {

struct ExpectedTrade {
    const char* entryDate;
    const char* entryPrice;
    const char* exitDate;
    const char* exitPrice;
    const char* side;
    const char* pnl;
};

// From tests/tools/ema_cross_reference.py, an independent implementation of
// DESIGN.md's ema_cross rules, on resources/data/msft_daily.csv.
constexpr ExpectedTrade kDefaultTrades[] = {
    {"2001-01-22", "60.75", "2001-02-23", "54.4375", "long", "-6.3125"},
    {"2001-02-28", "59.5625", "2001-03-05", "57.25", "long", "-2.3125"},
    {"2001-03-07", "59.875", "2001-03-13", "52.1875", "long", "-7.6875"},
    {"2001-04-11", "60.65", "2001-06-26", "67.82", "long", "7.17"},
    {"2001-06-27", "69.86", "2001-07-09", "66.2", "long", "-3.66"},
    {"2001-07-17", "70.66", "2001-07-25", "66.26", "long", "-4.4"},
};

// fast=5 slow=20 allow_short=true: every cross reverses; the last short is
// closed by the end-of-data exit at the last close.
constexpr ExpectedTrade kReversingTrades[] = {
    {"2000-12-01", "58.0625", "2001-01-11", "53", "short", "5.0625"},
    {"2001-01-11", "53", "2001-02-15", "59", "long", "6"},
    {"2001-02-15", "59", "2001-03-02", "57.5", "short", "1.5"},
    {"2001-03-02", "57.5", "2001-03-05", "57.25", "long", "-0.25"},
    {"2001-03-05", "57.25", "2001-03-08", "60.3125", "short", "-3.0625"},
    {"2001-03-08", "60.3125", "2001-03-12", "54.6875", "long", "-5.625"},
    {"2001-03-12", "54.6875", "2001-03-28", "57.375", "short", "-2.6875"},
    {"2001-03-28", "57.375", "2001-03-30", "55.75", "long", "-1.625"},
    {"2001-03-30", "55.75", "2001-04-10", "57.95", "short", "-2.2"},
    {"2001-04-10", "57.95", "2001-06-18", "67.95", "long", "10"},
    {"2001-06-18", "67.95", "2001-06-28", "71.55", "short", "-3.6"},
    {"2001-06-28", "71.55", "2001-07-06", "68.3", "long", "-3.25"},
    {"2001-07-06", "68.3", "2001-07-16", "71.45", "short", "-3.15"},
    {"2001-07-16", "71.45", "2001-07-24", "67", "long", "-4.45"},
    {"2001-07-24", "67", "2001-09-27", "49.96", "short", "17.04"},
};

}  // namespace

class TestBacktestSlice final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    BacktestSummary run(const QString& name, std::map<std::string, std::string> params,
                        std::string feeBps = "0", std::string slippageBps = "0") {
        SessionConfig config;
        config.dataPath = CAUSEWAY_RESOURCE_DATA_DIR "/msft_daily.csv";
        config.params = std::move(params);
        config.dbPath = m_dir.filePath(name).toStdString();
        config.feeBps = std::move(feeBps);
        config.slippageBps = std::move(slippageBps);
        Session session(config);
        QSignalSpy finished(&session, &Session::finished);
        QSignalSpy failed(&session, &Session::failed);
        session.start();
        if (!finished.wait(60'000)) {
            qFatal("session did not finish: %s",
                   failed.isEmpty() ? "timeout" : qPrintable(failed.first().first().toString()));
        }
        return session.summary();
    }

    void compareTrades(const QString& db, const ExpectedTrade* expected, std::size_t count) {
        const RunReader reader(db.toStdString());
        const auto trades = reader.trades(true);
        QCOMPARE(trades.size(), count);
        for (std::size_t i = 0; i < count; ++i) {
            const auto& t = trades[i];
            const auto& e = expected[i];
            const QByteArray where = "trade " + QByteArray::number(qulonglong(i));
            QVERIFY2(formatIso8601(*t.entryTs).starts_with(e.entryDate), where);
            QVERIFY2(formatIso8601(*t.exitTs).starts_with(e.exitDate), where);
            QCOMPARE(t.entryPrice->toString(), std::string(e.entryPrice));
            QCOMPARE(t.exitPrice->toString(), std::string(e.exitPrice));
            QCOMPARE(t.side, std::string(e.side));
            QCOMPARE(t.pnl->toString(), std::string(e.pnl));
            QCOMPARE(t.orderIds.size(), std::size_t(2));
        }
    }

private Q_SLOTS:
    void defaultEmaCrossMatchesTheIndependentComputation() {
        const BacktestSummary s = run(QStringLiteral("default.sqlite"), {});
        compareTrades(m_dir.filePath(QStringLiteral("default.sqlite")), kDefaultTrades,
                      std::size(kDefaultTrades));
        QCOMPARE(s.bars, 249);
        QCOMPARE(s.trades, 6);
        QCOMPARE(s.orders, 12);
        QCOMPARE(s.fills, 12);
        QCOMPARE(s.netPnl.toString(), std::string("-17.2025"));
        QCOMPARE(s.winRate, 1.0 / 6.0);
        QCOMPARE(s.profitFactor, 7.17 / (6.3125 + 2.3125 + 7.6875 + 3.66 + 4.4));
        QCOMPARE(s.ledgerHash.size(), std::size_t(64));
    }

    void reversingEmaCrossClosesAtTheEndOfData() {
        run(QStringLiteral("reverse.sqlite"),
            {{"fast", "5"}, {"slow", "20"}, {"allow_short", "true"}});
        const QString db = m_dir.filePath(QStringLiteral("reverse.sqlite"));
        compareTrades(db, kReversingTrades, std::size(kReversingTrades));
        // the last exit was decided by the scheduler, not by a signal
        const RunReader reader(db.toStdString());
        const std::string lastExit = reader.trades(true).back().orderIds.back();
        const QJsonObject story = *reader.storyJson(lastExit);
        QCOMPARE(story[QStringLiteral("origin")].toObject()[QStringLiteral("type")].toString(),
                 QStringLiteral("schedule"));
        QCOMPARE(story[QStringLiteral("signals")].toArray().size(), 0);
        QCOMPARE(story[QStringLiteral("fills")]
                     .toArray()
                     .first()
                     .toObject()[QStringLiteral("price")]
                     .toDouble(),
                 49.96);
    }

    void identicalRunsHaveIdenticalLedgers() {
        const std::string a = run(QStringLiteral("a.sqlite"), {}).ledgerHash;
        const std::string b = run(QStringLiteral("b.sqlite"), {}).ledgerHash;
        const std::string other = run(QStringLiteral("c.sqlite"), {{"fast", "9"}}).ledgerHash;
        QCOMPARE(a, b);
        QVERIFY(a != other);
    }

    void storyLeadsFromTheBarToTheFill() {
        run(QStringLiteral("story.sqlite"), {});
        const RunReader reader(m_dir.filePath(QStringLiteral("story.sqlite")).toStdString());
        const auto orders = reader.orders();
        QCOMPARE(orders.size(), std::size_t(12));
        const QJsonObject story = *reader.storyJson(orders.front().orderId);

        QVERIFY(QString::fromStdString(orders.front().orderId)
                    .startsWith(QStringLiteral("ORD_20010119_000000_")));
        const QJsonObject origin = story[QStringLiteral("origin")].toObject();
        QCOMPARE(origin[QStringLiteral("type")].toString(), QStringLiteral("candle"));
        QCOMPARE(origin[QStringLiteral("timestamp")].toString(),
                 QStringLiteral("2001-01-19T00:00:00Z"));

        // the crossover with the EMA values that caused it (independently
        // computed: EMA seeded by the SMA of the first n closes)
        const QJsonArray signalList = story[QStringLiteral("signals")].toArray();
        QCOMPARE(signalList.size(), 1);
        const QJsonObject signal = signalList.first().toObject();
        QCOMPARE(signal[QStringLiteral("type")].toString(), QStringLiteral("ema_cross_up"));
        const QJsonObject evidence = signal[QStringLiteral("evidence")].toObject();
        QCOMPARE(evidence[QStringLiteral("fast_ema")].toDouble(), 53.796629165772096);
        QCOMPARE(evidence[QStringLiteral("slow_ema")].toDouble(), 52.955775328404464);
        QCOMPARE(evidence[QStringLiteral("prev_fast_ema")].toDouble(), 52.19588009149923);
        QCOMPARE(evidence[QStringLiteral("prev_slow_ema")].toDouble(), 52.401001213122015);
        QCOMPARE(evidence[QStringLiteral("close")].toDouble(), 61.0);

        const QJsonObject directive = story[QStringLiteral("directive")].toObject();
        QCOMPARE(directive[QStringLiteral("action")].toString(), QStringLiteral("open"));
        QCOMPARE(story[QStringLiteral("plans")].toObject().size(), 3);

        const QJsonObject causality = story[QStringLiteral("causality")].toObject();
        QCOMPARE(causality[QStringLiteral("signal_ids")].toArray().first().toString(),
                 signal[QStringLiteral("id")].toString());
        QCOMPARE(causality[QStringLiteral("directive_id")].toString(),
                 directive[QStringLiteral("id")].toString());
        QCOMPARE(causality[QStringLiteral("order_ids")].toArray().first().toString(),
                 QString::fromStdString(orders.front().orderId));

        const QJsonObject order = story[QStringLiteral("order")].toObject();
        QCOMPARE(order[QStringLiteral("side")].toString(), QStringLiteral("buy"));
        QCOMPARE(order[QStringLiteral("status")].toString(), QStringLiteral("filled"));
        QCOMPARE(order[QStringLiteral("decision_price")].toDouble(), 61.0);

        const QJsonArray fills = story[QStringLiteral("fills")].toArray();
        QCOMPARE(fills.size(), 1);
        const QJsonObject fill = fills.first().toObject();
        QCOMPARE(fill[QStringLiteral("time")].toString(), QStringLiteral("2001-01-22T00:00:00Z"));
        QCOMPARE(fill[QStringLiteral("price")].toDouble(), 60.75);
        QCOMPARE(fill[QStringLiteral("slippage")].toDouble(), -0.25);
        QCOMPARE(causality[QStringLiteral("fill_ids")].toArray().first().toString(),
                 fill[QStringLiteral("fill_id")].toString());
    }

    void journalsDecisionsNotToTrade() {
        run(QStringLiteral("journal.sqlite"), {});
        const RunReader reader(m_dir.filePath(QStringLiteral("journal.sqlite")).toStdString());
        int rejected = 0;
        for (const auto& entry : reader.journal()) {
            if (entry.kind == "decision_rejected") {
                ++rejected;
                QCOMPARE(
                    entry.context[QStringLiteral("rejection")]
                        .toObject()[QStringLiteral("reason")]
                        .toString(),
                    QStringLiteral("flat and short selling is not allowed (allow_short=false)"));
                QCOMPARE(entry.causality[QStringLiteral("signal_ids")].toArray().size(), 1);
            }
        }
        // long-only: the first cross of the run is downward while flat
        QVERIFY(rejected >= 1);
    }

    void anOrderDecidedAtTheLastCloseExpires() {
        // closes 10 9 8 7 6 5 9: with fast=2 slow=3 the only upward cross is
        // on the last bar, so its buy order has no next open to fill at
        QFile csv(m_dir.filePath(QStringLiteral("last_bar_cross.csv")));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("date,open,high,low,close,volume\n");
        int day = 1;
        for (const char* close : {"10", "9", "8", "7", "6", "5", "9"}) {
            csv.write(QStringLiteral("2024-01-%1,%2,%2,%2,%2,100\n")
                          .arg(day++, 2, 10, QLatin1Char('0'))
                          .arg(QLatin1String(close))
                          .toUtf8());
        }
        csv.close();
        SessionConfig config;
        config.dataPath = csv.fileName().toStdString();
        config.params = {{"fast", "2"}, {"slow", "3"}};
        config.dbPath = m_dir.filePath(QStringLiteral("expiry.sqlite")).toStdString();
        Session session(config);
        QSignalSpy finished(&session, &Session::finished);
        session.start();
        QVERIFY(finished.wait(30'000));
        QCOMPARE(session.summary().orders, 1);
        QCOMPARE(session.summary().fills, 0);
        QCOMPARE(session.summary().trades, 0);

        const RunReader reader(config.dbPath);
        const auto orders = reader.orders();
        QCOMPARE(orders.size(), std::size_t{1});
        QCOMPARE(orders[0].status, std::string("expired"));
        QCOMPARE(orders[0].side, std::string("buy"));
        QVERIFY(reader.fills().empty());
        const auto trades = reader.trades(false);
        QCOMPARE(trades.size(), std::size_t{1});
        QCOMPARE(trades[0].status, std::string("void"));
        QVERIFY(reader.trades(true).empty());
        bool journaled = false;
        for (const auto& entry : reader.journal()) {
            if (entry.kind == "order_expired") {
                journaled = true;
                QCOMPARE(entry.orderId.value_or(""), orders[0].orderId);
                QCOMPARE(entry.context[QStringLiteral("reason")].toString(),
                         QStringLiteral("end of data before the next bar"));
            }
        }
        QVERIFY(journaled);
    }

    void aStoppedPacedSessionClosesItsBooks() {
        SessionConfig config;
        config.dataPath = CAUSEWAY_RESOURCE_DATA_DIR "/msft_daily.csv";
        config.params = {{"fast", "2"}, {"slow", "3"}};
        config.dbPath = m_dir.filePath(QStringLiteral("paced.sqlite")).toStdString();
        config.barsPerSecond = 200;
        Session session(config);
        QSignalSpy progress(&session, &Session::progress);
        QSignalSpy finished(&session, &Session::finished);
        session.start();
        QTRY_VERIFY_WITH_TIMEOUT(progress.size() >= 40, 30'000);
        session.stop();
        QVERIFY(finished.wait(30'000));
        const BacktestSummary& s = session.summary();
        QVERIFY(s.cancelled);
        QVERIFY(s.bars >= 40 && s.bars < 249);
        const RunReader reader(config.dbPath);
        // no trade is left open: the end-of-data exit closed the position at
        // the last bar seen, and an entry decided on that bar expired (void)
        for (const auto& trade : reader.trades(false)) {
            QVERIFY2(trade.status == "closed" || trade.status == "void",
                     qPrintable(QString::fromStdString(trade.tradeId + " is " + trade.status)));
        }
        QVERIFY(!reader.trades(true).empty());
        QCOMPARE(static_cast<qint64>(reader.bars().size()), s.bars);
    }

    void destroyingARunningSessionIsSafe() {
        SessionConfig config;
        config.dataPath = CAUSEWAY_RESOURCE_DATA_DIR "/msft_daily.csv";
        config.dbPath = m_dir.filePath(QStringLiteral("destroyed.sqlite")).toStdString();
        config.barsPerSecond = 100;
        auto session = std::make_unique<Session>(config);
        QSignalSpy progress(session.get(), &Session::progress);
        session->start();
        QTRY_VERIFY_WITH_TIMEOUT(progress.size() >= 5, 30'000);
        session.reset();
        // what was written is a readable run
        const RunReader reader(config.dbPath);
        QVERIFY(reader.bars().size() >= 5);
    }

    void feesAndSlippageMatchAHandComputation() {
        run(QStringLiteral("costs.sqlite"), {}, "10", "5");
        const RunReader reader(m_dir.filePath(QStringLiteral("costs.sqlite")).toStdString());
        const TradeRow first = reader.trades(true).front();
        // entry: 60.75 * (1 + 5/10000) = 60.780375; exit: 54.4375 * (1 - 5/10000) = 54.41028125
        QCOMPARE(first.entryPrice->toString(), std::string("60.780375"));
        QCOMPARE(first.exitPrice->toString(), std::string("54.41028125"));
        // fees, 10 bp of each notional rounded to 8 decimals: 0.06078038 + 0.05441028
        QCOMPARE(first.fees.toString(), std::string("0.11519066"));
        // (54.41028125 - 60.780375) - 0.11519066
        QCOMPARE(first.pnl->toString(), std::string("-6.48528441"));
    }
};

QTEST_GUILESS_MAIN(TestBacktestSlice)
#include "test_backtest_slice.moc"
