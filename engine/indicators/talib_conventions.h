#pragma once

namespace causeway::engine::talib {

// TA-Lib treats a value within 1e-14 of zero as zero where a division or
// square root would otherwise blow up (TA_IS_ZERO, TA_IS_ZERO_OR_NEG in its
// ta_utility.h). The same band here gives the same outputs on flat data.
inline constexpr double kEpsilon = 0.00000000000001;

constexpr bool isZero(double value) {
    return -kEpsilon < value && value < kEpsilon;
}
constexpr bool isZeroOrNegative(double value) {
    return value < kEpsilon;
}

// The true range of a bar: the largest of high - low, |high - previous
// close| and |low - previous close|.
inline double trueRange(double high, double low, double previousClose) {
    double range = high - low;
    const double up = high > previousClose ? high - previousClose : previousClose - high;
    if (up > range) {
        range = up;
    }
    const double down = low > previousClose ? low - previousClose : previousClose - low;
    if (down > range) {
        range = down;
    }
    return range;
}

}  // namespace causeway::engine::talib
