#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/core/market_data.h"
#include "engine/execution/price_path.h"

namespace causeway::engine {

// What happened inside each bar of a run, from finer data of the same
// symbol (`--detail FILE`: lower-timeframe bars or trade prints). With it
// the simulated exchange resolves stops, limits and brackets inside a bar in
// the order the detail says prices came, instead of PricePath::ofBar's
// open-extreme-extreme-close guess.
//
// Detail at or after a bar's start and before the next bar's belongs to
// that bar. A bar without detail keeps the guess; a detail row outside
// every bar (before the first, or in a gap the main data skips) is counted,
// not used.
class IntraBarDetail final {
public:
    // Lower-timeframe bars: each contributes its own path (PricePath::ofBar's
    // points), in time order, after the main bar's open. Throws
    // std::invalid_argument when the detail is not finer than `bars` or
    // covers none of them (the message names `source`).
    static IntraBarDetail fromBars(const std::vector<Candle>& bars,
                                   const std::vector<Candle>& detail, const std::string& source);
    // Trade prints: the exchange sees each one as a tick (its fill model for
    // ticks, bid/ask included).
    static IntraBarDetail fromTicks(const std::vector<Candle>& bars, std::vector<Tick> ticks,
                                    const std::string& source);

    bool hasTicks() const { return !m_ticks.empty(); }
    // The path of bar `index`, or nothing when the detail has no bar-path
    // for it.
    std::optional<PricePath> path(std::size_t index, const Candle& bar) const;
    // The prints inside bar `index` (empty when none).
    std::span<const Tick> ticks(std::size_t index) const;

    std::int64_t barsCovered() const { return m_covered; }
    std::int64_t rowsUsed() const { return m_used; }
    std::int64_t rowsOutside() const { return m_outside; }

private:
    // Start of each bar's slice in m_prices or m_ticks; size bars + 1.
    std::vector<std::uint32_t> m_offsets;
    std::vector<Price> m_prices;
    std::vector<Tick> m_ticks;
    std::int64_t m_covered = 0;
    std::int64_t m_used = 0;
    std::int64_t m_outside = 0;
};

}  // namespace causeway::engine
