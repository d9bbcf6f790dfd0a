#pragma once

#include "engine/core/fixed_point.h"
#include "engine/core/symbol.h"
#include "engine/core/timeframe.h"
#include "engine/core/timestamp.h"

namespace causeway::engine {

// A closed OHLCV bar. `ts` is the bar's start, aligned to its timeframe.
struct Candle {
    Symbol symbol;
    Timestamp ts = 0;
    Timeframe timeframe;
    Price open;
    Price high;
    Price low;
    Price close;
    Quantity volume;
};

}  // namespace causeway::engine
