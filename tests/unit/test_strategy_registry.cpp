#include <QTest>

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
    }
};

QTEST_APPLESS_MAIN(TestStrategyRegistry)
#include "test_strategy_registry.moc"
