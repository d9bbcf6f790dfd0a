// Market-structure and volume-analysis throughput: updates/s of each
// detector over 1,000,000 generated one-minute bars, and of each volume
// builder over 1,000,000 generated trades. A detector that builds on swings
// or breaks gets them precomputed, so each figure is that detector alone.

#include <benchmark/benchmark.h>

#include <span>
#include <vector>

#include "bench_data.h"
#include "engine/data/synthetic_feed.h"
#include "engine/indicators/fair_value_gap_detector.h"
#include "engine/indicators/liquidity_level_detector.h"
#include "engine/indicators/market_structure.h"
#include "engine/indicators/order_block_detector.h"
#include "engine/indicators/structure_detector.h"
#include "engine/indicators/swing_detector.h"
#include "engine/indicators/volume_analysis.h"

namespace {

using namespace causeway;
using engine::Candle;
using engine::Price;
using engine::Timeframe;

constexpr int kStrength = 3;
constexpr engine::Timestamp kMinute = 60 * engine::kNanosPerSecond;

const std::vector<Candle>& bars() {
    static const std::vector<Candle> data = bench::minuteBars();
    return data;
}

// Events of every bar, flattened: bar i's are [offsets[i], offsets[i + 1]).
template <class Event>
struct PerBar {
    std::vector<Event> events;
    std::vector<std::size_t> offsets{0};

    void add(const std::vector<Event>& ofBar) {
        events.insert(events.end(), ofBar.begin(), ofBar.end());
        offsets.push_back(events.size());
    }
    std::span<const Event> of(std::size_t bar) const {
        return {events.data() + offsets[bar], offsets[bar + 1] - offsets[bar]};
    }
};

struct Precomputed {
    PerBar<engine::SwingPoint> swings;
    PerBar<engine::StructureBreak> breaks;
};

const Precomputed& precomputed() {
    static const Precomputed data = [] {
        Precomputed out;
        engine::SwingDetector swing(kStrength);
        engine::StructureDetector structure;
        for (std::size_t i = 0; i < bars().size(); ++i) {
            out.swings.add(swing.update(bars()[i]));
            out.breaks.add(structure.update(bars()[i], out.swings.of(i)));
        }
        return out;
    }();
    return data;
}

const std::vector<engine::Tick>& ticks() {
    static const std::vector<engine::Tick> data = [] {
        engine::SyntheticFeedConfig config;
        config.seed = 11;
        config.count = bench::kRows;
        config.interval = engine::kNanosPerSecond / 4;
        config.volatility = 0.8;
        config.medianSize = engine::Quantity::fromInt(5);
        config.sizeSigma = 1.0;
        config.halfSpread = Price::fromRaw(1'000'000);
        std::vector<engine::Tick> out = engine::SyntheticFeed(config).take(bench::kRows);
        // A third of the trades say who the aggressor was; the rest go
        // through the quote and tick rules.
        for (std::size_t i = 0; i < out.size(); i += 3) {
            out[i].side =
                (i / 3) % 2 == 0 ? engine::AggressorSide::kBuy : engine::AggressorSide::kSell;
        }
        return out;
    }();
    return data;
}

// Runs `pass` (one whole pass over the input, returning how many events
// it produced) for as long as the benchmark wants, counting `perPass`
// updates each time.
template <class Pass>
void measure(benchmark::State& state, std::size_t perPass, Pass pass) {
    std::int64_t updates = 0;
    std::int64_t events = 0;
    for (auto _ : state) {
        events += pass();
        updates += static_cast<std::int64_t>(perPass);
    }
    state.counters["updates/s"] =
        benchmark::Counter(static_cast<double>(updates), benchmark::Counter::kIsRate);
    state.counters["events_per_run"] =
        static_cast<double>(events) / static_cast<double>(state.iterations());
}

template <class Container>
std::int64_t sizeOf(const Container& events) {
    return static_cast<std::int64_t>(events.size());
}

void BM_SwingDetector(benchmark::State& state) {
    measure(state, bars().size(), [] {
        engine::SwingDetector detector(kStrength, engine::Tolerance::basisPoints(5));
        std::int64_t events = 0;
        for (const Candle& bar : bars()) {
            events += sizeOf(detector.update(bar));
        }
        return events;
    });
}
BENCHMARK(BM_SwingDetector)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_FairValueGapDetector(benchmark::State& state) {
    measure(state, bars().size(), [] {
        engine::FairValueGapDetector detector;
        std::int64_t events = 0;
        for (const Candle& bar : bars()) {
            events += sizeOf(detector.update(bar));
        }
        return events;
    });
}
BENCHMARK(BM_FairValueGapDetector)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_StructureDetector(benchmark::State& state) {
    const Precomputed& input = precomputed();
    measure(state, bars().size(), [&input] {
        engine::StructureDetector detector;
        std::int64_t events = 0;
        for (std::size_t i = 0; i < bars().size(); ++i) {
            events += sizeOf(detector.update(bars()[i], input.swings.of(i)));
        }
        return events;
    });
}
BENCHMARK(BM_StructureDetector)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_OrderBlockDetector(benchmark::State& state) {
    const Precomputed& input = precomputed();
    measure(state, bars().size(), [&input] {
        engine::OrderBlockDetector detector(kStrength);
        std::int64_t events = 0;
        for (std::size_t i = 0; i < bars().size(); ++i) {
            events += sizeOf(detector.update(bars()[i], input.swings.of(i), input.breaks.of(i)));
        }
        return events;
    });
}
BENCHMARK(BM_OrderBlockDetector)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_LiquidityLevelDetector(benchmark::State& state) {
    const Precomputed& input = precomputed();
    measure(state, bars().size(), [&input] {
        engine::LiquidityLevelDetector detector(2, engine::Tolerance::basisPoints(5));
        std::int64_t events = 0;
        for (std::size_t i = 0; i < bars().size(); ++i) {
            events += sizeOf(detector.update(bars()[i], input.swings.of(i)));
        }
        return events;
    });
}
BENCHMARK(BM_LiquidityLevelDetector)->Unit(benchmark::kMillisecond)->UseRealTime();

// All five chained per bar, as the DAG nodes run them.
void BM_AllStructureDetectors(benchmark::State& state) {
    measure(state, bars().size(), [] {
        engine::SwingDetector swing(kStrength, engine::Tolerance::basisPoints(5));
        engine::FairValueGapDetector fvg;
        engine::StructureDetector structure;
        engine::OrderBlockDetector blocks(kStrength);
        engine::LiquidityLevelDetector liquidity(2, engine::Tolerance::basisPoints(5));
        std::int64_t events = 0;
        for (const Candle& bar : bars()) {
            const auto& swings = swing.update(bar);
            const auto& breaks = structure.update(bar, swings);
            events += sizeOf(swings) + sizeOf(breaks) + sizeOf(fvg.update(bar)) +
                      sizeOf(blocks.update(bar, swings, breaks)) +
                      sizeOf(liquidity.update(bar, swings));
        }
        return events;
    });
}
BENCHMARK(BM_AllStructureDetectors)->Unit(benchmark::kMillisecond)->UseRealTime();

// A tick-fed builder over every trade, then flushed: events are the bars
// (or sessions) it closed.
template <class Builder>
std::int64_t closeAll(Builder& builder) {
    std::int64_t events = 0;
    for (const engine::Tick& tick : ticks()) {
        events += builder.update(tick) ? 1 : 0;
    }
    return events + (builder.flush() ? 1 : 0);
}

void BM_DeltaVolume(benchmark::State& state) {
    measure(state, ticks().size(), [] {
        engine::DeltaVolumeBuilder builder(Timeframe{kMinute});
        return closeAll(builder);
    });
}
BENCHMARK(BM_DeltaVolume)->Unit(benchmark::kMillisecond)->UseRealTime();

// Trades to 1m delta bars to the running delta, restarted daily.
void BM_CumulativeDelta(benchmark::State& state) {
    measure(state, ticks().size(), [] {
        engine::DeltaVolumeBuilder builder(Timeframe{kMinute});
        engine::CumulativeDeltaTracker cumulative(Timeframe{engine::kNanosPerDay});
        std::int64_t events = 0;
        for (const engine::Tick& tick : ticks()) {
            if (const auto bar = builder.update(tick)) {
                benchmark::DoNotOptimize(cumulative.update(*bar));
                ++events;
            }
        }
        return events;
    });
}
BENCHMARK(BM_CumulativeDelta)->Unit(benchmark::kMillisecond)->UseRealTime();

// Daily profiles in 0.05 buckets, each closed session summarised (POC and
// value area).
void BM_VolumeProfile(benchmark::State& state) {
    measure(state, ticks().size(), [] {
        engine::VolumeProfileBuilder builder(Price::fromRaw(5'000'000),
                                             Timeframe{engine::kNanosPerDay});
        return closeAll(builder);
    });
}
BENCHMARK(BM_VolumeProfile)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Footprint(benchmark::State& state) {
    measure(state, ticks().size(), [] {
        engine::FootprintBuilder builder(Timeframe{kMinute}, Price::fromRaw(1'000'000), 300);
        return closeAll(builder);
    });
}
BENCHMARK(BM_Footprint)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
