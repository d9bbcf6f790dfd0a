#include <QFile>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

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
                    const QString& db) {
        SessionConfig config;
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
            QCOMPARE(QString::fromStdString(formatIso8601(*t.entryTs)).left(10),
                     QLatin1String(e.entryDate));
            QCOMPARE(*t.entryPrice, *Price::parse(e.entryPrice));
            QCOMPARE(QString::fromStdString(formatIso8601(*t.exitTs)).left(10),
                     QLatin1String(e.exitDate));
            QCOMPARE(*t.exitPrice, *Price::parse(e.exitPrice));
            QCOMPARE(*t.pnl, *Money::parse(e.pnl));
        }
    }

    // Every order's story names its origin, signals, risks, regime,
    // directive and all three plans.
    static void checkStories(const std::string& db) {
        const RunReader reader(db);
        const auto orders = reader.orders();
        QVERIFY(!orders.empty());
        for (const auto& order : orders) {
            const auto story = reader.storyJson(order.orderId);
            QVERIFY(story.has_value());
            const QJsonObject causality = (*story)[QStringLiteral("causality")].toObject();
            QVERIFY(!causality[QStringLiteral("origin")]
                         .toObject()[QStringLiteral("id")]
                         .toString()
                         .isEmpty());
            QVERIFY(story->contains(QStringLiteral("risks")));
            QVERIFY(!(*story)[QStringLiteral("directive")].toObject().isEmpty());
            const QJsonObject plans = (*story)[QStringLiteral("plans")].toObject();
            for (const char* plan : {"entry", "size", "exit"}) {
                QVERIFY2(plans.contains(QLatin1String(plan)), plan);
            }
            const QJsonObject context = (*story)[QStringLiteral("context")].toObject();
            QVERIFY(!context[QStringLiteral("regime")]
                         .toObject()[QStringLiteral("regime")]
                         .toString()
                         .isEmpty());
            const bool scheduled =
                causality[QStringLiteral("origin")].toObject()[QStringLiteral("type")].toString() ==
                QStringLiteral("schedule");
            if (!scheduled) {
                QVERIFY(!(*story)[QStringLiteral("signals")].toArray().isEmpty());
            }
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

private Q_SLOTS:
    void structureRetestEntersOnTheGapRetest() {
        const auto db = run("structure_retest", structureBars(), {{"swing", "1"}},
                            QStringLiteral("structure.sqlite"));
        compareTrades(db, {{"long", "2024-01-09", "12", "2024-01-12", "9.9", "-2.1"}});
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
        compareTrades(db, {{"long", "2024-01-08", "12.5", "2024-01-12", "10.5", "-2"},
                           {"long", "2024-01-16", "12.5", "2024-01-18", "11", "-1.5"}});
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
        compareTrades(db, {{"long", "2024-01-07", "6.8", "2024-01-09", "9.2", "2.4"}});
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
        compareTrades(db, {{"long", "2024-01-07", "6.8", "2024-01-09", "9.2", "2.4"},
                           {"short", "2024-01-10", "10.4", "2024-01-12", "10", "0.4"}});
        checkStories(db);
    }

    void breakoutStopAndTarget() {
        const auto db = run("breakout", breakoutBars(),
                            {{"channel", "3"}, {"atr", "1"}, {"stop_atr", "1"}, {"target_r", "2"}},
                            QStringLiteral("breakout.sqlite"));
        compareTrades(db, {{"long", "2024-01-05", "13", "2024-01-07", "17", "4"},
                           {"long", "2024-01-10", "19.5", "2024-01-12", "16", "-3.5"}});
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

    void realDataIsDeterministic_data() {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<QString>("data");
        for (const char* strategy :
             {"ema_cross", "breakout", "mean_reversion", "confluence", "structure_retest"}) {
            for (const char* data : {"msft_daily.csv", "sp500_daily.csv"}) {
                QTest::addRow("%s %s", strategy, data)
                    << QString::fromLatin1(strategy) << QString::fromLatin1(data);
            }
        }
    }
    void realDataIsDeterministic() {
        QFETCH(QString, strategy);
        QFETCH(QString, data);
        const QString path = QStringLiteral(CAUSEWAY_RESOURCE_DATA_DIR "/") + data;
        const auto a =
            run(strategy.toStdString(), path, {}, strategy + data + QStringLiteral(".a"));
        const auto b =
            run(strategy.toStdString(), path, {}, strategy + data + QStringLiteral(".b"));
        const RunReader first(a);
        const RunReader second(b);
        QVERIFY(!first.trades(true).empty());
        QCOMPARE(first.ledgerHash(), second.ledgerHash());
        checkStories(a);
    }
};

QTEST_GUILESS_MAIN(TestStrategies)
#include "test_strategies.moc"
