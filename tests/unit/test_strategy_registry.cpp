#include <QTest>

#include <algorithm>

#include "engine/strategy/strategy_registry.h"

using namespace causeway::engine;

class TestStrategyRegistry final : public QObject {
    Q_OBJECT

private:
    static QString errorOf(const std::string& strategy, const ParamMap& params) {
        try {
            StrategyRegistry::resolve(strategy, params);
        } catch (const std::invalid_argument& error) {
            return QString::fromLatin1(error.what());
        }
        return QStringLiteral("no error");
    }

private Q_SLOTS:
    void fillsDefaults() {
        const ParamMap params = StrategyRegistry::resolve("ema_cross", {{"fast", "5"}});
        QCOMPARE(params.at("fast"), std::string("5"));
        QCOMPARE(params.at("slow"), std::string("30"));
        QCOMPARE(params.at("qty"), std::string("1"));
        QCOMPARE(params.at("allow_short"), std::string("false"));
        QCOMPARE(StrategyRegistry::resolve("ema_cross", {{"qty", "2.50"}}).at("qty"),
                 std::string("2.5"));
    }

    void namesTheBadParameter_data() {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("error");
        QTest::newRow("unknown strategy")
            << "ema_crossing"
            << ""
            << ""
            << "unknown strategy 'ema_crossing' (available: breakout, confluence, ema_cross, "
               "mean_reversion, structure_retest)";
        QTest::newRow("unknown param") << "ema_cross"
                                       << "fastest"
                                       << "3"
                                       << "unknown parameter 'fastest' for strategy 'ema_cross' "
                                          "(parameters: fast, slow, qty, allow_short)";
        QTest::newRow("not an integer")
            << "ema_cross"
            << "fast"
            << "ten"
            << "invalid value 'ten' for parameter 'fast': expected an integer from 1 to 1000";
        QTest::newRow("out of range")
            << "ema_cross"
            << "slow"
            << "1"
            << "invalid value '1' for parameter 'slow': expected an integer from 2 to 5000";
        QTest::newRow("unknown sizing")
            << "breakout"
            << "sizing"
            << "martingale"
            << "invalid value 'martingale' for parameter 'sizing': expected one of fixed, risk, "
               "kelly, vol_target";
        QTest::newRow("mean reversion thresholds")
            << "mean_reversion"
            << "oversold"
            << "75"
            << "invalid value '75' for parameter 'oversold': expected a number from 1 to 50";
        QTest::newRow("risk out of range")
            << "structure_retest"
            << "risk_pct"
            << "0"
            << "invalid value '0' for parameter 'risk_pct': expected a number from 0.01 to 100";
        QTest::newRow("negative qty") << "ema_cross"
                                      << "qty"
                                      << "-1"
                                      << "invalid value '-1' for parameter 'qty': expected a "
                                         "number from 0.00000001 to 1000000000";
        QTest::newRow("bad bool")
            << "ema_cross"
            << "allow_short"
            << "maybe"
            << "invalid value 'maybe' for parameter 'allow_short': expected true or false";
        QTest::newRow("unknown execution")
            << "breakout"
            << "execution"
            << "iceberg"
            << "invalid value 'iceberg' for parameter 'execution': expected one of market, "
               "limit, twap";
        QTest::newRow("too few twap slices")
            << "mean_reversion"
            << "twap_slices"
            << "1"
            << "invalid value '1' for parameter 'twap_slices': expected an integer from 2 to 100";
        QTest::newRow("exposure not a number")
            << "confluence"
            << "max_exposure_pct"
            << "lots"
            << "invalid value 'lots' for parameter 'max_exposure_pct': expected a number from 0 "
               "to 1000";
        QTest::newRow("fractional bars")
            << "structure_retest"
            << "limit_bars"
            << "1.5"
            << "invalid value '1.5' for parameter 'limit_bars': expected an integer from 1 to 1000";
        QTest::newRow("unknown breakout param")
            << "breakout"
            << "stop"
            << "2"
            << "unknown parameter 'stop' for strategy 'breakout' (parameters: channel, atr, "
               "stop_atr, target_r, spike_atr, qty, allow_short, exits, sizing, risk_pct, "
               "kelly_cap, "
               "vol_target_pct, max_position, max_exposure_pct, execution, limit_offset_bps, "
               "limit_bars, twap_slices)";
        QTest::newRow("fast not below slow")
            << "ema_cross"
            << "fast"
            << "40"
            << "parameter 'fast' (40) must be less than parameter 'slow' (30)";
    }
    void namesTheBadParameter() {
        QFETCH(QString, strategy);
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, error);
        ParamMap params;
        if (!key.isEmpty()) {
            params[key.toStdString()] = value.toStdString();
        }
        QCOMPARE(errorOf(strategy.toStdString(), params), error);
    }

    void listsSchemas() {
        const QJsonArray list = StrategyRegistry::toJson();
        QStringList names;
        for (const auto& entry : list) {
            names.append(entry.toObject()[QStringLiteral("name")].toString());
        }
        QCOMPARE(names, (QStringList{QStringLiteral("breakout"), QStringLiteral("confluence"),
                                     QStringLiteral("ema_cross"), QStringLiteral("mean_reversion"),
                                     QStringLiteral("structure_retest")}));
        const QJsonObject ema = list.at(2).toObject();
        QCOMPARE(ema[QStringLiteral("name")].toString(), QStringLiteral("ema_cross"));
        QCOMPARE(ema[QStringLiteral("params")].toArray().size(), 4);
        QCOMPARE(ema[QStringLiteral("params")]
                     .toArray()
                     .first()
                     .toObject()[QStringLiteral("default")]
                     .toString(),
                 QStringLiteral("10"));

        // every parameter has the fields the GUI builds its dialog from
        for (const auto& entry : list) {
            for (const auto& value : entry.toObject()[QStringLiteral("params")].toArray()) {
                const QJsonObject param = value.toObject();
                const QString type = param[QStringLiteral("type")].toString();
                for (const char* key : {"name", "type", "default", "description"}) {
                    QVERIFY2(param.contains(QLatin1String(key)), key);
                }
                if (type == QStringLiteral("int") || type == QStringLiteral("decimal")) {
                    QVERIFY(param[QStringLiteral("min")].toDouble() <=
                            param[QStringLiteral("max")].toDouble());
                } else if (type == QStringLiteral("choice")) {
                    QVERIFY(param[QStringLiteral("choices")].toArray().contains(
                        param[QStringLiteral("default")]));
                } else {
                    QCOMPARE(type, QStringLiteral("bool"));
                }
            }
        }
        const QJsonArray breakout = list.at(0).toObject()[QStringLiteral("params")].toArray();
        QJsonObject execution;
        for (const auto& value : breakout) {
            if (value.toObject()[QStringLiteral("name")] == QStringLiteral("execution")) {
                execution = value.toObject();
            }
        }
        QCOMPARE(execution[QStringLiteral("choices")].toArray(),
                 (QJsonArray{QStringLiteral("market"), QStringLiteral("limit"),
                             QStringLiteral("twap")}));
        QCOMPARE(execution[QStringLiteral("default")].toString(), QStringLiteral("market"));
    }

    // Every strategy with every execution algorithm, sizing and limit builds
    // a pipeline that passes the manifest checks; the workers are the ones
    // those parameters call for.
    void everyVariantBuildsAValidPipeline_data() {
        QTest::addColumn<QString>("strategy");
        QTest::addColumn<QString>("params");
        for (const char* strategy :
             {"breakout", "mean_reversion", "confluence", "structure_retest"}) {
            for (const char* params :
                 {"", "execution=limit", "execution=twap,sizing=risk,max_position=10",
                  "sizing=kelly,max_exposure_pct=0", "sizing=vol_target,max_exposure_pct=50"}) {
                QTest::addRow("%s %s", strategy, params)
                    << QString::fromLatin1(strategy) << QString::fromLatin1(params);
            }
        }
    }
    void everyVariantBuildsAValidPipeline() {
        QFETCH(QString, strategy);
        QFETCH(QString, params);
        ParamMap given;
        for (const QString& pair : params.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            given[pair.section(QLatin1Char('='), 0, 0).toStdString()] =
                pair.section(QLatin1Char('='), 1).toStdString();
        }
        Graph graph;
        EventBus bus;
        const auto& candles = graph.emplace<CandleNode>("candles");
        const ParamMap resolved = StrategyRegistry::resolve(strategy.toStdString(), given);
        const auto pipeline = StrategyRegistry::build(strategy.toStdString(), resolved, graph,
                                                      candles, Timeframe{kNanosPerDay}, bus);
        QVERIFY(pipeline != nullptr);
        const auto has = [&](const char* worker) {
            return std::any_of(pipeline->workers().begin(), pipeline->workers().end(),
                               [&](const auto& w) { return w->name() == worker; });
        };
        QCOMPARE(has("limit_entry_planner"), params.contains(QStringLiteral("execution=limit")));
        QCOMPARE(has("market_entry_planner"), !params.contains(QStringLiteral("execution=limit")));
        QCOMPARE(has("exposure_monitor"), !params.contains(QStringLiteral("max_exposure_pct=0")));
        QCOMPARE(has("sizing_planner"), params.contains(QStringLiteral("sizing=")));
    }
};

QTEST_APPLESS_MAIN(TestStrategyRegistry)
#include "test_strategy_registry.moc"
