#include "engine/data/synthetic_feed.h"

#include <cmath>
#include <stdexcept>

namespace causeway::engine {

namespace {

constexpr double kNanosPerYear = 365.25 * 86'400.0 * 1e9;

// Rounds `value` (in units) to a whole number of `step`s, at least one.
std::int64_t roundToSteps(double value, std::int64_t stepRaw) {
    const double steps = std::round(value * 1e8 / static_cast<double>(stepRaw));
    return std::max<std::int64_t>(1, static_cast<std::int64_t>(steps)) * stepRaw;
}

}  // namespace

SyntheticFeed::SyntheticFeed(SyntheticFeedConfig config)
    : m_config(std::move(config)), m_random(m_config.seed), m_now(m_config.start) {
    const SyntheticFeedConfig& c = m_config;
    if (c.initialPrice.raw() <= 0 || c.tickSize.raw() <= 0) {
        throw std::invalid_argument("synthetic feed: initial price and tick size must be > 0");
    }
    if (!std::isfinite(c.drift) || !std::isfinite(c.volatility) || c.volatility < 0) {
        throw std::invalid_argument(
            "synthetic feed: drift must be finite and volatility finite and >= 0");
    }
    if (c.interval <= 0) {
        throw std::invalid_argument("synthetic feed: tick interval must be > 0");
    }
    if (c.medianSize.raw() <= 0 || c.lotSize.raw() <= 0 || !std::isfinite(c.sizeSigma) ||
        c.sizeSigma < 0) {
        throw std::invalid_argument(
            "synthetic feed: median size and lot size must be > 0, size sigma >= 0");
    }
    if (c.halfSpread.raw() < 0 || c.count < 0) {
        throw std::invalid_argument("synthetic feed: half spread and count must be >= 0");
    }
    m_logPrice = std::log(c.initialPrice.toDouble());
}

double SyntheticFeed::uniform() {
    return static_cast<double>(m_random() >> 11) * 0x1.0p-53;
}

double SyntheticFeed::normal() {
    if (m_hasSpare) {
        m_hasSpare = false;
        return m_spare;
    }
    double u = 0.0;
    double v = 0.0;
    double s = 0.0;
    do {
        u = 2.0 * uniform() - 1.0;
        v = 2.0 * uniform() - 1.0;
        s = u * u + v * v;
    } while (s >= 1.0 || s == 0.0);
    const double factor = std::sqrt(-2.0 * std::log(s) / s);
    m_spare = v * factor;
    m_hasSpare = true;
    return u * factor;
}

bool SyntheticFeed::next(Tick& tick) {
    const SyntheticFeedConfig& c = m_config;
    if (c.count > 0 && m_produced >= c.count) {
        return false;
    }
    // Draw order is part of the contract: arrival, price, size, side.
    if (m_produced > 0) {
        Timestamp step = c.interval;
        if (c.poissonArrivals) {
            const double wait = -std::log(1.0 - uniform()) * static_cast<double>(c.interval);
            step = std::max<Timestamp>(1, std::llround(wait));
        }
        m_now += step;
        const double dt = static_cast<double>(step) / kNanosPerYear;
        m_logPrice += (c.drift - 0.5 * c.volatility * c.volatility) * dt +
                      c.volatility * std::sqrt(dt) * normal();
    }
    double size = c.medianSize.toDouble();
    if (c.sizeSigma > 0) {
        size *= std::exp(c.sizeSigma * normal());
    }
    tick = Tick{};
    tick.symbol = c.symbol;
    tick.ts = m_now;
    tick.price = Price::fromRaw(roundToSteps(std::exp(m_logPrice), c.tickSize.raw()));
    tick.size = Quantity::fromRaw(roundToSteps(size, c.lotSize.raw()));
    tick.side = (m_random() >> 63) != 0 ? AggressorSide::kBuy : AggressorSide::kSell;
    if (c.halfSpread.raw() > 0) {
        tick.bid = Price::fromRaw(std::max(c.tickSize.raw(), (tick.price - c.halfSpread).raw()));
        tick.ask = tick.price + c.halfSpread;
    }
    ++m_produced;
    return true;
}

std::vector<Tick> SyntheticFeed::take(std::size_t n) {
    std::vector<Tick> ticks;
    ticks.reserve(n);
    Tick tick;
    while (ticks.size() < n && next(tick)) {
        ticks.push_back(tick);
    }
    return ticks;
}

}  // namespace causeway::engine
