#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>

#include "engine/core/market_data.h"
#include "engine/data/ring_buffer.h"

namespace causeway::engine {

// The data-quality rules of reference 004 ("Data Quality and Consistency").
// Rejected events are dropped; flagged events pass on.
enum class ValidationRule : std::uint8_t {
    kNonMonotonic,   // rejected: time went back (bars: did not advance)
    kDuplicate,      // rejected: the same event again within the window
    kPriceJump,      // flagged: price moved more than X% within Y
    kVolumeOutlier,  // flagged: volume beyond k standard deviations
    kGap,            // flagged: no data for longer than expected
};

const char* validationRuleName(ValidationRule rule);  // "non_monotonic", "duplicate", ...
bool isRejection(ValidationRule rule);

struct ValidationIssue {
    ValidationRule rule = ValidationRule::kNonMonotonic;
    Symbol symbol;
    Timestamp ts = 0;
    // The caller's location of the event (a file line, a feed sequence), or
    // the validator's own 1-based count of events when none is given.
    std::int64_t sequence = 0;
    std::string detail;
    bool rejected = false;
};

struct ValidationMetrics {
    std::int64_t events = 0;
    std::int64_t accepted = 0;
    std::int64_t nonMonotonic = 0;
    std::int64_t duplicates = 0;
    std::int64_t priceJumps = 0;
    std::int64_t volumeOutliers = 0;
    std::int64_t gaps = 0;

    std::int64_t count(ValidationRule rule) const;
    std::int64_t rejected() const { return nonMonotonic + duplicates; }
    friend bool operator==(const ValidationMetrics&, const ValidationMetrics&) = default;
};

// A span of every week that the gap rule does not count, as offsets from
// Monday 00:00 UTC; `end` before `start` wraps over the week's end.
struct WeeklyWindow {
    Timestamp start = 0;
    Timestamp end = 0;

    // Friday 21:00 to Sunday 23:00 UTC: the FX market's weekend close, wide
    // enough for both daylight-saving offsets of the New York 17:00 close.
    static WeeklyWindow fxWeekend();
    // Nanoseconds of [from, to) inside the window.
    Timestamp overlap(Timestamp from, Timestamp to) const;
};

struct ValidationConfig {
    // Duplicates: an event equal in every field (time included) to an
    // accepted event of its symbol still in the window is dropped. The window
    // reaches `duplicateWindow` back from the newest accepted time and holds at
    // most `duplicateCapacity` events. Feeds whose identical prints are real
    // (second-resolution trades) should turn this off.
    bool dropDuplicates = true;
    Timestamp duplicateWindow = 60 * kNanosPerSecond;
    std::size_t duplicateCapacity = 100'000;

    // Price jumps: flagged when the price (a bar's close) is more than
    // `maxJumpPercent` above the lowest or below the highest accepted price
    // of the last `jumpWindow`. 0 turns the rule off.
    double maxJumpPercent = 10.0;
    Timestamp jumpWindow = kNanosPerSecond;

    // Volume outliers: flagged when the volume (a tick's size) lies more than
    // `volumeSigmas` population standard deviations from the mean of the
    // previous `volumeWindow` accepted volumes. Needs a full window with some
    // spread. 0 turns the rule off.
    std::size_t volumeWindow = 20;
    double volumeSigmas = 3.0;

    // Gaps: flagged when the time since the previous accepted event, less the
    // time inside `excluded`, exceeds the limit: `gapFactor` x the bar's
    // timeframe for bars, `maxGap` for ticks (and bars without timeframe).
    // 0 turns either off.
    Timestamp maxGap = 5 * kNanosPerSecond;
    double gapFactor = 1.0;
    std::optional<WeeklyWindow> excluded;

    // The rules as a backtest applies them to a bar file of `timeframe`:
    // a close more than 20% away from the previous bar's range is a jump; a
    // gap is flagged when more than 5 bars' time passes for daily or longer
    // bars (a long weekend is 4 days) and more than 3 days for intraday bars
    // (a weekend with a holiday; shorter closes are normal for sessions).
    static ValidationConfig forBars(Timeframe timeframe);
};

// Applies the rules per symbol, counts every rejection and flag, and reports
// each as a ValidationIssue to the handler. Steady-state checks allocate
// nothing; issues (rare) carry a formatted detail.
class DataValidator final {
public:
    using IssueHandler = std::function<void(const ValidationIssue&)>;

    // Throws std::invalid_argument for an impossible configuration.
    explicit DataValidator(ValidationConfig config = {}, IssueHandler handler = {});

    // True when the event is accepted (flagged or not); false when rejected.
    bool check(const Tick& tick, std::int64_t sequence = -1);
    bool check(const Candle& bar, std::int64_t sequence = -1);

    const ValidationMetrics& metrics() const { return m_total; }
    ValidationMetrics metrics(Symbol symbol) const;
    const ValidationConfig& config() const { return m_config; }

private:
    struct Event {
        Symbol symbol;
        Timestamp ts;
        std::int64_t price;
        Quantity volume;
        std::uint64_t hash;
        Timeframe timeframe;
        bool isBar;
    };
    struct Seen {
        Timestamp ts = 0;
        std::uint64_t hash = 0;
    };
    struct PricePoint {
        Timestamp ts = 0;
        std::int64_t price = 0;
    };
    struct SymbolState {
        ValidationMetrics metrics;
        Timestamp last = 0;
        bool hasLast = false;
        RingBuffer<Seen> seen;
        RingBuffer<PricePoint> lows;   // increasing prices: front is the window's low
        RingBuffer<PricePoint> highs;  // decreasing prices: front is the window's high
        RingBuffer<double> volumes;
        double volumeMean = 0.0;
        double volumeM2 = 0.0;
        std::size_t sinceRecompute = 0;
    };

    bool checkEvent(const Event& event, std::int64_t sequence);
    bool isDuplicate(const SymbolState& state, const Event& event) const;
    void remember(SymbolState& state, const Event& event);
    void checkGap(SymbolState& state, const Event& event, std::int64_t sequence);
    void checkJump(SymbolState& state, const Event& event, std::int64_t sequence);
    void checkVolume(SymbolState& state, const Event& event, std::int64_t sequence);
    void report(SymbolState& state, ValidationRule rule, const Event& event, std::int64_t sequence,
                std::string detail);

    ValidationConfig m_config;
    IssueHandler m_handler;
    std::unordered_map<std::uint32_t, SymbolState> m_symbols;
    ValidationMetrics m_total;
    std::int64_t m_count = 0;
};

}  // namespace causeway::engine
