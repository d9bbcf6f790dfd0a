#pragma once

#include <cstdint>
#include <random>
#include <vector>

#include "engine/core/market_data.h"

namespace causeway::engine {

struct SyntheticFeedConfig {
    Symbol symbol{"SYNTH"};
    std::uint64_t seed = 1;
    Timestamp start = 1'704'067'200 * kNanosPerSecond;  // 2024-01-01T00:00:00Z
    Price initialPrice = Price::fromInt(100);
    // Geometric Brownian motion, both per year of 365.25 days: the log price
    // moves by (drift - volatility^2 / 2) dt + volatility sqrt(dt) Z.
    double drift = 0.0;
    double volatility = 0.2;
    // Time between ticks: exactly `interval`, or with `poissonArrivals`
    // exponentially distributed with that mean (at least 1 ns).
    Timestamp interval = kNanosPerSecond;
    bool poissonArrivals = false;
    // Prices are rounded to the tick size (and never below one tick).
    Price tickSize = Price::fromRaw(1'000'000);  // 0.01
    // Sizes: log-normal around the median with `sizeSigma` dispersion of the
    // log (0: always the median), rounded to whole lots, at least one lot.
    Quantity medianSize = Quantity::fromInt(1);
    double sizeSigma = 0.0;
    Quantity lotSize = Quantity::fromInt(1);
    // With a half spread > 0 every tick carries bid = price - half spread
    // (at least one tick) and ask = price + half spread.
    Price halfSpread;
    // Ticks before next() reports the end; 0 never ends.
    std::int64_t count = 0;
};

// A seeded, deterministic tick stream: the same configuration gives the same
// ticks, on any standard library. The randomness is std::mt19937_64 (its
// output is fixed by the C++ standard) turned into numbers by our own maths:
// uniforms from the top 53 bits, normals by Marsaglia's polar form of
// Box-Muller, exponentials by inversion. std::*_distribution is avoided
// because its algorithms differ between library versions.
class SyntheticFeed final {
public:
    // Throws std::invalid_argument for an impossible configuration.
    explicit SyntheticFeed(SyntheticFeedConfig config);

    // The next tick; false once `count` ticks were produced.
    bool next(Tick& tick);
    std::vector<Tick> take(std::size_t n);
    std::int64_t produced() const { return m_produced; }
    const SyntheticFeedConfig& config() const { return m_config; }

    // The underlying draws, exposed for tests of the distribution maths.
    double uniform();  // [0, 1)
    double normal();   // mean 0, standard deviation 1

private:
    SyntheticFeedConfig m_config;
    std::mt19937_64 m_random;
    double m_logPrice;
    Timestamp m_now;
    double m_spare = 0.0;
    bool m_hasSpare = false;
    std::int64_t m_produced = 0;
};

}  // namespace causeway::engine
