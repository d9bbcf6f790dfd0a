#pragma once

#include <string_view>

#include "engine/core/fixed_point.h"

namespace causeway::engine {

// Basis points a fill at `price` cost the trader against `reference`:
// positive when a buy paid more, or a sell received less, than the
// reference. The difference is exact; only the ratio is a double.
inline double slippageBps(std::string_view side, Price reference, Price price) {
    const double move = (side == "sell" ? reference - price : price - reference).toDouble();
    return reference.isZero() ? 0.0 : move / reference.toDouble() * 10'000.0;
}

}  // namespace causeway::engine
