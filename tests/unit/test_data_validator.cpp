#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <stdexcept>
#include <vector>

#include "engine/data/bar_csv_reader.h"
#include "engine/data/data_validator.h"
#include "engine/data/tick_csv_reader.h"

using namespace causeway::engine;

namespace {

Timestamp at(const char* iso) {
    return *parseTimestamp(iso);
}

constexpr Timestamp kMilli = 1'000'000;
constexpr Timestamp kMinute = 60 * kNanosPerSecond;

Tick tick(Timestamp ts, const char* price, std::int64_t size = 1, const char* symbol = "EURUSD") {
    Tick t;
    t.symbol = Symbol(symbol);
    t.ts = ts;
    t.price = *Price::parse(price);
    t.size = Quantity::fromInt(size);
    return t;
}

Candle bar(Timestamp ts, const char* close, Timeframe timeframe = Timeframe{30 * kMinute}) {
    Candle c;
    c.symbol = Symbol("USDCHF");
    c.ts = ts;
    c.timeframe = timeframe;
    c.open = c.high = c.low = c.close = *Price::parse(close);
    c.volume = Quantity::fromInt(1);
    return c;
}

// Only the rule under test: everything else off.
ValidationConfig only(ValidationRule rule) {
    ValidationConfig config;
    config.dropDuplicates = rule == ValidationRule::kDuplicate;
    config.maxJumpPercent = rule == ValidationRule::kPriceJump ? 10.0 : 0.0;
    config.volumeSigmas = rule == ValidationRule::kVolumeOutlier ? 3.0 : 0.0;
    config.maxGap = rule == ValidationRule::kGap ? 5 * kNanosPerSecond : 0;
    config.gapFactor = rule == ValidationRule::kGap ? 1.0 : 0.0;
    return config;
}

}  // namespace

class TestDataValidator final : public QObject {
    Q_OBJECT

private:
    std::vector<ValidationIssue> m_issues;

    DataValidator validator(const ValidationConfig& config) {
        m_issues.clear();
        return DataValidator(config,
                             [this](const ValidationIssue& issue) { m_issues.push_back(issue); });
    }

private Q_SLOTS:
    void rejectsTimeGoingBack() {
        auto v = validator(only(ValidationRule::kNonMonotonic));
        const Timestamp t = at("2024-01-02T10:00:00Z");
        QVERIFY(v.check(tick(t, "1.1"), 2));
        QVERIFY(v.check(tick(t + kNanosPerSecond, "1.2"), 3));
        QVERIFY(v.check(tick(t + kNanosPerSecond, "1.3"), 4));  // same time: fine for ticks
        QVERIFY(!v.check(tick(t + 500 * kMilli, "1.4"), 5));
        QVERIFY(v.check(tick(t + 2 * kNanosPerSecond, "1.5"), 6));

        QCOMPARE(v.metrics().events, std::int64_t(5));
        QCOMPARE(v.metrics().accepted, std::int64_t(4));
        QCOMPARE(v.metrics().nonMonotonic, std::int64_t(1));
        QCOMPARE(v.metrics().rejected(), std::int64_t(1));
        QCOMPARE(m_issues.size(), std::size_t(1));
        const ValidationIssue& issue = m_issues.front();
        QCOMPARE(issue.rule, ValidationRule::kNonMonotonic);
        QCOMPARE(issue.symbol.name(), std::string("EURUSD"));
        QCOMPARE(issue.ts, t + 500 * kMilli);
        QCOMPARE(issue.sequence, std::int64_t(5));
        QVERIFY(issue.rejected);
        QCOMPARE(issue.detail, std::string("timestamp 2024-01-02T10:00:00.5Z is before the "
                                           "previous 2024-01-02T10:00:01Z"));
    }

    void barsMustAdvance() {
        auto v = validator(only(ValidationRule::kNonMonotonic));
        const Timestamp t = at("2024-01-02T10:00:00Z");
        QVERIFY(v.check(bar(t, "1.1")));
        QVERIFY(!v.check(bar(t, "1.2")));
        QCOMPARE(m_issues.at(0).detail, std::string("timestamp 2024-01-02T10:00:00Z is not "
                                                    "after the previous 2024-01-02T10:00:00Z"));
        // without a caller's location, the validator's own event count
        QCOMPARE(m_issues.at(0).sequence, std::int64_t(2));
    }

    void checksEachSymbolOnItsOwn() {
        auto v = validator(only(ValidationRule::kNonMonotonic));
        const Timestamp t = at("2024-01-02T10:00:00Z");
        QVERIFY(v.check(tick(t + kMinute, "1.1", 1, "EURUSD")));
        QVERIFY(v.check(tick(t, "150", 1, "USDJPY")));  // older, but another symbol
        QVERIFY(!v.check(tick(t, "1.1", 1, "EURUSD")));
        QCOMPARE(v.metrics(Symbol("EURUSD")).nonMonotonic, std::int64_t(1));
        QCOMPARE(v.metrics(Symbol("EURUSD")).accepted, std::int64_t(1));
        QCOMPARE(v.metrics(Symbol("USDJPY")).nonMonotonic, std::int64_t(0));
        QCOMPARE(v.metrics(Symbol("USDJPY")).accepted, std::int64_t(1));
        QCOMPARE(v.metrics().accepted, std::int64_t(2));
        QCOMPARE(v.metrics(Symbol("GBPUSD")), ValidationMetrics{});
    }

    void dropsDuplicatesWithinTheWindow() {
        ValidationConfig config = only(ValidationRule::kDuplicate);
        config.duplicateWindow = 60 * kNanosPerSecond;
        auto v = validator(config);
        const Timestamp t = at("2024-01-02T10:00:00Z");
        const Tick first = tick(t, "1.1", 5);
        QVERIFY(v.check(first));
        QVERIFY(v.check(tick(t, "1.1", 6)));  // same time, other size: another print
        QVERIFY(v.check(tick(t + 30 * kNanosPerSecond, "1.2")));
        QVERIFY(!v.check(first));  // re-delivered while still in the window
        QCOMPARE(v.metrics().duplicates, std::int64_t(1));
        QCOMPARE(v.metrics().nonMonotonic, std::int64_t(0));
        QCOMPARE(m_issues.at(0).rule, ValidationRule::kDuplicate);
        QCOMPARE(m_issues.at(0).detail,
                 std::string("duplicate of the event at 2024-01-02T10:00:00Z"));

        // once the window has moved past it, a repeat is just out of order
        QVERIFY(v.check(tick(t + 61 * kNanosPerSecond, "1.3")));
        QVERIFY(!v.check(first));
        QCOMPARE(v.metrics().duplicates, std::int64_t(1));
        QCOMPARE(v.metrics().nonMonotonic, std::int64_t(1));

        // identical bars too
        QVERIFY(v.check(bar(t + kMinute * 2, "1.5")));
        QVERIFY(!v.check(bar(t + kMinute * 2, "1.5")));
        QCOMPARE(v.metrics().duplicates, std::int64_t(2));
    }

    void duplicateWindowHasACapacity() {
        ValidationConfig config = only(ValidationRule::kDuplicate);
        config.duplicateCapacity = 2;
        auto v = validator(config);
        const Timestamp t = at("2024-01-02T10:00:00Z");
        QVERIFY(v.check(tick(t, "1.1")));
        QVERIFY(v.check(tick(t, "1.2")));
        QVERIFY(!v.check(tick(t, "1.2")));
        QVERIFY(v.check(tick(t, "1.3")));
        QVERIFY(v.check(tick(t, "1.1")));  // forgotten: only the last two are kept
        QCOMPARE(v.metrics().duplicates, std::int64_t(1));
    }

    void keepsIdenticalPrintsWhenDeduplicationIsOff() {
        auto v = validator(only(ValidationRule::kNonMonotonic));
        const Timestamp t = at("2024-01-02T10:00:00Z");
        QVERIFY(v.check(tick(t, "1.1")));
        QVERIFY(v.check(tick(t, "1.1")));
        QCOMPARE(v.metrics().accepted, std::int64_t(2));
    }

    void flagsPriceJumpsWithinTheWindow() {
        auto v = validator(only(ValidationRule::kPriceJump));  // 10% within 1 s
        const Timestamp t = at("2024-01-02T10:00:00Z");
        QVERIFY(v.check(tick(t, "100")));
        QVERIFY(v.check(tick(t + 300 * kMilli, "104")));
        QVERIFY(v.check(tick(t + 600 * kMilli, "108")));
        QCOMPARE(v.metrics().priceJumps, std::int64_t(0));
        // each step under 10%, but 11% above the low of the last second;
        // flagged, not dropped
        QVERIFY(v.check(tick(t + 900 * kMilli, "111")));
        QCOMPARE(v.metrics().priceJumps, std::int64_t(1));
        QCOMPARE(m_issues.at(0).rule, ValidationRule::kPriceJump);
        QVERIFY(!m_issues.at(0).rejected);
        QCOMPARE(m_issues.at(0).detail,
                 std::string("price 111 is 11.00% above 100 within 1s, limit 10%"));

        // 100 left the window (older than 1 s): 111 -> 112 is no jump
        QVERIFY(v.check(tick(t + 1'100 * kMilli, "112")));
        QCOMPARE(v.metrics().priceJumps, std::int64_t(1));

        // down: 112 -> 99 is 11.6% below the window's high
        QVERIFY(v.check(tick(t + 1'200 * kMilli, "99")));
        QCOMPARE(v.metrics().priceJumps, std::int64_t(2));
        QCOMPARE(m_issues.at(1).detail,
                 std::string("price 99 is 11.61% below 112 within 1s, limit 10%"));

        // the same move spread over more than the window is not flagged
        QVERIFY(v.check(tick(t + 10 * kNanosPerSecond, "80")));
        QCOMPARE(v.metrics().priceJumps, std::int64_t(2));
        QCOMPARE(v.metrics().accepted, std::int64_t(7));
    }

    void flagsVolumeOutliers() {
        ValidationConfig config = only(ValidationRule::kVolumeOutlier);
        config.volumeWindow = 5;
        auto v = validator(config);
        const Timestamp t = at("2024-01-02T10:00:00Z");
        std::int64_t n = 0;
        const auto add = [&](std::int64_t size) {
            return v.check(tick(t + ++n * kNanosPerSecond, "1.1", size));
        };
        // a window is not judged before it is full
        for (const std::int64_t size : {10, 12, 10, 1000}) {
            QVERIFY(add(size));
        }
        QCOMPARE(v.metrics().volumeOutliers, std::int64_t(0));
        // window 12, 10, 1000, 10, 12 after these two
        QVERIFY(add(10));
        QVERIFY(add(12));
        // mean 208.8, sd 395.6: 1000 would be 2 sd away, 1500 is 3.26
        QVERIFY(add(1500));
        QCOMPARE(v.metrics().volumeOutliers, std::int64_t(1));
        QCOMPARE(m_issues.at(0).rule, ValidationRule::kVolumeOutlier);
        QCOMPARE(m_issues.at(0).detail,
                 std::string("volume 1500 is 3.26 standard deviations from the mean 208.8 of "
                             "the previous 5, limit 3"));
        QCOMPARE(m_issues.at(0).sequence, std::int64_t(7));
    }

    void volumeOutliersNeedSpread() {
        ValidationConfig config = only(ValidationRule::kVolumeOutlier);
        config.volumeWindow = 3;
        auto v = validator(config);
        const Timestamp t = at("2024-01-02T10:00:00Z");
        for (int i = 0; i < 3; ++i) {
            QVERIFY(v.check(tick(t + i * kNanosPerSecond, "1.1", 7)));
        }
        QVERIFY(v.check(tick(t + 3 * kNanosPerSecond, "1.1", 7000)));
        QCOMPARE(v.metrics().volumeOutliers, std::int64_t(0));
    }

    void rollingStatisticsStayExactOverLongRuns() {
        // Thousands of updates of the running mean and variance, then a
        // window of 10, 20, 10, 20 (mean 15, sd 5): 31 is 3.2 sd away, 29 is
        // 2.8. Drift in the running sums would move either across 3.
        ValidationConfig config = only(ValidationRule::kVolumeOutlier);
        config.volumeWindow = 4;
        config.volumeSigmas = 3.0;
        auto v = validator(config);
        Timestamp t = at("2024-01-02T10:00:00Z");
        for (int i = 0; i < 10'001; ++i) {
            v.check(tick(t += kNanosPerSecond, "1.1", (i * 7919) % 1000 + 1));
        }
        for (const std::int64_t size : {10, 20, 10, 20}) {
            v.check(tick(t += kNanosPerSecond, "1.1", size));
        }
        const std::int64_t before = v.metrics().volumeOutliers;
        v.check(tick(t += kNanosPerSecond, "1.1", 29));
        QCOMPARE(v.metrics().volumeOutliers, before);
        for (const std::int64_t size : {20, 10, 20, 10}) {
            v.check(tick(t += kNanosPerSecond, "1.1", size));
        }
        const std::int64_t again = v.metrics().volumeOutliers;
        v.check(tick(t += kNanosPerSecond, "1.1", 31));
        QCOMPARE(v.metrics().volumeOutliers, again + 1);
    }

    void flagsGapsInTicks() {
        auto v = validator(only(ValidationRule::kGap));  // ticks: more than 5 s
        const Timestamp t = at("2024-01-02T10:00:00Z");
        QVERIFY(v.check(tick(t, "1.1")));
        QVERIFY(v.check(tick(t + 5 * kNanosPerSecond, "1.1")));  // exactly the limit
        QVERIFY(v.check(tick(t + 11'250 * kMilli, "1.1")));
        QCOMPARE(v.metrics().gaps, std::int64_t(1));
        QVERIFY(!m_issues.at(0).rejected);
        QCOMPARE(m_issues.at(0).detail,
                 std::string("gap of 6.25s since 2024-01-02T10:00:05Z, limit 5s"));
    }

    void flagsMissingBarsAndCanSkipTheWeekend() {
        ValidationConfig config = only(ValidationRule::kGap);  // bars: more than 1 x tf
        auto plain = validator(config);
        // 2024-01-05 is a Friday
        for (const char* time :
             {"2024-01-04T22:00:00Z", "2024-01-04T22:30:00Z", "2024-01-04T23:30:00Z",
              "2024-01-05T21:30:00Z", "2024-01-07T22:00:00Z"}) {
            QVERIFY(plain.check(bar(at(time), "1.1")));
        }
        QCOMPARE(plain.metrics().gaps, std::int64_t(3));
        QCOMPARE(m_issues.at(0).detail,
                 std::string("gap of 1h since 2024-01-04T22:30:00Z, limit 30m"));

        config.excluded = WeeklyWindow::fxWeekend();
        auto fx = validator(config);
        for (const char* time :
             {"2024-01-04T22:00:00Z", "2024-01-04T22:30:00Z", "2024-01-05T21:30:00Z",
              "2024-01-07T22:00:00Z", "2024-01-11T22:30:00Z", "2024-01-14T23:00:00Z"}) {
            QVERIFY(fx.check(bar(at(time), "1.1")));
        }
        // Thu -> Fri and Sun -> Thu are real gaps; Fri 21:30 -> Sun 22:00 is
        // the weekend; Thu 22:30 -> Sun 23:00 misses a Friday
        QCOMPARE(fx.metrics().gaps, std::int64_t(3));
        QCOMPARE(m_issues.at(2).detail,
                 std::string("gap of 22h30m (3d30m less 2d2h in the excluded weekly window) "
                             "since 2024-01-11T22:30:00Z, limit 30m"));
    }

    void findsTheKnownGapsOfTheBundledFxSeries() {
        // tests/tools-style independent count (Python, interval arithmetic):
        // 261 gaps over 30 minutes, of which 3 remain outside FX weekends:
        // Christmas 1996, Christmas 1998 and New Year 1999.
        ValidationConfig config = only(ValidationRule::kGap);
        config.maxGap = 30 * kMinute;
        for (const bool skipWeekends : {false, true}) {
            if (skipWeekends) {
                config.excluded = WeeklyWindow::fxWeekend();
            }
            auto v = validator(config);
            TickCsvReader reader(CAUSEWAY_RESOURCE_DATA_DIR "/usdchf_30m.csv");
            Tick t;
            while (reader.next(t)) {
                QVERIFY(v.check(t, reader.line()));
            }
            QCOMPARE(v.metrics().gaps, std::int64_t(skipWeekends ? 3 : 261));
            QCOMPARE(v.metrics().accepted, std::int64_t(62'496));
        }
        QCOMPARE(formatIso8601(m_issues.at(0).ts), std::string("1996-12-25T23:00:00Z"));
        QCOMPARE(m_issues.at(0).sequence, std::int64_t(9'218));  // its file line
    }

    void weeklyWindowOverlap() {
        const WeeklyWindow fx = WeeklyWindow::fxWeekend();
        const Timestamp hour = 60 * kMinute;
        // a whole week holds the window once: 50 hours
        QCOMPARE(fx.overlap(at("2024-01-01T00:00:00Z"), at("2024-01-08T00:00:00Z")), 50 * hour);
        QCOMPARE(fx.overlap(at("2024-01-05T20:00:00Z"), at("2024-01-05T22:00:00Z")), hour);
        QCOMPARE(fx.overlap(at("2024-01-07T22:00:00Z"), at("2024-01-08T01:00:00Z")), hour);
        QCOMPARE(fx.overlap(at("2024-01-08T00:00:00Z"), at("2024-01-12T20:00:00Z")), Timestamp(0));
        QCOMPARE(fx.overlap(at("1969-12-26T00:00:00Z"), at("1969-12-29T00:00:00Z")), 50 * hour);

        // a window over the week's end: Saturday 00:00 to Monday 01:00
        const WeeklyWindow wrap{5 * kNanosPerDay, hour};
        QCOMPARE(wrap.overlap(at("2024-01-05T00:00:00Z"), at("2024-01-09T00:00:00Z")), 49 * hour);
        QCOMPARE(wrap.overlap(at("2024-01-08T00:30:00Z"), at("2024-01-08T03:00:00Z")), hour / 2);
        QCOMPARE(wrap.overlap(at("2024-01-05T12:00:00Z"), at("2024-01-06T12:00:00Z")), 12 * hour);
        QCOMPARE(wrap.overlap(at("2024-01-06T00:00:00Z"), at("2024-01-06T00:00:00.000000001Z")),
                 Timestamp(1));
        QCOMPARE(wrap.overlap(at("2024-01-01T00:00:00Z"), at("2024-01-15T00:00:00Z")),
                 2 * 49 * hour);
    }

    void refusesImpossibleConfigurations() {
        ValidationConfig negative;
        negative.jumpWindow = -1;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, DataValidator{negative});
        ValidationConfig noCapacity;
        noCapacity.duplicateCapacity = 0;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, DataValidator{noCapacity});
        ValidationConfig badWindow;
        badWindow.excluded = WeeklyWindow{kNanosPerDay, kNanosPerDay};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, DataValidator{badWindow});
    }

    void validatesABarFileWithItsLines() {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bars.csv"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        // daily bars: a 25% jump on 2024-01-04 (line 5), then 8 days
        // without data before 2024-01-15 (line 7)
        file.write(
            "date,open,high,low,close,volume\n"
            "2024-01-01,100,101,99,100,10\n"
            "2024-01-02,100,101,99,100,10\n"
            "2024-01-03,100,101,99,100,10\n"
            "2024-01-04,125,126,124,125,10\n"
            "2024-01-05,125,126,124,125,10\n"
            "2024-01-15,125,126,124,125,10\n");
        file.close();
        const ValidatedBars loaded = loadValidatedBars(path.toStdString());
        QCOMPARE(loaded.bars.size(), std::size_t{6});  // flags keep their bars
        QCOMPARE(loaded.metrics.priceJumps, 1);
        QCOMPARE(loaded.metrics.gaps, 1);
        QCOMPARE(loaded.issues.size(), std::size_t{2});
        QCOMPARE(loaded.issues[0].rule, ValidationRule::kPriceJump);
        QCOMPARE(loaded.issues[0].sequence, std::int64_t{5});
        QCOMPARE(loaded.issues[1].rule, ValidationRule::kGap);
        QCOMPARE(loaded.issues[1].sequence, std::int64_t{7});
    }

    void namesItsRules() {
        QCOMPARE(std::string(validationRuleName(ValidationRule::kNonMonotonic)),
                 std::string("non_monotonic"));
        QCOMPARE(std::string(validationRuleName(ValidationRule::kVolumeOutlier)),
                 std::string("volume_outlier"));
        QVERIFY(isRejection(ValidationRule::kDuplicate));
        QVERIFY(!isRejection(ValidationRule::kGap));
        ValidationMetrics m;
        m.gaps = 4;
        QCOMPARE(m.count(ValidationRule::kGap), std::int64_t(4));
    }
};

QTEST_APPLESS_MAIN(TestDataValidator)
#include "test_data_validator.moc"
