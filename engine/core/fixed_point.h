#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace causeway::engine {

// Exact decimal value with eight fractional digits stored in an int64.
// Prices, quantities and money never accumulate in binary floating point;
// doubles appear only where indicators compute, as TA-Lib does.
template <class Tag>
class FixedPoint final {
public:
    static constexpr int kDecimals = 8;
    static constexpr std::int64_t kScale = 100'000'000;

    constexpr FixedPoint() = default;
    static constexpr FixedPoint fromRaw(std::int64_t raw) {
        FixedPoint value;
        value.m_raw = raw;
        return value;
    }
    static constexpr FixedPoint fromInt(std::int64_t units) { return fromRaw(units * kScale); }
    static FixedPoint fromDouble(double value);
    // Parses plain decimal text ("-12.5", "1e3" is refused). Digits past the
    // eighth decimal are rounded half away from zero. Empty on malformed text
    // or overflow.
    static std::optional<FixedPoint> parse(std::string_view text);

    constexpr std::int64_t raw() const { return m_raw; }
    double toDouble() const { return static_cast<double>(m_raw) / static_cast<double>(kScale); }
    // Shortest exact decimal text: "60.625", "-3", "0.00000001".
    std::string toString() const;
    constexpr bool isZero() const { return m_raw == 0; }

    constexpr auto operator<=>(const FixedPoint&) const = default;
    constexpr FixedPoint operator+(FixedPoint other) const { return fromRaw(m_raw + other.m_raw); }
    constexpr FixedPoint operator-(FixedPoint other) const { return fromRaw(m_raw - other.m_raw); }
    constexpr FixedPoint operator-() const { return fromRaw(-m_raw); }
    constexpr FixedPoint& operator+=(FixedPoint other) {
        m_raw += other.m_raw;
        return *this;
    }
    constexpr FixedPoint& operator-=(FixedPoint other) {
        m_raw -= other.m_raw;
        return *this;
    }

private:
    std::int64_t m_raw = 0;
};

using Price = FixedPoint<struct PriceTag>;
using Quantity = FixedPoint<struct QuantityTag>;
using Money = FixedPoint<struct MoneyTag>;

namespace fixed_detail {
std::optional<std::int64_t> parseRaw(std::string_view text);
std::string formatRaw(std::int64_t raw);
std::int64_t rawFromDouble(double value);
// a * b / kScale, rounded half away from zero, computed in 128 bits.
std::int64_t mulRaw(std::int64_t a, std::int64_t b);
// a * kScale / b, rounded half away from zero.
std::int64_t divRaw(std::int64_t a, std::int64_t b);
}  // namespace fixed_detail

template <class Tag>
FixedPoint<Tag> FixedPoint<Tag>::fromDouble(double value) {
    return fromRaw(fixed_detail::rawFromDouble(value));
}

template <class Tag>
std::optional<FixedPoint<Tag>> FixedPoint<Tag>::parse(std::string_view text) {
    const auto raw = fixed_detail::parseRaw(text);
    if (!raw) {
        return std::nullopt;
    }
    return fromRaw(*raw);
}

template <class Tag>
std::string FixedPoint<Tag>::toString() const {
    return fixed_detail::formatRaw(m_raw);
}

// Notional value of a quantity at a price.
inline Money notional(Price price, Quantity qty) {
    return Money::fromRaw(fixed_detail::mulRaw(price.raw(), qty.raw()));
}

// A fraction of an amount given in basis points (1 bp = 1/10000).
template <class Tag>
FixedPoint<Tag> basisPoints(FixedPoint<Tag> amount, FixedPoint<Tag> bps) {
    const auto ratio = fixed_detail::divRaw(bps.raw(), FixedPoint<Tag>::fromInt(10'000).raw());
    return FixedPoint<Tag>::fromRaw(fixed_detail::mulRaw(amount.raw(), ratio));
}

}  // namespace causeway::engine
