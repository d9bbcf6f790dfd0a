#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/market_data.h"

namespace causeway::engine {

// One closed bar with its prices and volume converted to doubles once, so a
// set of indicators on the same bar does not convert it again each. The
// conversion of a fixed-point value with up to eight decimals gives the
// double nearest the decimal, the same value TA-Lib gets from the text.
struct BarInput {
    Timestamp ts = 0;
    double open = 0.0;
    double high = 0.0;
    double low = 0.0;
    double close = 0.0;
    double volume = 0.0;

    static BarInput from(const Candle& bar);
};

// One output of an indicator: its field name ("" for a single-output
// indicator; "upper", "signal", "plus_di" ... otherwise) and its warm-up:
// the number of bars consumed before its first value (TA-Lib's lookback).
struct IndicatorOutput {
    std::string name;
    int lookback = 0;
};

// A streaming indicator: constructed from validated parameters, fed one
// closed bar per update, exposing each output as a value that is empty
// during warm-up. Updates never recompute over history; all state is a few
// running sums and fixed-size windows sized by the parameters.
class Indicator {
public:
    static constexpr std::size_t kMaxOutputs = 4;

    virtual ~Indicator() = default;
    Indicator(const Indicator&) = delete;
    Indicator& operator=(const Indicator&) = delete;

    void update(const Candle& bar) { step(BarInput::from(bar)); }
    void update(const BarInput& bar) { step(bar); }

    const std::vector<IndicatorOutput>& outputs() const { return m_outputs; }
    std::size_t outputCount() const { return m_outputs.size(); }
    // The value of an output after the last update; empty while it warms up.
    std::optional<double> value(std::size_t output = 0) const { return m_values.at(output); }
    // Bars consumed before the first value of an output.
    int lookback(std::size_t output = 0) const { return m_outputs.at(output).lookback; }

protected:
    explicit Indicator(std::vector<IndicatorOutput> outputs);
    // Takes the next bar and publishes every output.
    virtual void step(const BarInput& bar) = 0;
    void publish(std::size_t output, std::optional<double> value) { m_values[output] = value; }

private:
    std::vector<IndicatorOutput> m_outputs;
    std::array<std::optional<double>, kMaxOutputs> m_values{};
};

// Checks a period given in code (user input is validated by the registry
// with friendlier messages): throws std::invalid_argument naming the
// indicator when it is below `minimum`. Returns it as a size.
std::size_t requirePeriod(const char* indicator, int period, int minimum = 1);

}  // namespace causeway::engine
