#include "engine/core/fixed_point.h"

#include <cmath>
#include <limits>

namespace causeway::engine::fixed_detail {

namespace {
// -Wpedantic accepts __int128 only behind __extension__.
__extension__ typedef __int128 Int128;

constexpr std::int64_t kScale = 100'000'000;
constexpr int kDecimals = 8;

std::int64_t roundedQuotient(Int128 numerator, Int128 denominator) {
    const bool negative = (numerator < 0) != (denominator < 0);
    const Int128 n = numerator < 0 ? -numerator : numerator;
    const Int128 d = denominator < 0 ? -denominator : denominator;
    Int128 q = n / d;
    if ((n % d) * 2 >= d) {
        ++q;
    }
    return static_cast<std::int64_t>(negative ? -q : q);
}
}  // namespace

std::optional<std::int64_t> parseRaw(std::string_view text) {
    std::size_t i = 0;
    bool negative = false;
    if (i < text.size() && (text[i] == '-' || text[i] == '+')) {
        negative = text[i] == '-';
        ++i;
    }
    Int128 integral = 0;
    std::size_t integralDigits = 0;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
        integral = integral * 10 + (text[i] - '0');
        if (integral > std::numeric_limits<std::int64_t>::max() / kScale) {
            return std::nullopt;
        }
        ++i;
        ++integralDigits;
    }
    std::int64_t fraction = 0;
    std::size_t fractionDigits = 0;
    bool roundUp = false;
    if (i < text.size() && text[i] == '.') {
        ++i;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
            if (fractionDigits < kDecimals) {
                fraction = fraction * 10 + (text[i] - '0');
            } else if (fractionDigits == kDecimals) {
                roundUp = text[i] >= '5';
            }
            ++i;
            ++fractionDigits;
        }
    }
    if (i != text.size() || integralDigits + fractionDigits == 0) {
        return std::nullopt;
    }
    for (std::size_t d = std::min<std::size_t>(fractionDigits, kDecimals); d < kDecimals; ++d) {
        fraction *= 10;
    }
    Int128 raw = integral * kScale + fraction + (roundUp ? 1 : 0);
    if (raw > std::numeric_limits<std::int64_t>::max()) {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(negative ? -raw : raw);
}

std::string formatRaw(std::int64_t raw) {
    const bool negative = raw < 0;
    // unsigned arithmetic so that INT64_MIN formats too
    const auto magnitude =
        negative ? 0 - static_cast<std::uint64_t>(raw) : static_cast<std::uint64_t>(raw);
    std::string text = std::to_string(magnitude / static_cast<std::uint64_t>(kScale));
    auto fraction = magnitude % static_cast<std::uint64_t>(kScale);
    if (fraction != 0) {
        std::string digits(kDecimals, '0');
        for (int d = kDecimals - 1; d >= 0; --d) {
            digits[static_cast<std::size_t>(d)] = static_cast<char>('0' + fraction % 10);
            fraction /= 10;
        }
        digits.erase(digits.find_last_not_of('0') + 1);
        text += '.';
        text += digits;
    }
    return negative ? "-" + text : text;
}

std::int64_t rawFromDouble(double value) {
    return static_cast<std::int64_t>(std::llround(value * static_cast<double>(kScale)));
}

std::int64_t mulRaw(std::int64_t a, std::int64_t b) {
    return roundedQuotient(static_cast<Int128>(a) * b, kScale);
}

std::int64_t divRaw(std::int64_t a, std::int64_t b) {
    return roundedQuotient(static_cast<Int128>(a) * kScale, b);
}

}  // namespace causeway::engine::fixed_detail
