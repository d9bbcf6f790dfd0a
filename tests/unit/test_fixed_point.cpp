#include <QTest>

#include "engine/core/fixed_point.h"

using namespace causeway::engine;

class TestFixedPoint final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesAndFormatsExactly_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("raw");
        QTest::addColumn<QString>("formatted");
        QTest::newRow("integer") << "60" << qint64(6'000'000'000) << "60";
        QTest::newRow("binary fraction") << "60.625" << qint64(6'062'500'000) << "60.625";
        QTest::newRow("trailing zeros") << "1469.250000" << qint64(146'925'000'000) << "1469.25";
        QTest::newRow("negative") << "-0.5" << qint64(-50'000'000) << "-0.5";
        QTest::newRow("smallest") << "0.00000001" << qint64(1) << "0.00000001";
        QTest::newRow("rounded ninth digit") << "0.000000015" << qint64(2) << "0.00000002";
        QTest::newRow("leading dot") << ".5" << qint64(50'000'000) << "0.5";
        QTest::newRow("large volume")
            << "9999999999" << qint64(999'999'999'900'000'000) << "9999999999";
    }
    void parsesAndFormatsExactly() {
        QFETCH(QString, text);
        QFETCH(qint64, raw);
        QFETCH(QString, formatted);
        const auto value = Price::parse(text.toStdString());
        QVERIFY(value.has_value());
        QCOMPARE(value->raw(), raw);
        QCOMPARE(QString::fromStdString(value->toString()), formatted);
    }

    void refusesMalformedText_data() {
        QTest::addColumn<QString>("text");
        for (const char* bad :
             {"", "-", ".", "abc", "1.2.3", "1e5", "nan", "12,5", " 1", "99999999999999"}) {
            QTest::newRow(bad) << QString::fromLatin1(bad);
        }
    }
    void refusesMalformedText() {
        QFETCH(QString, text);
        QVERIFY(!Price::parse(text.toStdString()).has_value());
    }

    void computesNotionalAndBasisPoints() {
        const Price price = *Price::parse("60.625");
        const Quantity qty = *Quantity::parse("3");
        QCOMPARE(notional(price, qty).toString(), std::string("181.875"));
        // 5 bp of 181.875 = 0.0909375
        QCOMPARE(basisPoints(notional(price, qty), *Money::parse("5")).toString(),
                 std::string("0.0909375"));
        // 1 bp of 0.00000001 rounds to zero, half away from zero
        QCOMPARE(basisPoints(*Money::parse("0.00005"), *Money::parse("1")).raw(), 1);
    }

    void arithmeticStaysExact() {
        Money sum;
        for (int i = 0; i < 10; ++i) {
            sum += *Money::parse("0.1");
        }
        QCOMPARE(sum, Money::fromInt(1));
        QCOMPARE((Money::fromInt(1) - *Money::parse("0.3")).toString(), std::string("0.7"));
    }
};

QTEST_APPLESS_MAIN(TestFixedPoint)
#include "test_fixed_point.moc"
