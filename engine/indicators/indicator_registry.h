#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "engine/indicators/indicator.h"

namespace causeway::engine {

// A spec that names no indicator, or names one with parameters out of
// range: what() says which and lists what is valid. The CLI maps it to exit
// code 2, like any usage error.
class IndicatorSpecError final : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// Builds the indicator a spec names: `name:param:param`, e.g. "rsi:14",
// "macd:12:26:9", "bbands:20:2", "obv", "vwap:week" (see README.md for every
// form). Throws IndicatorSpecError:
//   unknown indicator 'foo' (valid: ad, adx, atr, ...)
//   indicator 'rsi': expected rsi:PERIOD, got 'rsi:14:2'
//   indicator 'rsi': parameter 'period' must be an integer from 2 to 100000, got 'x'
std::unique_ptr<Indicator> makeIndicator(std::string_view spec);

// Every indicator name, sorted.
std::vector<std::string> indicatorNames();

// The spec form of an indicator, e.g. "keltner:PERIOD:MULTIPLIER[:ATR_PERIOD]";
// throws IndicatorSpecError for an unknown name.
std::string indicatorForm(std::string_view name);

// The output column names of a spec (DESIGN.md): the spec with ':' replaced
// by '_', plus '.field' for each output of a multi-output indicator:
// "rsi:14" -> rsi_14; "bbands:20:2" -> bbands_20_2.upper, .middle, .lower.
std::vector<std::string> indicatorColumns(std::string_view spec, const Indicator& indicator);

}  // namespace causeway::engine
