#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/fixed_point.h"
#include "engine/core/timeframe.h"

namespace causeway::engine::config {

// Parsers of the scalar values of workspace.yaml and its environment
// overrides. Each stores the value and returns nullopt, or leaves the target
// alone and returns why the text is refused ("must be a positive number,
// got '-3'"); the caller adds where the text came from.
using Refusal = std::optional<std::string>;

Refusal positiveQuantity(const std::string& text, std::optional<Quantity>& out);
Refusal positiveMoney(const std::string& text, std::optional<Money>& out);
Refusal positiveMoney(const std::string& text, Money& out);
Refusal nonNegativeMoney(const std::string& text, Money& out);
Refusal positiveInteger(const std::string& text, int& out);
Refusal positiveInteger(const std::string& text, std::optional<int>& out);
Refusal nonNegativeInteger(const std::string& text, int& out);
Refusal optionalNonNegativeMoney(const std::string& text, std::optional<Money>& out);
// A fee in basis points: >= 0, or a rebate down to -100.
Refusal feeBps(const std::string& text, std::optional<Money>& out);
// A number in [0, 1].
Refusal fraction(const std::string& text, double& out);
// A number in (0, 100].
Refusal percent(const std::string& text, std::optional<double>& out);
// A finite number >= 0.
Refusal nonNegativeNumber(const std::string& text, double& out);
// true/false, yes/no, on/off, in any case.
Refusal boolean(const std::string& text, bool& out);
// An absolute URL with one of `schemes` and a host; empty text clears it.
Refusal url(const std::string& text, const std::vector<std::string_view>& schemes,
            std::string& out);
Refusal timeframe(const std::string& text, Timeframe& out);
// A file path, resolved against `directory` when relative.
Refusal path(const std::string& text, const std::string& directory, std::string& out);

// "a, b, c"
std::string joined(const std::vector<std::string>& items);
std::string joined(const std::vector<std::string_view>& items);

}  // namespace causeway::engine::config
