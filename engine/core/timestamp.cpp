#include "engine/core/timestamp.h"

#include <array>
#include <charconv>
#include <cstdio>

namespace causeway::engine {

namespace {

// Howard Hinnant's days_from_civil / civil_from_days.
std::int64_t daysFromCivil(int y, int m, int d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const auto mp = static_cast<unsigned>(m > 2 ? m - 3 : m + 9);
    const unsigned doy = (153 * mp + 2) / 5 + static_cast<unsigned>(d) - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

void civilFromDays(std::int64_t z, int& y, int& m, int& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    y = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2 ? 1 : 0));
}

bool isLeap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int daysInMonth(int y, int m) {
    static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

// Reads exactly `count` digits at `pos`.
bool readDigits(std::string_view text, std::size_t& pos, std::size_t count, int& out) {
    if (pos + count > text.size()) {
        return false;
    }
    int value = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9') {
            return false;
        }
        value = value * 10 + (c - '0');
    }
    pos += count;
    out = value;
    return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
    if (pos < text.size() && text[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

std::optional<Timestamp> parseEpoch(std::string_view text) {
    std::int64_t value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end) {
        return std::nullopt;
    }
    const std::int64_t magnitude = value < 0 ? -value : value;
    // 1e11 s is the year 5138 and 1e11 ms is 1973: magnitude tells the unit
    // apart for any date a trader will meet.
    if (magnitude < 100'000'000'000LL) {
        return value * kNanosPerSecond;
    }
    if (magnitude < 100'000'000'000'000LL) {
        return value * 1'000'000;
    }
    if (magnitude < 100'000'000'000'000'000LL) {
        return value * 1'000;
    }
    return value;
}

std::optional<Timestamp> parseIso(std::string_view text) {
    std::size_t pos = 0;
    CivilTime civil;
    if (!readDigits(text, pos, 4, civil.year) || !expect(text, pos, '-') ||
        !readDigits(text, pos, 2, civil.month) || !expect(text, pos, '-') ||
        !readDigits(text, pos, 2, civil.day)) {
        return std::nullopt;
    }
    if (civil.month < 1 || civil.month > 12 || civil.day < 1 ||
        civil.day > daysInMonth(civil.year, civil.month)) {
        return std::nullopt;
    }
    std::int64_t offsetSeconds = 0;
    if (pos < text.size()) {
        if (text[pos] != 'T' && text[pos] != ' ') {
            return std::nullopt;
        }
        ++pos;
        if (!readDigits(text, pos, 2, civil.hour) || !expect(text, pos, ':') ||
            !readDigits(text, pos, 2, civil.minute)) {
            return std::nullopt;
        }
        if (expect(text, pos, ':') && !readDigits(text, pos, 2, civil.second)) {
            return std::nullopt;
        }
        if (civil.hour > 23 || civil.minute > 59 || civil.second > 60) {
            return std::nullopt;
        }
        if (expect(text, pos, '.') || expect(text, pos, ',')) {
            std::int64_t scale = 100'000'000;
            std::size_t digits = 0;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
                civil.nanos += (text[pos] - '0') * scale;
                scale /= 10;
                ++pos;
                ++digits;
            }
            if (digits == 0) {
                return std::nullopt;
            }
        }
        if (expect(text, pos, 'Z')) {
            // UTC
        } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
            const int sign = text[pos] == '-' ? -1 : 1;
            ++pos;
            int hours = 0;
            int minutes = 0;
            if (!readDigits(text, pos, 2, hours)) {
                return std::nullopt;
            }
            if (expect(text, pos, ':') || (pos < text.size())) {
                if (!readDigits(text, pos, 2, minutes)) {
                    return std::nullopt;
                }
            }
            offsetSeconds = sign * (hours * 3600 + minutes * 60);
        }
        if (pos != text.size()) {
            return std::nullopt;
        }
    }
    return fromCivil(civil) - offsetSeconds * kNanosPerSecond;
}

}  // namespace

Timestamp fromCivil(const CivilTime& c) {
    const std::int64_t days = daysFromCivil(c.year, c.month, c.day);
    const std::int64_t seconds = days * 86'400 + c.hour * 3'600 + c.minute * 60 + c.second;
    return seconds * kNanosPerSecond + c.nanos;
}

CivilTime toCivil(Timestamp ts) {
    std::int64_t days = ts / kNanosPerDay;
    std::int64_t rest = ts % kNanosPerDay;
    if (rest < 0) {
        rest += kNanosPerDay;
        --days;
    }
    CivilTime civil;
    civilFromDays(days, civil.year, civil.month, civil.day);
    const std::int64_t seconds = rest / kNanosPerSecond;
    civil.hour = static_cast<int>(seconds / 3'600);
    civil.minute = static_cast<int>(seconds / 60 % 60);
    civil.second = static_cast<int>(seconds % 60);
    civil.nanos = rest % kNanosPerSecond;
    return civil;
}

std::string formatIso8601(Timestamp ts) {
    const CivilTime c = toCivil(ts);
    char buffer[48];
    int n = std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d", c.year, c.month,
                          c.day, c.hour, c.minute, c.second);
    std::string text(buffer, static_cast<std::size_t>(n));
    if (c.nanos != 0) {
        n = std::snprintf(buffer, sizeof buffer, ".%09lld", static_cast<long long>(c.nanos));
        std::string fraction(buffer, static_cast<std::size_t>(n));
        fraction.erase(fraction.find_last_not_of('0') + 1);
        text += fraction;
    }
    return text + 'Z';
}

namespace {

// Writes `value` as `width` decimal digits (zero padded) before `end`.
char* digits(char* end, int value, int width) {
    for (int i = 0; i < width; ++i) {
        *--end = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    return end;
}

}  // namespace

std::string formatCompact(Timestamp ts) {
    // On the decision path (every id): no printf.
    const CivilTime c = toCivil(ts);
    if (c.year < 0 || c.year > 9999) {
        char buffer[40];
        const int n = std::snprintf(buffer, sizeof buffer, "%04d%02d%02d_%02d%02d%02d", c.year,
                                    c.month, c.day, c.hour, c.minute, c.second);
        return {buffer, static_cast<std::size_t>(n)};
    }
    char buffer[15];
    digits(buffer + 4, c.year, 4);
    digits(buffer + 6, c.month, 2);
    digits(buffer + 8, c.day, 2);
    buffer[8] = '_';
    digits(buffer + 11, c.hour, 2);
    digits(buffer + 13, c.minute, 2);
    digits(buffer + 15, c.second, 2);
    return {buffer, sizeof buffer};
}

std::optional<Timestamp> parseTimestamp(std::string_view text) {
    if (text.empty()) {
        return std::nullopt;
    }
    if (text.size() >= 10 && text[4] == '-') {
        return parseIso(text);
    }
    return parseEpoch(text);
}

}  // namespace causeway::engine
