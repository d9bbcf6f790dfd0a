#include <QFile>
#include <QTest>

#include <cmath>

#include "engine/indicators/ema.h"

using namespace causeway::engine;

// Checks the streaming EMA against TA-Lib's own output, generated once by
// tests/tools/talib_golden and committed: same warm-up, same seeding, values
// within 1e-9 relative.
class TestEma final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matchesTaLib_data() {
        QTest::addColumn<QString>("golden");
        QTest::newRow("msft daily") << QStringLiteral(CAUSEWAY_GOLDEN_DIR "/ema_msft_daily.csv");
        QTest::newRow("sp500 daily") << QStringLiteral(CAUSEWAY_GOLDEN_DIR "/ema_sp500_daily.csv");
    }
    void matchesTaLib() {
        QFETCH(QString, golden);
        QFile file(golden);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(golden));
        const QList<QByteArray> header = file.readLine().trimmed().split(',');
        QCOMPARE(header.value(1), QByteArray("close"));
        std::vector<int> periods;
        std::vector<Ema> emas;
        for (qsizetype c = 2; c < header.size(); ++c) {
            QVERIFY(header[c].startsWith("ema_"));
            periods.push_back(header[c].mid(4).toInt());
            emas.emplace_back(periods.back());
        }
        int row = 0;
        int compared = 0;
        while (!file.atEnd()) {
            const QList<QByteArray> cells = file.readLine().trimmed().split(',');
            ++row;
            const double close = cells.at(1).toDouble();
            for (std::size_t i = 0; i < emas.size(); ++i) {
                const auto ours = emas[i].update(close);
                const QByteArray expected = cells.value(static_cast<qsizetype>(i) + 2);
                const QString where =
                    QStringLiteral("%1 row %2 ema_%3").arg(golden).arg(row).arg(periods[i]);
                QVERIFY2(ours.has_value() == !expected.isEmpty(),
                         qPrintable(where + QStringLiteral(": warm-up differs")));
                if (ours) {
                    const double theirs = expected.toDouble();
                    const double relative =
                        std::abs(*ours - theirs) / std::max(std::abs(theirs), 1e-300);
                    QVERIFY2(relative <= 1e-9, qPrintable(where + QStringLiteral(": %1 vs %2")
                                                                      .arg(*ours, 0, 'g', 17)
                                                                      .arg(theirs, 0, 'g', 17)));
                    ++compared;
                }
            }
        }
        QVERIFY(row > 200);
        QVERIFY(compared > 700);
    }

    void edgeCases() {
        Ema single(1);
        QCOMPARE(*single.update(5.0), 5.0);
        QCOMPARE(*single.update(7.0), 7.0);

        Ema flat(3);
        QVERIFY(!flat.update(2.0));
        QVERIFY(!flat.update(2.0));
        QCOMPARE(*flat.update(2.0), 2.0);
        QCOMPARE(*flat.update(2.0), 2.0);

        Ema three(3);  // k = 0.5: seed 2, then 2 + (6 - 2) * 0.5 = 4
        three.update(1.0);
        three.update(2.0);
        QCOMPARE(*three.update(3.0), 2.0);
        QCOMPARE(*three.update(6.0), 4.0);
        QCOMPARE(three.lookback(), 2);

        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Ema(0));
    }
};

QTEST_APPLESS_MAIN(TestEma)
#include "test_ema.moc"
