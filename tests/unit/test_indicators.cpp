#include <QFile>
#include <QTest>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "engine/core/timestamp.h"
#include "engine/dag/graph.h"
#include "engine/data/bar_csv_reader.h"
#include "engine/indicators/close_indicator.h"
#include "engine/indicators/ema.h"
#include "engine/indicators/indicator_node.h"
#include "engine/indicators/indicator_registry.h"
#include "engine/indicators/rolling_extreme.h"
#include "engine/indicators/sma.h"

using namespace causeway::engine;

namespace {

// Agreement with a reference value: 1e-9 relative, with an absolute floor
// of 1e-9 for references below 1 in magnitude (near zero a relative bound
// means nothing: MACD histograms and momentum cross zero).
constexpr double kTolerance = 1e-9;

bool agrees(double ours, double theirs) {
    return std::abs(ours - theirs) <= kTolerance * std::max(1.0, std::abs(theirs));
}

// A golden CSV: `date` then one column per indicator output, named as
// `causeway-cli indicators` names them; an empty cell is a warm-up bar.
struct Golden {
    std::vector<std::string> columns;
    std::vector<std::string> dates;
    std::vector<std::vector<std::string>> cells;  // [row][column]
};

Golden readGolden(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        qFatal("cannot open %s", qPrintable(path));
    }
    Golden golden;
    const QList<QByteArray> header = file.readLine().trimmed().split(',');
    for (qsizetype c = 1; c < header.size(); ++c) {
        golden.columns.push_back(header[c].toStdString());
    }
    while (!file.atEnd()) {
        const QList<QByteArray> cells = file.readLine().trimmed().split(',');
        golden.dates.push_back(cells.value(0).toStdString());
        std::vector<std::string> row;
        for (qsizetype c = 1; c < cells.size(); ++c) {
            row.push_back(cells[c].toStdString());
        }
        row.resize(golden.columns.size());
        golden.cells.push_back(std::move(row));
    }
    return golden;
}

// "bbands_5_1.5.upper" -> "bbands:5:1.5"; "sar_0.02_0.2" -> "sar:0.02:0.2".
// A trailing ".field" is split off when it starts with a letter.
std::string specOfColumn(const std::string& column) {
    std::string base = column;
    const auto dot = column.rfind('.');
    if (dot != std::string::npos && std::isalpha(static_cast<unsigned char>(column[dot + 1]))) {
        base = column.substr(0, dot);
    }
    std::replace(base.begin(), base.end(), '_', ':');
    return base;
}

struct Configured {
    std::string spec;
    std::unique_ptr<Indicator> indicator;
    std::size_t firstColumn = 0;
};

Candle bar(Timestamp ts, double open, double high, double low, double close, double volume) {
    Candle candle;
    candle.ts = ts;
    candle.open = Price::fromDouble(open);
    candle.high = Price::fromDouble(high);
    candle.low = Price::fromDouble(low);
    candle.close = Price::fromDouble(close);
    candle.volume = Quantity::fromDouble(volume);
    return candle;
}

Candle closeBar(double close, double volume = 1000) {
    return bar(0, close, close, close, close, volume);
}

Timestamp at(int year, int month, int day, int hour = 0, int minute = 0) {
    return fromCivil({year, month, day, hour, minute, 0, 0});
}

std::string specError(const std::string& spec) {
    try {
        makeIndicator(spec);
    } catch (const IndicatorSpecError& error) {
        return error.what();
    }
    return "accepted";
}

}  // namespace

// Every indicator against reference values on two real series (MSFT and
// S&P 500 daily) and four edge cases (a flat stretch, zero volume, a single
// bar, a price and time gap): TA-Lib's own output for the indicators TA-Lib
// has (tests/golden/indicators_*.csv, from tests/tools/talib_golden), an
// independent Python implementation for the others (extra_*.csv, from
// tests/tools/indicators_reference.py). Warm-up must match exactly: an
// empty golden cell is an empty output and nothing else.
class TestIndicators final : public QObject {
    Q_OBJECT

private:
    void compareWithGolden(const QString& bars, const QString& goldenPath, bool exactWarmUp) {
        const std::vector<Candle> candles = loadBars(bars.toStdString());
        const Golden golden = readGolden(goldenPath);
        QCOMPARE(golden.cells.size(), candles.size());

        // The specs of the golden columns, and the column names we give them.
        std::vector<Configured> indicators;
        for (std::size_t c = 0; c < golden.columns.size();) {
            Configured configured{specOfColumn(golden.columns[c]), nullptr, c};
            configured.indicator = makeIndicator(configured.spec);
            for (const std::string& column :
                 indicatorColumns(configured.spec, *configured.indicator)) {
                QVERIFY2(c < golden.columns.size(), column.c_str());
                QCOMPARE(column, golden.columns[c]);
                ++c;
            }
            indicators.push_back(std::move(configured));
        }

        std::vector<std::int64_t> firstValue(golden.columns.size(), -1);
        std::int64_t compared = 0;
        std::int64_t identical = 0;
        for (std::size_t row = 0; row < candles.size(); ++row) {
            QCOMPARE(formatIso8601(candles[row].ts), golden.dates[row] + "T00:00:00Z");
            for (const Configured& configured : indicators) {
                configured.indicator->update(candles[row]);
                for (std::size_t o = 0; o < configured.indicator->outputCount(); ++o) {
                    const std::size_t column = configured.firstColumn + o;
                    const std::string& expected = golden.cells[row][column];
                    const auto ours = configured.indicator->value(o);
                    const std::string where = goldenPath.toStdString() + " " + golden.dates[row] +
                                              " " + golden.columns[column];
                    QVERIFY2(ours.has_value() == !expected.empty(),
                             (where + ": warm-up differs, expected '" + expected + "'").c_str());
                    if (!ours) {
                        continue;
                    }
                    const double theirs = std::stod(expected);
                    QVERIFY2(agrees(*ours, theirs), qPrintable(QString::fromStdString(where) +
                                                               QStringLiteral(": %1 vs %2")
                                                                   .arg(*ours, 0, 'g', 17)
                                                                   .arg(theirs, 0, 'g', 17)));
                    ++compared;
                    identical += *ours == theirs ? 1 : 0;
                    if (firstValue[column] < 0) {
                        firstValue[column] = static_cast<std::int64_t>(row);
                    }
                }
            }
        }
        // The declared warm-up is where the first value appeared (VWAP waits
        // for volume, so its declared warm-up is only a lower bound).
        for (const Configured& configured : indicators) {
            for (std::size_t o = 0; o < configured.indicator->outputCount(); ++o) {
                const std::int64_t first = firstValue[configured.firstColumn + o];
                const std::int64_t lookback = configured.indicator->lookback(o);
                const std::string where = configured.spec + " output " + std::to_string(o);
                if (first < 0) {
                    QVERIFY2(!exactWarmUp || lookback >= std::ssize(candles) ||
                                 configured.spec.starts_with("vwap"),
                             where.c_str());
                } else if (exactWarmUp && !configured.spec.starts_with("vwap")) {
                    QVERIFY2(first == lookback, where.c_str());
                } else {
                    QVERIFY2(first >= lookback, where.c_str());
                }
            }
        }
        qInfo("%s: %lld values compared, %lld bit-identical", qPrintable(goldenPath),
              static_cast<long long>(compared), static_cast<long long>(identical));
    }

    static void addDatasets() {
        QTest::addColumn<QString>("bars");
        QTest::addColumn<QString>("dataset");
        const QString data = QStringLiteral(CAUSEWAY_RESOURCE_DATA_DIR "/");
        const QString edge = QStringLiteral(CAUSEWAY_TEST_DATA_DIR "/");
        QTest::newRow("msft daily")
            << data + QStringLiteral("msft_daily.csv") << QStringLiteral("msft_daily");
        QTest::newRow("sp500 daily")
            << data + QStringLiteral("sp500_daily.csv") << QStringLiteral("sp500_daily");
        for (const char* name : {"edge_flat", "edge_zero_volume", "edge_single_bar", "edge_gap"}) {
            QTest::newRow(name) << edge + QLatin1String(name) + QStringLiteral(".csv")
                                << QString::fromLatin1(name);
        }
    }

private Q_SLOTS:
    void matchesTaLib_data() { addDatasets(); }
    void matchesTaLib() {
        QFETCH(QString, bars);
        QFETCH(QString, dataset);
        compareWithGolden(
            bars,
            QStringLiteral(CAUSEWAY_GOLDEN_DIR "/indicators_") + dataset + QStringLiteral(".csv"),
            true);
    }

    void matchesTheReferenceImplementation_data() { addDatasets(); }
    void matchesTheReferenceImplementation() {
        QFETCH(QString, bars);
        QFETCH(QString, dataset);
        compareWithGolden(
            bars, QStringLiteral(CAUSEWAY_GOLDEN_DIR "/extra_") + dataset + QStringLiteral(".csv"),
            true);
    }

    // TA-Lib's output for tiny inputs the golden datasets do not reach
    // (printed by `node gen_golden.mjs --probes` in tests/tools/talib_golden): its zero band is
    // 1e-14, so 1e-9 moves count; MFI reports 0 for a window with less than 1 of money flow; a tie
    // between +DM and -DM starts the SAR long; ROC of a zero price is 0. Fed as doubles: 1e-9 is
    // below the fixed-point grid.
    void taLibProbes() {
        using Row = std::vector<std::optional<double>>;
        const auto run = [](const std::string& spec, const std::vector<BarInput>& bars,
                            std::size_t output = 0) {
            auto indicator = makeIndicator(spec);
            Row values;
            for (const BarInput& input : bars) {
                indicator->update(input);
                values.push_back(indicator->value(output));
            }
            return values;
        };
        const auto flat = [](std::vector<double> closes, double volume = 1.0) {
            std::vector<BarInput> bars;
            for (const double close : closes) {
                bars.push_back({0, close, close, close, close, volume});
            }
            return bars;
        };
        const std::vector<double> tiny{1, 1.000000001, 1.000000002, 1.000000003, 1.000000004};
        const std::nullopt_t none = std::nullopt;

        QCOMPARE(run("rsi:2", flat(tiny)), (Row{none, none, 100.0, 100.0, 100.0}));
        const auto bands = flat({1, 1.00001, 1, 1.00001});
        QCOMPARE(run("bbands:2:1", bands, 0)[3], 1.0000100000002068);
        QCOMPARE(run("bbands:2:1", bands, 1)[3], 1.000005);
        QCOMPARE(run("bbands:2:1", bands, 2)[3], 0.9999999999997932);

        std::vector<BarInput> rising;
        for (const double high : tiny) {
            rising.push_back({0, 1, high, 1, 1, 1});
        }
        QCOMPARE(run("adx:2", rising, 1),
                 (Row{none, none, 59.9999964472863, 41.17647120289163, 30.61224593373575}));

        std::vector<BarInput> cci;
        for (const double high : {1.0, 1.0, 1.0, 1.000000001}) {
            cci.push_back({0, 1, high, 1, 1, 1});
        }
        QCOMPARE(run("cci:2", cci), (Row{none, 0.0, 0.0, 66.66666666666667}));
        QCOMPARE(run("mfi:2", flat({1, 2, 3, 4, 5}, 0.01)), (Row{none, none, 0.0, 0.0, 0.0}));

        const std::vector<BarInput> tie{
            {0, 9, 10, 9, 9, 1}, {0, 8, 11, 8, 8, 1}, {0, 9, 12, 9, 9, 1}};
        QCOMPARE(run("sar:0.02:0.2", tie), (Row{none, 11.0, 8.0}));
        QCOMPARE(run("roc:1", flat({0, 5, 10})), (Row{none, 0.0, 100.0}));
    }

    void smaByHand() {
        Sma sma(3);
        QVERIFY(!sma.update(1.0));
        QVERIFY(!sma.update(2.0));
        QCOMPARE(*sma.update(3.0), 2.0);
        QCOMPARE(*sma.update(4.0), 3.0);
        QCOMPARE(*sma.update(8.0), 5.0);
        QCOMPARE(sma.lookback(), 2);
    }

    void rsiOnAFlatStretchIsZeroThenMoves() {
        auto rsi = makeIndicator("rsi:3");
        for (int i = 0; i < 3; ++i) {
            rsi->update(closeBar(10.0));
            QVERIFY(!rsi->value());
        }
        rsi->update(closeBar(10.0));  // three changes of 0: TA-Lib reports 0, not 50
        QCOMPARE(*rsi->value(), 0.0);
        rsi->update(closeBar(11.0));  // gain (0 x 2 + 1) / 3, loss 0
        QCOMPARE(*rsi->value(), 100.0);
        rsi->update(closeBar(10.0));  // gain 2/9, loss 1/3: 100 x (2/9) / (5/9)
        QVERIFY(agrees(*rsi->value(), 40.0));
    }

    void obvIgnoresBarsWithoutVolume() {
        auto obv = makeIndicator("obv");
        obv->update(closeBar(10.0, 100));
        QCOMPARE(*obv->value(), 100.0);
        obv->update(closeBar(11.0, 0));
        QCOMPARE(*obv->value(), 100.0);
        obv->update(closeBar(9.0, 50));
        QCOMPARE(*obv->value(), 50.0);
        obv->update(closeBar(9.0, 70));  // unchanged close: volume not counted
        QCOMPARE(*obv->value(), 50.0);
        obv->update(closeBar(12.0, 0));
        QCOMPARE(*obv->value(), 50.0);
    }

    void vwapStartsOverEachUtcSession() {
        auto vwap = makeIndicator("vwap");
        vwap->update(bar(at(2024, 3, 4, 23, 0), 10, 12, 9, 12, 100));  // typical 11
        QCOMPARE(*vwap->value(), 11.0);
        vwap->update(bar(at(2024, 3, 4, 23, 30), 12, 14, 13, 15, 300));  // typical 14
        QCOMPARE(*vwap->value(), (11.0 * 100 + 14.0 * 300) / 400);
        vwap->update(bar(at(2024, 3, 5, 0, 0), 20, 21, 20, 22, 0));  // new day, no volume yet
        QVERIFY(!vwap->value());
        vwap->update(bar(at(2024, 3, 5, 0, 30), 20, 21, 20, 22, 10));
        QCOMPARE(*vwap->value(), 21.0);
    }

    void vwapAnchors() {
        auto week = makeIndicator("vwap:week");
        auto month = makeIndicator("vwap:month");
        auto none = makeIndicator("vwap:none");
        // Sunday 31 March, Monday 1 April 2024: a new week and a new month
        for (auto* indicator : {week.get(), month.get(), none.get()}) {
            indicator->update(bar(at(2024, 3, 30), 3, 3, 3, 3, 1));
            indicator->update(bar(at(2024, 3, 31), 6, 6, 6, 6, 1));
        }
        QCOMPARE(*week->value(), 4.5);
        QCOMPARE(*month->value(), 4.5);
        QCOMPARE(*none->value(), 4.5);
        for (auto* indicator : {week.get(), month.get(), none.get()}) {
            indicator->update(bar(at(2024, 4, 1), 9, 9, 9, 9, 2));
        }
        QCOMPARE(*week->value(), 9.0);
        QCOMPARE(*month->value(), 9.0);
        QCOMPARE(*none->value(), (3.0 + 6.0 + 18.0) / 4);
        // Tuesday 30 April -> Wednesday 1 May: a new month within the week
        week->update(bar(at(2024, 4, 30), 1, 1, 1, 1, 2));
        month->update(bar(at(2024, 4, 30), 1, 1, 1, 1, 2));
        week->update(bar(at(2024, 5, 1), 4, 4, 4, 4, 2));
        month->update(bar(at(2024, 5, 1), 4, 4, 4, 4, 2));
        QCOMPARE(*week->value(), 2.5);
        QCOMPARE(*month->value(), 4.0);
    }

    void ichimokuReportsTheSpansThatApplyToTheCurrentBar() {
        // tenkan 2, kijun 3 (also the displacement), senkou B 4
        auto ichimoku = makeIndicator("ichimoku:2:3:4");
        QCOMPARE(ichimoku->lookback(0), 1);
        QCOMPARE(ichimoku->lookback(1), 2);
        QCOMPARE(ichimoku->lookback(2), 5);
        QCOMPARE(ichimoku->lookback(3), 6);
        std::vector<std::vector<std::optional<double>>> seen;
        for (int i = 0; i < 8; ++i) {
            // high = 10 + i, low = i: every midpoint over n bars ending at i
            // is (10 + i + i - n + 1) / 2
            ichimoku->update(bar(0, 5, 10 + i, i, 5, 1));
            seen.push_back(
                {ichimoku->value(0), ichimoku->value(1), ichimoku->value(2), ichimoku->value(3)});
        }
        const auto midpoint = [](int i, int n) { return (10.0 + i + i - n + 1) / 2; };
        QCOMPARE(*seen[1][0], midpoint(1, 2));
        QCOMPARE(*seen[2][1], midpoint(2, 3));
        QVERIFY(!seen[4][2]);
        // span A over bar 5 was computed on bar 2, the first with both lines
        QCOMPARE(*seen[5][2], (midpoint(2, 2) + midpoint(2, 3)) / 2);
        QCOMPARE(*seen[7][2], (midpoint(4, 2) + midpoint(4, 3)) / 2);
        QVERIFY(!seen[5][3]);
        QCOMPARE(*seen[6][3], midpoint(3, 4));
        QCOMPARE(*seen[7][3], midpoint(4, 4));
    }

    void donchianAndKeltnerByHand() {
        auto donchian = makeIndicator("donchian:2");
        donchian->update(bar(0, 5, 8, 4, 5, 1));
        QVERIFY(!donchian->value(0));
        donchian->update(bar(0, 5, 7, 1, 5, 1));
        QCOMPARE(*donchian->value(0), 8.0);
        QCOMPARE(*donchian->value(1), 4.5);
        QCOMPARE(*donchian->value(2), 1.0);
        donchian->update(bar(0, 5, 6, 2, 5, 1));
        QCOMPARE(*donchian->value(0), 7.0);
        QCOMPARE(*donchian->value(2), 1.0);

        // EMA(2) and ATR(1): the true range of the bar, from its second bar on
        auto keltner = makeIndicator("keltner:2:2:1");
        keltner->update(bar(0, 10, 11, 9, 10, 1));
        QVERIFY(!keltner->value(1));
        keltner->update(bar(0, 10, 13, 11, 12, 1));  // EMA (10 + 12) / 2, TR 3
        QCOMPARE(*keltner->value(0), 11.0 + 2 * 3.0);
        QCOMPARE(*keltner->value(1), 11.0);
        QCOMPARE(*keltner->value(2), 11.0 - 2 * 3.0);
        QCOMPARE(makeIndicator("keltner:20:2")->lookback(), 19);  // ATR 10 by default
        QCOMPARE(makeIndicator("keltner:5:2")->lookback(), 10);
    }

    void macdSeedsTheFastEmaOnTheSlowEmasFirstBar() {
        auto macd = makeIndicator("macd:2:4:1");
        const std::vector<double> closes{1, 2, 4, 8, 16};
        Ema fromStart(2);
        Ema slow(4);
        for (const double close : closes) {
            macd->update(closeBar(close));
            fromStart.update(close);
            slow.update(close);
        }
        // seeded on bar 3 by the mean of closes 2 and 3 (6), then 6 + (16 - 6) x 2/3
        const double fast = 6.0 + (16.0 - 6.0) * (2.0 / 3.0);
        QVERIFY(agrees(*macd->value(0), fast - *slow.value()));
        QVERIFY(!agrees(*macd->value(0), *fromStart.value() - *slow.value()));
        QCOMPARE(*macd->value(2), 0.0);  // a signal EMA of period 1 is the MACD itself
    }

    void aSingleBarGivesValuesOnlyWithoutWarmUp() {
        for (const std::string& name : indicatorNames()) {
            const std::string form = indicatorForm(name);
            // the smallest valid spec of each indicator
            const std::string spec = name == "macd"                              ? "macd:2:3:1"
                                     : name == "sar"                             ? "sar:0.02:0.2"
                                     : name == "bbands"                          ? "bbands:2:2"
                                     : name == "keltner"                         ? "keltner:2:1:1"
                                     : name == "stoch"                           ? "stoch:1:1:1"
                                     : name == "stochrsi"                        ? "stochrsi:2:1:1"
                                     : form.find(":PERIOD") != std::string::npos ? name + ":2"
                                                                                 : name;
            auto indicator = makeIndicator(spec);
            indicator->update(bar(at(2024, 1, 1), 10, 11, 9, 10.5, 100));
            const bool running = name == "obv" || name == "ad" || name == "vwap" || name == "stoch";
            QVERIFY2(indicator->value().has_value() == running, spec.c_str());
            QVERIFY2((indicator->lookback() == 0) == running, spec.c_str());
        }
        // %K over one bar: where the close sits in that bar's range
        auto stoch = makeIndicator("stoch:1:1:1");
        stoch->update(bar(at(2024, 1, 1), 10, 11, 9, 10.5, 100));
        QCOMPARE(*stoch->value(0), 75.0);
    }

    void rollingExtremesMatchAScan() {
        std::mt19937 random(7);
        std::uniform_int_distribution<int> price(0, 20);  // many ties on purpose
        for (const std::size_t period : {1u, 2u, 3u, 7u}) {
            RollingMax highest(period);
            RollingMin lowest(period);
            std::vector<double> values;
            for (int i = 0; i < 500; ++i) {
                values.push_back(price(random));
                highest.push(values.back());
                lowest.push(values.back());
                const std::size_t from = values.size() > period ? values.size() - period : 0;
                const auto begin = values.begin() + static_cast<std::ptrdiff_t>(from);
                QCOMPARE(highest.value(), *std::max_element(begin, values.end()));
                QCOMPARE(lowest.value(), *std::min_element(begin, values.end()));
                QCOMPARE(highest.full(), values.size() >= period);
            }
        }
    }

    void specsAreParsedAndNamed() {
        auto macd = makeIndicator("macd:12:26:9");
        QCOMPARE(indicatorColumns("macd:12:26:9", *macd),
                 (std::vector<std::string>{"macd_12_26_9.macd", "macd_12_26_9.signal",
                                           "macd_12_26_9.hist"}));
        QCOMPARE(indicatorColumns("rsi:14", *makeIndicator("rsi:14")),
                 (std::vector<std::string>{"rsi_14"}));
        QCOMPARE(indicatorColumns("vwap", *makeIndicator("vwap")),
                 (std::vector<std::string>{"vwap"}));
        QCOMPARE(indicatorColumns("adx:14", *makeIndicator("adx:14")),
                 (std::vector<std::string>{"adx_14.adx", "adx_14.plus_di", "adx_14.minus_di"}));
        QCOMPARE(makeIndicator("ichimoku")->lookback(3), 51 + 26);
        QCOMPARE(indicatorForm("keltner"), std::string("keltner:PERIOD:MULTIPLIER[:ATR_PERIOD]"));
        QCOMPARE(indicatorForm("ichimoku"), std::string("ichimoku[:TENKAN][:KIJUN][:SENKOU_B]"));
        QCOMPARE(indicatorNames().size(), std::size_t{25});
    }

    void badSpecsSayWhatIsValid() {
        QCOMPARE(specError("foo"),
                 std::string("unknown indicator 'foo' (valid: ad, adx, atr, bbands, cci, dema, "
                             "donchian, ema, ichimoku, keltner, macd, mfi, mom, natr, obv, roc, "
                             "rsi, sar, sma, stoch, stochrsi, tema, vwap, willr, wma)"));
        QCOMPARE(specError("rsi:x"), std::string("indicator 'rsi': parameter 'period' must be an "
                                                 "integer from 2 to 100000, got 'x'"));
        QCOMPARE(specError("rsi:1"), std::string("indicator 'rsi': parameter 'period' must be an "
                                                 "integer from 2 to 100000, got '1'"));
        QCOMPARE(specError("sma:14.5"), std::string("indicator 'sma': parameter 'period' must be "
                                                    "an integer from 2 to 100000, got '14.5'"));
        QCOMPARE(specError("rsi"), std::string("indicator 'rsi': expected rsi:PERIOD, got 'rsi'"));
        QCOMPARE(specError("rsi:14:3"),
                 std::string("indicator 'rsi': expected rsi:PERIOD, got 'rsi:14:3'"));
        QCOMPARE(specError("obv:3"), std::string("indicator 'obv': expected obv, got 'obv:3'"));
        QCOMPARE(specError("macd:12:26"),
                 std::string("indicator 'macd': expected macd:FAST:SLOW:SIGNAL, got 'macd:12:26'"));
        QCOMPARE(specError("macd:26:12:9"),
                 std::string("indicator 'macd': parameter 'slow' must be greater than 'fast' "
                             "(26), got '12'"));
        QCOMPARE(specError("bbands:20:-2"),
                 std::string("indicator 'bbands': parameter 'deviations' must be a number greater "
                             "than 0, got '-2'"));
        QCOMPARE(specError("bbands:20:nan"),
                 std::string("indicator 'bbands': parameter 'deviations' must be a number greater "
                             "than 0, got 'nan'"));
        QCOMPARE(specError("sar:0.2:0.02"),
                 std::string("indicator 'sar': parameter 'maximum' must be at least "
                             "'acceleration' (0.2), got '0.02'"));
        QCOMPARE(specError("vwap:day"),
                 std::string("indicator 'vwap': parameter 'anchor' must be one of session, week, "
                             "month, none, got 'day'"));
        QCOMPARE(specError("natr:1"), std::string("indicator 'natr': parameter 'period' must be "
                                                  "an integer from 2 to 100000, got '1'"));
        QCOMPARE(specError("ema:100001"), std::string("indicator 'ema': parameter 'period' must "
                                                      "be an integer from 2 to 100000, got "
                                                      "'100001'"));
        QCOMPARE(specError("keltner:20"),
                 std::string("indicator 'keltner': expected "
                             "keltner:PERIOD:MULTIPLIER[:ATR_PERIOD], got 'keltner:20'"));
        QCOMPARE(specError("sma:20"), std::string("accepted"));
        QCOMPARE(specError("ichimoku:9"), std::string("accepted"));
    }

    void indicatorNodeFeedsFromCandles() {
        Graph graph;
        auto& candles = graph.emplace<CandleNode>("candles");
        auto& macd = graph.emplace<IndicatorNode>("macd", "candles", "macd:2:3:2");
        auto& sma = graph.emplace<IndicatorNode>("sma", "candles",
                                                 std::make_unique<CloseIndicator<Sma>>(2));
        graph.finalize();
        auto direct = makeIndicator("macd:2:3:2");
        std::optional<double> lastSignal;
        for (const double close : {1.0, 3.0, 2.0, 5.0, 4.0, 6.0}) {
            candles.set(closeBar(close));
            graph.propagate(candles);
            direct->update(closeBar(close));
            QCOMPARE(macd.previous(1), lastSignal);
            QCOMPARE(macd.value(1), direct->value(1));
            lastSignal = macd.value(1);
        }
        QCOMPARE(*sma.value(), 5.0);
        QCOMPARE(*sma.previous(), 4.5);
        QCOMPARE(macd.output("signal"), std::size_t{1});
        try {
            macd.output("k");
            QFAIL("unknown output accepted");
        } catch (const std::invalid_argument& error) {
            QCOMPARE(std::string(error.what()),
                     std::string("indicator node 'macd' has no output 'k' (valid: 'macd', "
                                 "'signal', 'hist')"));
        }
    }
};

QTEST_APPLESS_MAIN(TestIndicators)
#include "test_indicators.moc"
