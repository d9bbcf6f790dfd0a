#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>

#include "engine/runtime/session.h"
#include "engine/storage/run_reader.h"
#include "engine/strategy/strategy_registry.h"

using namespace causeway::engine;

namespace {

struct Bar {
    const char* open;
    const char* high;
    const char* low;
    const char* close;
};

struct ExpectedTrade {
    const char* side;
    const char* qty;
    const char* entryDate;
    const char* entryPrice;
    const char* exitDate;
    const char* exitPrice;
    const char* pnl;
};

}  // namespace

// Every built-in strategy on a short bar sequence whose trades are worked
// out by hand in the comments, then on real data.
class TestStrategies final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    // Daily bars from 2024-01-01, volume 1000 each.
    QString writeBars(const QString& name, const std::vector<Bar>& bars) {
        QFile file(m_dir.filePath(name));
        if (!file.open(QIODevice::WriteOnly)) {
            qFatal("cannot write %s", qPrintable(name));
        }
        file.write("date,open,high,low,close,volume\n");
        int day = 1;
        for (const Bar& bar : bars) {
            file.write(QStringLiteral("2024-01-%1,%2,%3,%4,%5,1000\n")
                           .arg(day++, 2, 10, QLatin1Char('0'))
                           .arg(QLatin1String(bar.open), QLatin1String(bar.high),
                                QLatin1String(bar.low), QLatin1String(bar.close))
                           .toUtf8());
        }
        return file.fileName();
    }

    std::string run(const std::string& strategy, const QString& data, const ParamMap& params,
                    const QString& db, SessionConfig config = {}) {
        config.dataPath = data.toStdString();
        config.strategy = strategy;
        config.params = params;
        config.dbPath = m_dir.filePath(db).toStdString();
        Session session(config);
        QSignalSpy finished(&session, &Session::finished);
        QSignalSpy failed(&session, &Session::failed);
        session.start();
        if (!finished.wait(60'000)) {
            qFatal("%s did not finish: %s", strategy.c_str(),
                   failed.isEmpty() ? "timeout" : qPrintable(failed.first().first().toString()));
        }
        return config.dbPath;
    }

    static void compareTrades(const std::string& db, const std::vector<ExpectedTrade>& expected) {
        const RunReader reader(db);
        const auto trades = reader.trades(true);
        QCOMPARE(trades.size(), expected.size());
        for (std::size_t i = 0; i < expected.size(); ++i) {
            const auto& t = trades[i];
            const auto& e = expected[i];
            QCOMPARE(QString::fromStdString(t.side), QLatin1String(e.side));
            QCOMPARE(t.qty, *Quantity::parse(e.qty));
            QCOMPARE(QString::fromStdString(formatIso8601(*t.entryTs)).left(10),
                     QLatin1String(e.entryDate));
            QCOMPARE(*t.entryPrice, *Price::parse(e.entryPrice));
            QCOMPARE(QString::fromStdString(formatIso8601(*t.exitTs)).left(10),
                     QLatin1String(e.exitDate));
            QCOMPARE(*t.exitPrice, *Price::parse(e.exitPrice));
            QCOMPARE(*t.pnl, *Money::parse(e.pnl));
        }
    }

    // `causeway-cli story --db DB --order ID --json`, parsed.
    static QJsonObject cliStory(const std::string& db, const std::string& orderId) {
        QProcess process;
        process.start(
            QStringLiteral(CAUSEWAY_CLI_PATH),
            {QStringLiteral("story"), QStringLiteral("--db"), QString::fromStdString(db),
             QStringLiteral("--order"), QString::fromStdString(orderId), QStringLiteral("--json")});
        if (!process.waitForFinished(60'000) || process.exitCode() != 0) {
            qFatal("causeway-cli story failed: %s", process.readAllStandardError().constData());
        }
        return QJsonDocument::fromJson(process.readAllStandardOutput()).object();
    }

    // Every order's story, as `causeway-cli story --order ID --json` tells
    // it: its origin; its signals (none only for a scheduled exit); its risks,
    // a list even when empty; the regime; the directive and the entry, size
    // and exit plans, which its chain names too. `cliOrders`: how many orders
    // to ask the CLI about (one process each); the reader, which the CLI
    // prints, answers for the rest.
    static void checkStories(const std::string& db, std::size_t cliOrders = 1000) {
        const RunReader reader(db);
        const auto orders = reader.orders();
        QVERIFY(!orders.empty());
        for (std::size_t i = 0; i < orders.size(); ++i) {
            const auto& order = orders[i];
            const QJsonObject story =
                i < cliOrders ? cliStory(db, order.orderId) : *reader.storyJson(order.orderId);
            QCOMPARE(story[QStringLiteral("order_id")].toString(),
                     QString::fromStdString(order.orderId));
            const QJsonObject origin = story[QStringLiteral("origin")].toObject();
            QVERIFY(!origin[QStringLiteral("id")].toString().isEmpty());
            QVERIFY(origin[QStringLiteral("timestamp")].toString().endsWith(QLatin1Char('Z')));
            const bool scheduled =
                origin[QStringLiteral("type")].toString() == QStringLiteral("schedule");
            QVERIFY(scheduled ||
                    origin[QStringLiteral("type")].toString() == QStringLiteral("candle"));
            QVERIFY(story[QStringLiteral("signals")].isArray());
            QCOMPARE(story[QStringLiteral("signals")].toArray().isEmpty(), scheduled);
            QVERIFY(story[QStringLiteral("risks")].isArray());
            QVERIFY(!story[QStringLiteral("context")]
                         .toObject()[QStringLiteral("regime")]
                         .toObject()[QStringLiteral("regime")]
                         .toString()
                         .isEmpty());

            const QJsonObject chain = story[QStringLiteral("causality")].toObject();
            const QJsonObject directive = story[QStringLiteral("directive")].toObject();
            QVERIFY(directive[QStringLiteral("id")].toString().startsWith(QStringLiteral("DIR_")));
            QCOMPARE(directive[QStringLiteral("id")].toString(),
                     chain[QStringLiteral("directive_id")].toString());
            QStringList planIds;
            for (const char* plan : {"entry", "size", "exit"}) {
                planIds.append(story[QStringLiteral("plans")]
                                   .toObject()[QLatin1String(plan)]
                                   .toObject()[QStringLiteral("id")]
                                   .toString());
                QVERIFY2(planIds.back().startsWith(QStringLiteral("PLN_")), plan);
            }
            QStringList chainPlans;
            for (const auto& id : chain[QStringLiteral("plan_ids")].toArray()) {
                chainPlans.append(id.toString());
            }
            QCOMPARE(chainPlans, planIds);
            QCOMPARE(chain[QStringLiteral("risk_ids")].toArray().size(),
                     story[QStringLiteral("risks")].toArray().size());
            QVERIFY(chain[QStringLiteral("order_ids")].toArray().contains(
                QString::fromStdString(order.orderId)));
        }
    }

    // Closes 10 11 10 11 10 7 6.5 9 10.5 10 11 10; RSI(2) and Bollinger(3, 1)
    // of those closes (TA-Lib conventions) on the bars that matter:
    //   bar 6  close 7    < lower 7.634, RSI 9.38 < 30   -> long signal
    //   bar 8  close 9    >= middle 7.5 while long       -> exit
    //   bar 9  close 10.5 > upper 10.317, RSI 82.87 > 70 -> short signal
    //   bar 11 close 11   > upper 10.908, RSI 81.16      -> short signal (already short)
    //   bar 12 close 10   <= middle 10.333 while short   -> exit, no bar left: expires,
    //                                                       the end-of-data exit closes
    QString meanReversionBars() {
        return writeBars(QStringLiteral("mean_reversion.csv"), {{"10", "10.1", "9.9", "10"},
                                                                {"10", "11.1", "9.9", "11"},
                                                                {"11", "11.1", "9.9", "10"},
                                                                {"10", "11.1", "9.9", "11"},
                                                                {"11", "11.1", "9.9", "10"},
                                                                {"9", "9.1", "6.9", "7"},
                                                                {"6.8", "6.9", "6.4", "6.5"},
                                                                {"6.6", "9.1", "6.5", "9"},
                                                                {"9.2", "10.6", "9.1", "10.5"},
                                                                {"10.4", "10.5", "9.9", "10"},
                                                                {"10.1", "11.1", "10", "11"},
                                                                {"10.9", "11", "9.9", "10"}});
    }

    // channel 3, ATR(1) = the bar's true range, stop 1 ATR, target 2 R:
    //   bar 4  close 12.5 > 11 (high of bars 1-3); TR 3: stop 9.5, target 18.5
    //   bar 5  entry fills at the open, 13
    //   bar 6  high 19 >= 18.5: target -> exit at bar 7's open, 17   (+4)
    //   bar 9  close 19.5 > 19 (high of bars 6-8); TR 3.5: stop 16, target 26.5
    //   bar 10 entry fills at the open, 19.5
    //   bar 11 low 15.5 <= 16: stop -> exit at bar 12's open, 16     (-3.5)
    QString breakoutBars() {
        return writeBars(QStringLiteral("breakout.csv"), {{"10", "11", "9", "10"},
                                                          {"10", "11", "9", "10"},
                                                          {"10", "11", "9", "10"},
                                                          {"10", "13", "10", "12.5"},
                                                          {"13", "14", "12", "13"},
                                                          {"13", "19", "13", "18"},
                                                          {"17", "17", "16", "16.5"},
                                                          {"16.5", "17", "16", "16.5"},
                                                          {"16.5", "20", "16.5", "19.5"},
                                                          {"19.5", "20", "19", "19.5"},
                                                          {"19", "19", "15.5", "16"},
                                                          {"16", "16.5", "15.5", "16"}});
    }

    // htf_factor 2 (two-day bars; 2024-01-01 ends the bucket opened on
    // 2023-12-31, so the higher bars complete on Jan 1, 3, 5, ...), their
    // EMA(2) as the trend; EMA(2) against EMA(3) of the daily closes
    // 10 11 12 13 12 11 12 13 14 13 12 11 10 11 12 13 12 11 as the trigger:
    //   Jan 6  cross down while flat: no shorts                -> rejected
    //   Jan 7  cross up, trend up (12 > 11.889)                -> long at Jan 8's open 12.5
    //   Jan 11 cross down while long (trend down by now)       -> exit at Jan 12's open 10.5
    //   Jan 15 cross up, trend up (12 > 11.6)                  -> long at Jan 16's open 12.5
    //   Jan 18 cross down against the up trend: the exit is allowed but, on the last
    //          bar, expires; the end-of-data exit closes at 11
    QString confluenceBars() {
        std::vector<Bar> bars;
        static const char* const kRows[][4] = {
            {"9.5", "10.2", "9.3", "10"},   {"10.5", "11.2", "10.3", "11"},
            {"11.5", "12.2", "11.3", "12"}, {"12.5", "13.2", "12.3", "13"},
            {"11.5", "12.2", "11.3", "12"}, {"10.5", "11.2", "10.3", "11"},
            {"11.5", "12.2", "11.3", "12"}, {"12.5", "13.2", "12.3", "13"},
            {"13.5", "14.2", "13.3", "14"}, {"12.5", "13.2", "12.3", "13"},
            {"11.5", "12.2", "11.3", "12"}, {"10.5", "11.2", "10.3", "11"},
            {"9.5", "10.2", "9.3", "10"},   {"10.5", "11.2", "10.3", "11"},
            {"11.5", "12.2", "11.3", "12"}, {"12.5", "13.2", "12.3", "13"},
            {"11.5", "12.2", "11.3", "12"}, {"10.5", "11.2", "10.3", "11"},
        };
        for (const auto& row : kRows) {
            bars.push_back({row[0], row[1], row[2], row[3]});
        }
        return writeBars(QStringLiteral("confluence.csv"), bars);
    }

    // swing strength 1 (a swing is confirmed by one bar on each side):
    //   bar 2  high 11 above bars 1 and 3: swing high, confirmed on bar 3
    //   bar 5  close 11.4 > 11: bullish break of structure, setup armed
    //   bar 6  bars 4-6 leave a bullish gap [10.6, 11.4] (bar 6's low over bar 4's high)
    //   bar 7  low 11.5 stays above the gap
    //   bar 8  low 11.2 trades into the gap, close 11.9 holds it: retest -> long at
    //          bar 9's open, 12 (bar 8's low 11.2 is also the newest swing low)
    //   bar 11 close 9.9 < 11.2: change of character against the long -> exit at
    //          bar 12's open, 9.9
    QString structureBars() {
        return writeBars(QStringLiteral("structure.csv"), {{"10", "10.5", "9.5", "10"},
                                                           {"10", "11", "9.8", "10.8"},
                                                           {"10.8", "10.9", "10.2", "10.4"},
                                                           {"10.4", "10.6", "10", "10.3"},
                                                           {"10.5", "11.5", "10.4", "11.4"},
                                                           {"11.5", "12.5", "11.4", "12.4"},
                                                           {"12.4", "12.8", "11.5", "12.6"},
                                                           {"12.5", "12.6", "11.2", "11.9"},
                                                           {"12", "12.3", "11.8", "12.2"},
                                                           {"12.2", "12.4", "11.9", "12"},
                                                           {"12", "12.1", "9.8", "9.9"},
                                                           {"9.9", "10", "9.5", "9.7"}});
    }

    // fast 2, slow 3: EMAs of the closes 10 10 10 12 14 13 11 9 10 12 13
    // (TA-Lib: seeded by the mean of the first n closes):
    //   bar   close  EMA(2)   EMA(3)
    //   3     10     10       10
    //   4     12     11.333   11       cross up   -> long at bar 5's open, 12.5
    //   5     14     13.111   12.5
    //   6     13     13.037   12.75
    //   7     11     11.679   11.875   cross down -> exit (or reverse) at bar 8's open, 12
    //   8     9      9.893    10.438
    //   9     10     9.964    10.219
    //   10    12     11.321   11.109   cross up   -> long at bar 11's open, 12.2
    //   11    13     12.440   12.055   last bar: the end-of-data exit at its close, 13
    QString emaCrossBars() {
        return writeBars(QStringLiteral("ema_cross.csv"), {{"10", "10.5", "9.5", "10"},
                                                           {"10", "10.5", "9.5", "10"},
                                                           {"10", "10.5", "9.5", "10"},
                                                           {"10", "12.5", "9.8", "12"},
                                                           {"12.5", "14.5", "12.2", "14"},
                                                           {"14", "14.2", "12.8", "13"},
                                                           {"13", "13.1", "10.8", "11"},
                                                           {"12", "12.1", "8.8", "9"},
                                                           {"9", "10.2", "8.9", "10"},
                                                           {"10", "12.1", "9.9", "12"},
                                                           {"12.2", "13.2", "12", "13"}});
    }

    // `context[contextKey][field]` of each journal entry of `kind`, as text.
    static QStringList journalFields(const std::string& db, const std::string& kind,
                                     const char* contextKey, const char* field) {
        QStringList values;
        for (const auto& entry : RunReader(db).journal()) {
            if (entry.kind == kind) {
                values.append(entry.context[QLatin1String(contextKey)]
                                  .toObject()[QLatin1String(field)]
                                  .toVariant()
                                  .toString());
            }
        }
        return values;
    }

private Q_SLOTS:
    void emaCrossFollowsTheCrosses() {
        const auto db = run("ema_cross", emaCrossBars(), {{"fast", "2"}, {"slow", "3"}},
                            QStringLiteral("ema_long.sqlite"));
        compareTrades(db, {{"long", "1", "2024-01-05", "12.5", "2024-01-08", "12", "-0.5"},
                           {"long", "1", "2024-01-11", "12.2", "2024-01-11", "13", "0.8"}});
        checkStories(db);

        const auto reversing =
            run("ema_cross", emaCrossBars(),
                {{"fast", "2"}, {"slow", "3"}, {"qty", "2"}, {"allow_short", "true"}},
                QStringLiteral("ema_short.sqlite"));
        compareTrades(reversing, {{"long", "2", "2024-01-05", "12.5", "2024-01-08", "12", "-1"},
                                  {"short", "2", "2024-01-08", "12", "2024-01-11", "12.2", "-0.4"},
                                  {"long", "2", "2024-01-11", "12.2", "2024-01-11", "13", "1.6"}});
        checkStories(reversing);
    }

    // The breakout bars with limit entries 1% below the decision close:
    //   bar 4  signal at 12.5: buy limit 12.375; bar 5 opens at 13, its low 12 trades
    //          through -> filled at the limit
    //   bar 6  target -> market exit at bar 7's open, 17                   (+4.625)
    //   bar 9  signal at 19.5: buy limit 19.305; bar 10's low 19 trades through
    //   bar 11 stop -> market exit at bar 12's open, 16                    (-3.305)
    // With the limit 10% below: bar 4's limit 11.25 is not reached on bar 5 and
    // expires; bar 6 closes at 18 above the channel (14): limit 16.2, bar 7's low
    // 16 fills it; stop 12 and target 30 are never reached: the end-of-data exit
    // sells at the last close, 16.
    void breakoutEntersWithLimits() {
        const ParamMap params{{"channel", "3"},       {"atr", "1"},
                              {"stop_atr", "1"},      {"target_r", "2"},
                              {"execution", "limit"}, {"limit_offset_bps", "100"}};
        const auto db = run("breakout", breakoutBars(), params, QStringLiteral("limit.sqlite"));
        compareTrades(db, {{"long", "1", "2024-01-05", "12.375", "2024-01-07", "17", "4.625"},
                           {"long", "1", "2024-01-10", "19.305", "2024-01-12", "16", "-3.305"}});
        QStringList types;
        for (const auto& order : RunReader(db).orders()) {
            types.append(QString::fromStdString(order.type));
        }
        QCOMPARE(types, (QStringList{QStringLiteral("limit"), QStringLiteral("market"),
                                     QStringLiteral("limit"), QStringLiteral("market")}));
        QCOMPARE(journalFields(db, "order", "execution", "algorithm"),
                 (QStringList{QStringLiteral("limit"), QStringLiteral("market"),
                              QStringLiteral("limit"), QStringLiteral("market")}));
        QCOMPARE(journalFields(db, "order", "order", "limit_price"),
                 (QStringList{QStringLiteral("12.375"), QString(), QStringLiteral("19.305"),
                              QString()}));
        checkStories(db);

        ParamMap far = params;
        far["limit_offset_bps"] = "1000";
        const auto missed = run("breakout", breakoutBars(), far, QStringLiteral("missed.sqlite"));
        compareTrades(missed, {{"long", "1", "2024-01-07", "16.2", "2024-01-12", "16", "-0.2"}});
        const RunReader reader(missed);
        const auto orders = reader.orders();
        QCOMPARE(orders.front().status, std::string("expired"));
        QStringList expiries;
        for (const auto& entry : reader.journal()) {
            if (entry.kind == "order_expired") {
                expiries.append(entry.context[QStringLiteral("reason")].toString());
            }
        }
        QCOMPARE(expiries, QStringList{QStringLiteral("limit 11.25 not reached in 1 bar")});
        const auto all = reader.trades(false);
        QCOMPARE(all.front().status, std::string("void"));
        checkStories(missed);
    }

    // The mean-reversion bars with the entry of 2 worked as a TWAP of 2 slices:
    // the bar 6 signal sends slice 1, filled at bar 7's open 6.8, which sends
    // slice 2, filled at bar 8's open 6.6; entry 6.7 on average. Bar 8 closes at the
    // middle band: the whole position of 2 exits at bar 9's open, 9.2:
    // 2 x 9.2 - (6.8 + 6.6) = 5.
    void meanReversionEntersByTwap() {
        const auto db = run("mean_reversion", meanReversionBars(),
                            {{"rsi", "2"},
                             {"bands", "3"},
                             {"dev", "1"},
                             {"qty", "2"},
                             {"execution", "twap"},
                             {"twap_slices", "2"}},
                            QStringLiteral("twap.sqlite"));
        compareTrades(db, {{"long", "2", "2024-01-07", "6.7", "2024-01-09", "9.2", "5"}});
        const RunReader reader(db);
        const auto orders = reader.orders();
        QCOMPARE(orders.size(), std::size_t{3});
        QCOMPARE(orders[0].qty, Quantity::fromInt(1));
        QCOMPARE(orders[1].qty, Quantity::fromInt(1));
        // slice 2 goes out when slice 1 fills
        QCOMPARE(orders[1].createdTs, reader.fills(orders[0].orderId).front().ts);
        QCOMPARE(orders[2].qty, Quantity::fromInt(2));
        QCOMPARE(journalFields(db, "order", "order", "slice"),
                 (QStringList{QStringLiteral("1"), QStringLiteral("2"), QString()}));
        // the second slice's chain carries both slices' order ids
        const QJsonObject second = cliStory(db, orders[1].orderId);
        QCOMPARE(second[QStringLiteral("causality")]
                     .toObject()[QStringLiteral("order_ids")]
                     .toArray()
                     .size(),
                 2);
        QCOMPARE(second[QStringLiteral("context")]
                     .toObject()[QStringLiteral("execution")]
                     .toObject()[QStringLiteral("algorithm")]
                     .toString(),
                 QStringLiteral("twap"));
        checkStories(db);
    }

    // Breakout sized by risk (1% of equity over the stop distance), capped by
    // max_position 100: bar 4's 333 (1000 / 3) and bar 9's 286 (1004 / 3.5)
    // both become 100; the exposure limit is in each entry's risks.
    void exposureLimitCapsTheSize() {
        const auto db = run("breakout", breakoutBars(),
                            {{"channel", "3"},
                             {"atr", "1"},
                             {"stop_atr", "1"},
                             {"target_r", "2"},
                             {"sizing", "risk"},
                             {"max_position", "100"}},
                            QStringLiteral("capped.sqlite"));
        compareTrades(db, {{"long", "100", "2024-01-05", "13", "2024-01-07", "17", "400"},
                           {"long", "100", "2024-01-10", "19.5", "2024-01-12", "16", "-350"}});
        const RunReader reader(db);
        QStringList methods;
        for (const auto& entry : reader.journal()) {
            if (entry.kind != "order" ||
                entry.context[QStringLiteral("order")].toObject()[QStringLiteral("purpose")] !=
                    QStringLiteral("entry")) {
                continue;
            }
            methods.append(entry.context[QStringLiteral("plans")]
                               .toObject()[QStringLiteral("size")]
                               .toObject()[QStringLiteral("method")]
                               .toString());
            const QJsonArray risks = entry.context[QStringLiteral("risks")].toArray();
            QCOMPARE(risks.size(), 1);
            QCOMPARE(risks[0].toObject()[QStringLiteral("type")].toString(),
                     QStringLiteral("exposure_limit"));
            QCOMPARE(risks[0].toObject()[QStringLiteral("size_cap")].toDouble(), 100.0);
            QCOMPARE(entry.causality[QStringLiteral("risk_ids")].toArray().size(), 1);
        }
        QCOMPARE(methods, (QStringList{QStringLiteral("risk 1% to the stop, capped at 100 by "
                                                      "exposure_limit"),
                                       QStringLiteral("risk 1% to the stop, capped at 100 by "
                                                      "exposure_limit")}));
        checkStories(db);
    }

    void structureRetestEntersOnTheGapRetest() {
        const auto db = run("structure_retest", structureBars(), {{"swing", "1"}},
                            QStringLiteral("structure.sqlite"));
        compareTrades(db, {{"long", "1", "2024-01-09", "12", "2024-01-12", "9.9", "-2.1"}});
        const RunReader reader(db);
        QStringList signalTypes;
        for (const auto& entry : reader.journal()) {
            if (entry.kind == "order") {
                const QJsonObject signal =
                    entry.context[QStringLiteral("signals")].toArray().first().toObject();
                signalTypes.append(signal[QStringLiteral("type")].toString());
            }
        }
        QCOMPARE(signalTypes, (QStringList{QStringLiteral("bos_fvg_retest_long"),
                                           QStringLiteral("structure_break_against")}));
        checkStories(db);
    }

    void confluenceTradesWithTheHigherTimeframe() {
        const auto db = run("confluence", confluenceBars(),
                            {{"htf_factor", "2"}, {"trend", "2"}, {"fast", "2"}, {"slow", "3"}},
                            QStringLiteral("confluence.sqlite"));
        compareTrades(db, {{"long", "1", "2024-01-08", "12.5", "2024-01-12", "10.5", "-2"},
                           {"long", "1", "2024-01-16", "12.5", "2024-01-18", "11", "-1.5"}});
        const RunReader reader(db);
        bool expiredAgainstTrend = false;
        for (const auto& order : reader.orders()) {
            if (order.status != "expired") {
                continue;
            }
            const auto story = reader.storyJson(order.orderId);
            const QJsonArray risks = (*story)[QStringLiteral("risks")].toArray();
            QCOMPARE(risks.size(), 1);
            QCOMPARE(risks[0].toObject()[QStringLiteral("type")].toString(),
                     QStringLiteral("against_higher_timeframe_trend"));
            expiredAgainstTrend = true;
        }
        QVERIFY(expiredAgainstTrend);
        checkStories(db);
    }

    void meanReversionLongOnly() {
        const auto db =
            run("mean_reversion", meanReversionBars(), {{"rsi", "2"}, {"bands", "3"}, {"dev", "1"}},
                QStringLiteral("mr_long.sqlite"));
        compareTrades(db, {{"long", "1", "2024-01-07", "6.8", "2024-01-09", "9.2", "2.4"}});
        // the overbought extremes while flat are decisions not to trade
        const RunReader reader(db);
        int rejected = 0;
        for (const auto& entry : reader.journal()) {
            if (entry.kind == "decision_rejected") {
                ++rejected;
                QVERIFY(!entry.context[QStringLiteral("regime")].toObject().isEmpty());
            }
        }
        QCOMPARE(rejected, 2);
        checkStories(db);
    }

    void meanReversionWithShorts() {
        const auto db = run("mean_reversion", meanReversionBars(),
                            {{"rsi", "2"}, {"bands", "3"}, {"dev", "1"}, {"allow_short", "true"}},
                            QStringLiteral("mr_short.sqlite"));
        compareTrades(db, {{"long", "1", "2024-01-07", "6.8", "2024-01-09", "9.2", "2.4"},
                           {"short", "1", "2024-01-10", "10.4", "2024-01-12", "10", "0.4"}});
        checkStories(db);
    }

    void breakoutStopAndTarget() {
        const auto db = run("breakout", breakoutBars(),
                            {{"channel", "3"}, {"atr", "1"}, {"stop_atr", "1"}, {"target_r", "2"}},
                            QStringLiteral("breakout.sqlite"));
        compareTrades(db, {{"long", "1", "2024-01-05", "13", "2024-01-07", "17", "4"},
                           {"long", "1", "2024-01-10", "19.5", "2024-01-12", "16", "-3.5"}});
        const RunReader reader(db);
        QStringList exits;
        for (const auto& entry : reader.journal()) {
            if (entry.kind != "order") {
                continue;
            }
            for (const auto& signal : entry.context[QStringLiteral("signals")].toArray()) {
                exits.append(signal.toObject()[QStringLiteral("type")].toString());
            }
        }
        QCOMPARE(exits,
                 (QStringList{QStringLiteral("breakout_up"), QStringLiteral("breakout_target"),
                              QStringLiteral("breakout_up"), QStringLiteral("breakout_stop")}));
        checkStories(db);
    }

    // The breakout bars with the exits placed as orders with the entry.
    // Bracket (stop 9.5, target 18.5 from bar 4's signal): the entry fills at
    // bar 5's open, 13; bar 6 (13 -> 13 -> 19 -> 18) trades through 18.5 on
    // its way up: the take-profit fills at 18.5 as a maker and cancels the
    // stop-loss. Bar 6's close 18 clears the channel (14) again: entry at
    // bar 7's open 17, stop 12, target 30 (TR 6): neither is reached and the
    // exits expire at the end of data, where the exit sells at 16.
    // Fees: taker 5 bp, maker 1 bp.
    // Trailing (3 behind, the stop distance of bar 4's signal): highest 14 in
    // bar 5, 19 in bar 6 (stop 16); bar 7 (17 -> 17 -> 16 -> 16.5) falls to 16:
    // out at 16. Bar 9 enters at bar 10's open 19.5 with a trail of 3.5;
    // bar 10's high 20 puts the stop at 16.5, bar 11 falls through it.
    void breakoutPlacesItsExitsAsOrders() {
        ParamMap params{{"channel", "3"},
                        {"atr", "1"},
                        {"stop_atr", "1"},
                        {"target_r", "2"},
                        {"exits", "bracket"}};
        SessionConfig costs;
        costs.makerFeeBps = "1";
        costs.takerFeeBps = "5";
        const auto bracket =
            run("breakout", breakoutBars(), params, QStringLiteral("bracket.sqlite"), costs);
        compareTrades(bracket, {{"long", "1", "2024-01-05", "13", "2024-01-06", "18.5", "5.49165"},
                                {"long", "1", "2024-01-07", "17", "2024-01-12", "16", "-1.0165"}});
        const RunReader reader(bracket);
        QStringList orders;
        for (const auto& order : reader.orders()) {
            orders.append(
                QString::fromStdString(order.side + ' ' + order.type + ' ' + order.status));
        }
        QCOMPARE(
            orders,
            (QStringList{QStringLiteral("buy market filled"), QStringLiteral("sell stop cancelled"),
                         QStringLiteral("sell limit filled"), QStringLiteral("buy market filled"),
                         QStringLiteral("sell stop expired"), QStringLiteral("sell limit expired"),
                         QStringLiteral("sell market filled")}));
        const auto first = reader.orders();
        QCOMPARE(*first[1].stopPrice, *Price::parse("9.5"));
        QCOMPARE(*first[2].limitPrice, *Price::parse("18.5"));
        QCOMPARE(*first[1].parentId, first[0].orderId);
        QCOMPARE(reader.fills(first[2].orderId).front().liquidity, std::string("maker"));
        QCOMPARE(reader.fills(first[0].orderId).front().liquidity, std::string("taker"));
        // the stop-loss's story says why it left the book
        const auto story = reader.storyJson(first[1].orderId);
        const QJsonArray events = (*story)[QStringLiteral("events")].toArray();
        QCOMPARE(events.last().toObject()[QStringLiteral("reason")].toString(),
                 QStringLiteral("oco: ") + QString::fromStdString(first[2].orderId) +
                     QStringLiteral(" filled"));
        checkStories(bracket);

        params["exits"] = "trailing";
        const auto trailing =
            run("breakout", breakoutBars(), params, QStringLiteral("trailing.sqlite"), costs);
        compareTrades(trailing,
                      {{"long", "1", "2024-01-05", "13", "2024-01-07", "16", "2.9855"},
                       {"long", "1", "2024-01-10", "19.5", "2024-01-11", "16.5", "-3.018"}});
        checkStories(trailing);
    }

    void realDataIsDeterministic_data() {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<QString>("data");
        QTest::addColumn<QString>("params");
        for (const char* strategy :
             {"ema_cross", "breakout", "mean_reversion", "confluence", "structure_retest"}) {
            for (const char* data : {"msft_daily.csv", "sp500_daily.csv"}) {
                QTest::addRow("%s %s", strategy, data)
                    << QString::fromLatin1(strategy) << QString::fromLatin1(data) << QString();
            }
        }
        // the other algorithms and sizings on real data
        QTest::addRow("breakout limit risk")
            << "breakout"
            << "sp500_daily.csv"
            << "execution=limit,limit_offset_bps=20,limit_bars=2,sizing=risk,max_exposure_pct=50";
        QTest::addRow("mean_reversion twap vol_target")
            << "mean_reversion"
            << "sp500_daily.csv"
            << "execution=twap,twap_slices=3,sizing=vol_target,allow_short=true";
        QTest::addRow("breakout bracket short") << "breakout"
                                                << "msft_daily.csv"
                                                << "exits=bracket,allow_short=true,channel=10";
        QTest::addRow("breakout trailing") << "breakout"
                                           << "sp500_daily.csv"
                                           << "exits=trailing,sizing=risk";
        QTest::addRow("confluence kelly") << "confluence"
                                          << "sp500_daily.csv"
                                          << "sizing=kelly,fast=3,slow=8";
    }
    void realDataIsDeterministic() {
        QFETCH(QString, strategy);
        QFETCH(QString, data);
        QFETCH(QString, params);
        ParamMap given;
        for (const QString& pair : params.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            given[pair.section(QLatin1Char('='), 0, 0).toStdString()] =
                pair.section(QLatin1Char('='), 1).toStdString();
        }
        const QString path = QStringLiteral(CAUSEWAY_RESOURCE_DATA_DIR "/") + data;
        const QString name = strategy + data + params;
        const auto a = run(strategy.toStdString(), path, given, name + QStringLiteral(".a"));
        const auto b = run(strategy.toStdString(), path, given, name + QStringLiteral(".b"));
        const RunReader first(a);
        const RunReader second(b);
        QVERIFY(!first.trades(true).empty());
        QCOMPARE(first.ledgerHash(), second.ledgerHash());
        checkStories(a, 4);
        // the ledger reconciles with its fills and the journal
        QProcess verify;
        verify.start(QStringLiteral(CAUSEWAY_CLI_PATH),
                     {QStringLiteral("verify"), QStringLiteral("--db"), QString::fromStdString(a)});
        QVERIFY(verify.waitForFinished(60'000));
        QVERIFY2(verify.exitCode() == 0, verify.readAllStandardOutput().constData());
        if (params.contains(QStringLiteral("execution=limit"))) {
            const auto orders = first.orders();
            QVERIFY(std::any_of(orders.begin(), orders.end(),
                                [](const auto& order) { return order.type == "limit"; }));
        }
        if (params.contains(QStringLiteral("execution=twap"))) {
            QVERIFY(journalFields(a, "order", "order", "slice").contains(QStringLiteral("3")));
        }
    }
};

QTEST_GUILESS_MAIN(TestStrategies)
#include "test_strategies.moc"
