#pragma once

#include <functional>
#include <vector>

#include "engine/core/market_data.h"

namespace causeway::engine {

// Streams ticks or bars into bars of one or more coarser timeframes, by
// DESIGN.md's resample rules: buckets aligned to the UTC epoch (start =
// floor(t / tf) * tf, the bar's timestamp), open = first price, high = max,
// low = min, close = last, volume = sum (a tick's size, 1 when the feed has
// none); a bucket without data has no bar. A bar is emitted as soon as it is
// known to be complete: when a source bar ending at the bucket's end arrives
// (the 1m bar of 00:14 completes the 15m bar of 00:00), else when an event
// of a later bucket arrives, the last ones by flush(). Several targets are
// fed from the same events in one pass and emitted in the order given.
//
// One aggregator serves one symbol. Input must not go back in time (bars
// must advance); a source bar goes whole into the bucket of its start.
class BarAggregator final {
public:
    using Sink = std::function<void(const Candle&)>;

    // `source` is the timeframe of the input bars, or a zero Timeframe for
    // ticks. Every target must be a positive multiple of a bar source. Throws
    // std::invalid_argument naming the timeframes otherwise.
    BarAggregator(Timeframe source, std::vector<Timeframe> targets, Sink sink);

    // Throw std::invalid_argument for input of the wrong kind, timeframe or
    // symbol, or out of order; std::overflow_error when a bar's volume would
    // leave Quantity's range (about 9.2e10 units), before changing the bar.
    void add(const Tick& tick);
    void add(const Candle& bar);
    // Emits every bar still open. Call it at the end of the data: an event
    // arriving afterwards in the same bucket would start a second bar.
    void flush();

    Timeframe source() const { return m_source; }
    const std::vector<Timeframe>& targets() const { return m_targets; }

private:
    struct Building {
        Candle bar;
        bool open = false;
    };

    void accept(Symbol symbol, Timestamp ts, const char* what);
    void update(MetadataId metadata, Timestamp ts, Price open, Price high, Price low, Price close,
                Quantity volume);

    Timeframe m_source;
    std::vector<Timeframe> m_targets;
    Sink m_sink;
    std::vector<Building> m_building;
    Symbol m_symbol;
    Timestamp m_last = 0;
    bool m_started = false;
};

}  // namespace causeway::engine
