#include "engine/data/data_validator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace causeway::engine {

ValidationConfig ValidationConfig::forBars(Timeframe timeframe) {
    ValidationConfig config;
    config.maxJumpPercent = 20.0;
    config.jumpWindow = std::max<Timestamp>(timeframe.nanos, 1);
    if (timeframe.nanos >= kNanosPerDay) {
        config.gapFactor = 5.0;
    } else if (timeframe.nanos > 0) {
        config.gapFactor =
            static_cast<double>(3 * kNanosPerDay) / static_cast<double>(timeframe.nanos);
    }
    return config;
}

namespace {

constexpr Timestamp kNanosPerHour = 3'600 * kNanosPerSecond;
constexpr Timestamp kNanosPerWeek = 7 * kNanosPerDay;
// 1970-01-01 was a Thursday; the first Monday 00:00 UTC is four days later.
constexpr Timestamp kFirstMonday = 4 * kNanosPerDay;

std::uint64_t mix(std::uint64_t hash, std::int64_t value) {
    // splitmix64's finaliser over the running hash: cheap, well spread.
    std::uint64_t z = hash ^ static_cast<std::uint64_t>(value);
    z += 0x9e3779b97f4a7c15ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::uint64_t hashOf(const Tick& tick) {
    std::uint64_t h = mix(0, tick.ts);
    h = mix(h, tick.price.raw());
    h = mix(h, tick.size.raw());
    h = mix(h, static_cast<std::int64_t>(tick.side));
    h = mix(h, tick.bid ? tick.bid->raw() : -1);
    return mix(h, tick.ask ? tick.ask->raw() : -1);
}

std::uint64_t hashOf(const Candle& bar) {
    std::uint64_t h = mix(0, bar.ts);
    h = mix(h, bar.timeframe.nanos);
    h = mix(h, bar.open.raw());
    h = mix(h, bar.high.raw());
    h = mix(h, bar.low.raw());
    h = mix(h, bar.close.raw());
    return mix(h, bar.volume.raw());
}

// "48h30m", "1d2h", "1.5s", "0s".
std::string formatDuration(Timestamp nanos) {
    std::string text = nanos < 0 ? "-" : "";
    nanos = nanos < 0 ? -nanos : nanos;
    const Timestamp days = nanos / kNanosPerDay;
    const Timestamp hours = nanos % kNanosPerDay / kNanosPerHour;
    const Timestamp minutes = nanos % kNanosPerHour / (60 * kNanosPerSecond);
    const Timestamp rest = nanos % (60 * kNanosPerSecond);
    if (days > 0) {
        text += std::to_string(days) + 'd';
    }
    if (hours > 0) {
        text += std::to_string(hours) + 'h';
    }
    if (minutes > 0) {
        text += std::to_string(minutes) + 'm';
    }
    if (rest > 0 || text.empty() || text == "-") {
        text += std::to_string(rest / kNanosPerSecond);
        if (const Timestamp fraction = rest % kNanosPerSecond; fraction > 0) {
            std::string digits = std::to_string(kNanosPerSecond + fraction).substr(1);
            digits.erase(digits.find_last_not_of('0') + 1);
            text += '.' + digits;
        }
        text += 's';
    }
    return text;
}

std::string formatNumber(double value, const char* format) {
    char buffer[64];
    const int n = std::snprintf(buffer, sizeof buffer, format, value);
    return {buffer, static_cast<std::size_t>(std::max(n, 0))};
}

// The counter of `rule` in `metrics` (const or not).
template <class Metrics>
auto& counterOf(Metrics& metrics, ValidationRule rule) {
    switch (rule) {
        case ValidationRule::kNonMonotonic:
            return metrics.nonMonotonic;
        case ValidationRule::kDuplicate:
            return metrics.duplicates;
        case ValidationRule::kPriceJump:
            return metrics.priceJumps;
        case ValidationRule::kVolumeOutlier:
            return metrics.volumeOutliers;
        case ValidationRule::kGap:
            break;
    }
    return metrics.gaps;
}

// Floor division for the weekly window's position of times before 1970.
Timestamp floorDiv(Timestamp a, Timestamp b) {
    Timestamp q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) {
        --q;
    }
    return q;
}

}  // namespace

const char* validationRuleName(ValidationRule rule) {
    switch (rule) {
        case ValidationRule::kNonMonotonic:
            return "non_monotonic";
        case ValidationRule::kDuplicate:
            return "duplicate";
        case ValidationRule::kPriceJump:
            return "price_jump";
        case ValidationRule::kVolumeOutlier:
            return "volume_outlier";
        case ValidationRule::kGap:
            return "gap";
    }
    return "unknown";
}

bool isRejection(ValidationRule rule) {
    return rule == ValidationRule::kNonMonotonic || rule == ValidationRule::kDuplicate;
}

std::int64_t ValidationMetrics::count(ValidationRule rule) const {
    return counterOf(*this, rule);
}

WeeklyWindow WeeklyWindow::fxWeekend() {
    return {4 * kNanosPerDay + 21 * kNanosPerHour, 6 * kNanosPerDay + 23 * kNanosPerHour};
}

Timestamp WeeklyWindow::overlap(Timestamp from, Timestamp to) const {
    if (to <= from) {
        return 0;
    }
    // Window time in [first Monday, t), extended to any t by whole weeks.
    const auto covered = [this](Timestamp t) {
        const Timestamp offset = t - kFirstMonday;
        const Timestamp weeks = floorDiv(offset, kNanosPerWeek);
        const Timestamp into = offset - weeks * kNanosPerWeek;
        if (start < end) {
            return weeks * (end - start) + std::clamp<Timestamp>(into - start, 0, end - start);
        }
        const Timestamp length = end + (kNanosPerWeek - start);
        return weeks * length + std::min(into, end) + std::max<Timestamp>(into - start, 0);
    };
    return covered(to) - covered(from);
}

DataValidator::DataValidator(ValidationConfig config, IssueHandler handler)
    : m_config(std::move(config)), m_handler(std::move(handler)) {
    const ValidationConfig& c = m_config;
    if (c.duplicateWindow < 0 || c.jumpWindow < 0 || c.maxGap < 0) {
        throw std::invalid_argument("validation windows and gaps must not be negative");
    }
    if (c.maxJumpPercent < 0 || c.volumeSigmas < 0 || c.gapFactor < 0 ||
        !std::isfinite(c.maxJumpPercent) || !std::isfinite(c.volumeSigmas) ||
        !std::isfinite(c.gapFactor)) {
        throw std::invalid_argument(
            "validation limits (jump %, volume sigmas, gap factor) must be finite and >= 0");
    }
    if (c.dropDuplicates && c.duplicateCapacity == 0) {
        throw std::invalid_argument("duplicate detection needs a capacity of at least 1 event");
    }
    if (c.excluded) {
        const WeeklyWindow& w = *c.excluded;
        if (w.start < 0 || w.start >= kNanosPerWeek || w.end < 0 || w.end >= kNanosPerWeek ||
            w.start == w.end) {
            throw std::invalid_argument(
                "the excluded weekly window needs distinct start and end within one week");
        }
    }
}

bool DataValidator::check(const Tick& tick, std::int64_t sequence) {
    return checkEvent(
        {tick.symbol, tick.ts, tick.price.raw(), tick.size, hashOf(tick), Timeframe{}, false},
        sequence);
}

bool DataValidator::check(const Candle& bar, std::int64_t sequence) {
    return checkEvent(
        {bar.symbol, bar.ts, bar.close.raw(), bar.volume, hashOf(bar), bar.timeframe, true},
        sequence);
}

ValidationMetrics DataValidator::metrics(Symbol symbol) const {
    const auto it = m_symbols.find(symbol.id());
    return it == m_symbols.end() ? ValidationMetrics{} : it->second.metrics;
}

bool DataValidator::checkEvent(const Event& event, std::int64_t sequence) {
    ++m_count;
    if (sequence < 0) {
        sequence = m_count;
    }
    SymbolState& state = m_symbols[event.symbol.id()];
    ++state.metrics.events;
    ++m_total.events;

    if (m_config.dropDuplicates && isDuplicate(state, event)) {
        report(state, ValidationRule::kDuplicate, event, sequence,
               "duplicate of the event at " + formatIso8601(event.ts));
        return false;
    }
    if (state.hasLast && (event.ts < state.last || (event.isBar && event.ts == state.last))) {
        report(state, ValidationRule::kNonMonotonic, event, sequence,
               "timestamp " + formatIso8601(event.ts) +
                   (event.ts < state.last ? " is before" : " is not after") + " the previous " +
                   formatIso8601(state.last));
        return false;
    }

    checkGap(state, event, sequence);
    checkJump(state, event, sequence);
    checkVolume(state, event, sequence);
    if (m_config.dropDuplicates) {
        remember(state, event);
    }
    state.last = event.ts;
    state.hasLast = true;
    ++state.metrics.accepted;
    ++m_total.accepted;
    return true;
}

bool DataValidator::isDuplicate(const SymbolState& state, const Event& event) const {
    // Accepted times never decrease, so the window is sorted by time.
    const RingBuffer<Seen>& seen = state.seen;
    std::size_t low = 0;
    std::size_t high = seen.size();
    while (low < high) {
        const std::size_t mid = low + (high - low) / 2;
        if (seen[mid].ts < event.ts) {
            low = mid + 1;
        } else {
            high = mid;
        }
    }
    for (std::size_t i = low; i < seen.size() && seen[i].ts == event.ts; ++i) {
        if (seen[i].hash == event.hash) {
            return true;
        }
    }
    return false;
}

void DataValidator::remember(SymbolState& state, const Event& event) {
    state.seen.pushBack({event.ts, event.hash});
    const Timestamp oldest = event.ts - m_config.duplicateWindow;
    while (state.seen.front().ts < oldest || state.seen.size() > m_config.duplicateCapacity) {
        state.seen.popFront();
    }
}

void DataValidator::checkGap(SymbolState& state, const Event& event, std::int64_t sequence) {
    if (!state.hasLast) {
        return;
    }
    Timestamp limit = m_config.maxGap;
    if (event.isBar && event.timeframe.nanos > 0) {
        limit = static_cast<Timestamp>(
            std::llround(m_config.gapFactor * static_cast<double>(event.timeframe.nanos)));
    }
    if (limit <= 0) {
        return;
    }
    const Timestamp gap = event.ts - state.last;
    const Timestamp excluded =
        m_config.excluded ? m_config.excluded->overlap(state.last, event.ts) : 0;
    if (gap - excluded <= limit) {
        return;
    }
    std::string detail = "gap of " + formatDuration(gap - excluded);
    if (excluded > 0) {
        detail += " (" + formatDuration(gap) + " less " + formatDuration(excluded) +
                  " in the excluded weekly window)";
    }
    detail += " since " + formatIso8601(state.last) + ", limit " + formatDuration(limit);
    report(state, ValidationRule::kGap, event, sequence, std::move(detail));
}

void DataValidator::checkJump(SymbolState& state, const Event& event, std::int64_t sequence) {
    if (m_config.maxJumpPercent <= 0) {
        return;
    }
    const Timestamp oldest = event.ts - m_config.jumpWindow;
    while (!state.lows.empty() && state.lows.front().ts < oldest) {
        state.lows.popFront();
    }
    while (!state.highs.empty() && state.highs.front().ts < oldest) {
        state.highs.popFront();
    }
    if (!state.lows.empty()) {
        const std::int64_t low = state.lows.front().price;
        const std::int64_t high = state.highs.front().price;
        const auto price = static_cast<double>(event.price);
        const double up = (price - static_cast<double>(low)) / static_cast<double>(low) * 100.0;
        const double down = (static_cast<double>(high) - price) / static_cast<double>(high) * 100.0;
        if (up > m_config.maxJumpPercent || down > m_config.maxJumpPercent) {
            const bool rise = up > m_config.maxJumpPercent;
            report(state, ValidationRule::kPriceJump, event, sequence,
                   "price " + Price::fromRaw(event.price).toString() + " is " +
                       formatNumber(rise ? up : down, "%.2f") + "% " +
                       (rise ? "above " : "below ") + Price::fromRaw(rise ? low : high).toString() +
                       " within " + formatDuration(m_config.jumpWindow) + ", limit " +
                       formatNumber(m_config.maxJumpPercent, "%g") + "%");
        }
    }
    while (!state.lows.empty() && state.lows.back().price >= event.price) {
        state.lows.popBack();
    }
    state.lows.pushBack({event.ts, event.price});
    while (!state.highs.empty() && state.highs.back().price <= event.price) {
        state.highs.popBack();
    }
    state.highs.pushBack({event.ts, event.price});
}

void DataValidator::checkVolume(SymbolState& state, const Event& event, std::int64_t sequence) {
    const std::size_t window = m_config.volumeWindow;
    if (window == 0 || m_config.volumeSigmas <= 0) {
        return;
    }
    const double volume = event.volume.toDouble();
    RingBuffer<double>& volumes = state.volumes;
    if (volumes.size() == window) {
        const double deviation = std::sqrt(state.volumeM2 / static_cast<double>(window));
        const double distance = std::abs(volume - state.volumeMean);
        if (deviation > 0 && distance > m_config.volumeSigmas * deviation) {
            report(state, ValidationRule::kVolumeOutlier, event, sequence,
                   "volume " + event.volume.toString() + " is " +
                       formatNumber(distance / deviation, "%.2f") +
                       " standard deviations from the mean " +
                       formatNumber(state.volumeMean, "%g") + " of the previous " +
                       std::to_string(window) + ", limit " +
                       formatNumber(m_config.volumeSigmas, "%g"));
        }
        // Welford's update run backwards takes the oldest value out.
        const double oldest = volumes.front();
        volumes.popFront();
        const auto n = static_cast<double>(volumes.size());
        if (volumes.empty()) {
            state.volumeMean = 0.0;
            state.volumeM2 = 0.0;
        } else {
            const double mean = (state.volumeMean * (n + 1) - oldest) / n;
            state.volumeM2 -= (oldest - state.volumeMean) * (oldest - mean);
            state.volumeMean = mean;
        }
    }
    volumes.pushBack(volume);
    const auto n = static_cast<double>(volumes.size());
    const double delta = volume - state.volumeMean;
    state.volumeMean += delta / n;
    state.volumeM2 = std::max(0.0, state.volumeM2 + delta * (volume - state.volumeMean));
    // Rounding in the running update drifts; a fresh two-pass sum once per
    // window keeps the error bounded at O(1) amortised cost.
    if (++state.sinceRecompute >= window) {
        state.sinceRecompute = 0;
        double sum = 0.0;
        for (std::size_t i = 0; i < volumes.size(); ++i) {
            sum += volumes[i];
        }
        const double mean = sum / n;
        double m2 = 0.0;
        for (std::size_t i = 0; i < volumes.size(); ++i) {
            m2 += (volumes[i] - mean) * (volumes[i] - mean);
        }
        state.volumeMean = mean;
        state.volumeM2 = m2;
    }
}

void DataValidator::report(SymbolState& state, ValidationRule rule, const Event& event,
                           std::int64_t sequence, std::string detail) {
    ++counterOf(state.metrics, rule);
    ++counterOf(m_total, rule);
    if (m_handler) {
        m_handler(ValidationIssue{rule, event.symbol, event.ts, sequence, std::move(detail),
                                  isRejection(rule)});
    }
}

}  // namespace causeway::engine
