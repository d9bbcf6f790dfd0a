#include <QTest>

#include <stdexcept>

#include "engine/core/instrument.h"
#include "engine/core/market_data.h"

using namespace causeway::engine;

namespace {
Price px(const char* text) {
    return *Price::parse(text);
}
Quantity qty(const char* text) {
    return *Quantity::parse(text);
}
}  // namespace

// The market-data catalog and instrument precision (core).
class TestMarketData final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void messagesCarryTheirTypeAndMetadata() {
        Tick tick;
        Quote quote;
        Candle candle;
        QCOMPARE(tick.type, MessageType::kTick);
        QCOMPARE(quote.type, MessageType::kQuote);
        QCOMPARE(candle.type, MessageType::kCandle);
        QCOMPARE(std::string(messageTypeName(candle.type)), std::string("candle"));
        QCOMPARE(tick.metadata, kNoMetadata);
        QVERIFY(!tick.bid && !tick.ask);
        QCOMPARE(tick.size, Quantity::fromInt(1));  // a print without size counts one
        QCOMPARE(tick.side, AggressorSide::kUnknown);

        const MetadataId a = internMetadata({{"source", "usdchf_30m.csv"}, {"venue", "SIM"}});
        const MetadataId b = internMetadata({{"venue", "SIM"}, {"source", "usdchf_30m.csv"}});
        const MetadataId c = internMetadata({{"source", "msft_daily.csv"}});
        QVERIFY(a != kNoMetadata);
        QCOMPARE(a, b);  // equal sets share one id
        QVERIFY(a != c);
        QCOMPARE(metadataOf(a).at("venue"), std::string("SIM"));
        QVERIFY(metadataOf(kNoMetadata).empty());
        QCOMPARE(internMetadata({}), kNoMetadata);
        QVERIFY_THROWS_EXCEPTION(std::out_of_range, metadataOf(60000));
    }

    void quoteMidAndSpread() {
        Quote q;
        q.bid = px("1.19300");
        q.ask = px("1.19320");
        QCOMPARE(q.mid(), px("1.1931"));
        QCOMPARE(q.spread(), px("0.0002"));
    }

    void candleIsOneCacheLine() {
        QCOMPARE(sizeof(Candle), std::size_t{64});
        QVERIFY(sizeof(Tick) <= 64);
    }

    void roundsPricesToTheTick() {
        Instrument es;
        es.symbol = Symbol("ES");
        es.priceDecimals = 2;
        es.tickSize = px("0.25");
        QVERIFY(!es.validate());
        QVERIFY(es.isOnTick(px("4500.75")));
        QVERIFY(!es.isOnTick(px("4500.10")));
        QCOMPARE(es.roundPrice(px("4500.10")), px("4500"));
        QCOMPARE(es.roundPrice(px("4500.125")), px("4500.25"));  // half away from zero
        QCOMPARE(es.roundPrice(px("4500.10"), Rounding::kUp), px("4500.25"));
        QCOMPARE(es.roundPrice(px("4500.20"), Rounding::kDown), px("4500"));
        QCOMPARE(es.roundPrice(px("-1.10"), Rounding::kDown), px("-1.25"));
        QCOMPARE(es.roundPrice(px("-1.125")), px("-1.25"));
        QCOMPARE(*es.checkPrice(px("4500.10")),
                 std::string("price 4500.1 is not a multiple of the tick size 0.25"));
        QCOMPARE(*es.checkPrice(px("0")), std::string("price 0 is not positive"));
        QVERIFY(!es.checkPrice(px("4500.5")));
        QCOMPARE(es.formatPrice(px("4500.5")), std::string("4500.50"));
    }

    void precisionWithoutATickSize() {
        Instrument fx;
        fx.symbol = Symbol("USDCHF");
        fx.priceDecimals = 5;
        QCOMPARE(fx.priceStep(), px("0.00001"));
        QCOMPARE(fx.roundPrice(px("1.193004")), px("1.193"));
        QCOMPARE(fx.roundPrice(px("1.193006")), px("1.19301"));
        QCOMPARE(fx.formatPrice(px("1.193")), std::string("1.19300"));
        QCOMPARE(fx.formatPrice(px("-0.5")), std::string("-0.50000"));

        Instrument whole = fx;
        whole.priceDecimals = 0;
        QCOMPARE(whole.formatPrice(px("12.5")), std::string("13"));

        const Instrument any = Instrument::defaultFor(Symbol("ANY"));
        QVERIFY(any.isOnTick(px("0.00000001")));
        QCOMPARE(any.formatPrice(px("60.625")), std::string("60.62500000"));
    }

    void quantitiesOnTheLotGrid() {
        Instrument btc;
        btc.symbol = Symbol("BTCUSDT");
        btc.quantityDecimals = 5;
        btc.lotSize = qty("0.001");
        btc.minQuantity = qty("0.002");
        QVERIFY(!btc.validate());
        QCOMPARE(btc.roundQuantity(qty("0.0049")), qty("0.004"));  // down by default
        QCOMPARE(btc.roundQuantity(qty("0.0041"), Rounding::kUp), qty("0.005"));
        QCOMPARE(*btc.checkQuantity(qty("0.001")),
                 std::string("quantity 0.001 is below the minimum 0.002"));
        QCOMPARE(*btc.checkQuantity(qty("0.0025")),
                 std::string("quantity 0.0025 is not a multiple of the lot size 0.001"));
        QCOMPARE(*btc.checkQuantity(qty("-1")), std::string("quantity -1 is not positive"));
        QVERIFY(!btc.checkQuantity(qty("0.003")));
    }

    void rejectsInconsistentDefinitions_data() {
        QTest::addColumn<int>("field");
        QTest::addColumn<QString>("expected");
        QTest::newRow("price decimals")
            << 0 << QStringLiteral("price decimals must be 0 to 8, got 9");
        QTest::newRow("quantity decimals")
            << 1 << QStringLiteral("quantity decimals must be 0 to 8, got -1");
        QTest::newRow("negative tick")
            << 2 << QStringLiteral("tick size must not be negative, got -0.01");
        QTest::newRow("fine tick")
            << 3 << QStringLiteral("tick size 0.005 has more than 2 decimals");
        QTest::newRow("fine lot") << 4 << QStringLiteral("lot size 0.5 has more than 0 decimals");
        QTest::newRow("min off lot")
            << 5 << QStringLiteral("minimum quantity 15 is not a multiple of the lot size 10");
    }
    void rejectsInconsistentDefinitions() {
        QFETCH(int, field);
        QFETCH(QString, expected);
        Instrument bad;
        bad.symbol = Symbol("BAD");
        switch (field) {
            case 0:
                bad.priceDecimals = 9;
                break;
            case 1:
                bad.quantityDecimals = -1;
                break;
            case 2:
                bad.tickSize = px("-0.01");
                break;
            case 3:
                bad.priceDecimals = 2;
                bad.tickSize = px("0.005");
                break;
            case 4:
                bad.quantityDecimals = 0;
                bad.lotSize = qty("0.5");
                break;
            default:
                bad.lotSize = qty("10");
                bad.minQuantity = qty("15");
                break;
        }
        QCOMPARE(QString::fromStdString(bad.validate().value_or("")), expected);

        InstrumentRegistry registry;
        try {
            registry.add(bad);
            QFAIL("an inconsistent instrument was accepted");
        } catch (const std::invalid_argument& error) {
            QCOMPARE(QString::fromUtf8(error.what()),
                     QStringLiteral("instrument BAD: ") + expected);
        }
        QVERIFY(!registry.contains(bad.symbol));
    }

    void registryFallsBackToTheDefault() {
        InstrumentRegistry registry;
        Instrument fx;
        fx.symbol = Symbol("EURUSD");
        fx.priceDecimals = 5;
        registry.add(fx);
        QVERIFY(registry.contains(Symbol("EURUSD")));
        QCOMPARE(registry.get(Symbol("EURUSD")).priceDecimals, 5);
        QCOMPARE(registry.get(Symbol("GBPUSD")).priceDecimals, 8);
        QCOMPARE(registry.get(Symbol("GBPUSD")).symbol, Symbol("GBPUSD"));
    }
};

QTEST_APPLESS_MAIN(TestMarketData)
#include "test_market_data.moc"
