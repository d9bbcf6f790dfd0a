#include "engine/data/bar_aggregator.h"

#include <limits>
#include <stdexcept>

namespace causeway::engine {

BarAggregator::BarAggregator(Timeframe source, std::vector<Timeframe> targets, Sink sink)
    : m_source(source), m_targets(std::move(targets)), m_sink(std::move(sink)) {
    if (m_source.nanos < 0) {
        throw std::invalid_argument("negative source timeframe");
    }
    if (m_targets.empty()) {
        throw std::invalid_argument("no target timeframe to aggregate into");
    }
    for (std::size_t i = 0; i < m_targets.size(); ++i) {
        const Timeframe target = m_targets[i];
        if (target.nanos <= 0) {
            throw std::invalid_argument("target timeframe must be positive");
        }
        if (m_source.nanos > 0 && target.nanos % m_source.nanos != 0) {
            throw std::invalid_argument("cannot aggregate " + m_source.label() + " bars into " +
                                        target.label() + " bars: " + target.label() +
                                        " is not a multiple of " + m_source.label());
        }
        for (std::size_t j = 0; j < i; ++j) {
            if (m_targets[j] == target) {
                throw std::invalid_argument("target timeframe " + target.label() + " given twice");
            }
        }
    }
    m_building.resize(m_targets.size());
    for (std::size_t i = 0; i < m_targets.size(); ++i) {
        m_building[i].bar.timeframe = m_targets[i];
    }
}

void BarAggregator::accept(Symbol symbol, Timestamp ts, const char* what) {
    if (!m_started) {
        m_symbol = symbol;
        m_started = true;
    } else if (symbol != m_symbol) {
        throw std::invalid_argument(std::string("aggregator of ") + m_symbol.name() + " got a " +
                                    what + " of " + symbol.name());
    } else if (ts < m_last || (m_source.nanos > 0 && ts == m_last)) {
        throw std::invalid_argument(std::string(what) + " at " + formatIso8601(ts) +
                                    " is not after the previous one at " + formatIso8601(m_last));
    }
    m_last = ts;
}

void BarAggregator::add(const Tick& tick) {
    if (m_source.nanos > 0) {
        throw std::invalid_argument("aggregator of " + m_source.label() + " bars got a tick");
    }
    accept(tick.symbol, tick.ts, "tick");
    update(tick.metadata, tick.ts, tick.price, tick.price, tick.price, tick.price, tick.size);
}

void BarAggregator::add(const Candle& bar) {
    if (bar.timeframe != m_source) {
        throw std::invalid_argument("aggregator of " +
                                    (m_source.nanos > 0 ? m_source.label() + " bars" : "ticks") +
                                    " got a " + bar.timeframe.label() + " bar");
    }
    accept(bar.symbol, bar.ts, "bar");
    update(bar.metadata, bar.ts, bar.open, bar.high, bar.low, bar.close, bar.volume);
}

void BarAggregator::update(MetadataId metadata, Timestamp ts, Price open, Price high, Price low,
                           Price close, Quantity volume) {
    for (Building& building : m_building) {
        Candle& bar = building.bar;
        const Timestamp bucket = bar.timeframe.bucketStart(ts);
        if (building.open && bucket != bar.ts) {
            m_sink(bar);
            building.open = false;
        }
        if (!building.open) {
            bar.symbol = m_symbol;
            bar.metadata = metadata;
            bar.ts = bucket;
            bar.open = open;
            bar.high = high;
            bar.low = low;
            bar.close = close;
            bar.volume = volume;
            building.open = true;
            continue;
        }
        std::int64_t sum = 0;
        if (__builtin_add_overflow(bar.volume.raw(), volume.raw(), &sum)) {
            throw std::overflow_error(
                "the volume of the " + bar.timeframe.label() + " bar at " + formatIso8601(bar.ts) +
                " exceeds the largest quantity " +
                Quantity::fromRaw(std::numeric_limits<std::int64_t>::max()).toString());
        }
        bar.high = std::max(bar.high, high);
        bar.low = std::min(bar.low, low);
        bar.close = close;
        bar.volume = Quantity::fromRaw(sum);
    }
    // A source bar that ends where its bucket ends completes that bar: emit
    // it now rather than when the next bucket's first bar arrives, so a 15m
    // bar built from 1m bars is there at the close of its last minute.
    if (m_source.nanos > 0) {
        for (Building& building : m_building) {
            if (building.open &&
                ts + m_source.nanos == building.bar.ts + building.bar.timeframe.nanos) {
                m_sink(building.bar);
                building.open = false;
            }
        }
    }
}

void BarAggregator::flush() {
    for (Building& building : m_building) {
        if (building.open) {
            m_sink(building.bar);
            building.open = false;
        }
    }
}

}  // namespace causeway::engine
