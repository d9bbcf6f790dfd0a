#include "engine/execution/intrabar_detail.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <stdexcept>

namespace causeway::engine {

namespace {

// The bar whose span [ts, next bar's ts) holds `ts`, if any: the data may
// have gaps, and the last bar spans one timeframe.
template <class F>
void distribute(const std::vector<Candle>& bars, std::size_t rows, F&& timeOf,
                std::vector<std::uint32_t>& offsets, std::int64_t& outside,
                const std::string& source, const std::function<void(std::size_t)>& take) {
    if (rows >= std::numeric_limits<std::uint32_t>::max()) {
        throw std::invalid_argument("detail " + source + " has too many rows");
    }
    offsets.assign(bars.size() + 1, 0);
    std::size_t bar = 0;
    std::uint32_t kept = 0;
    for (std::size_t row = 0; row < rows; ++row) {
        const Timestamp ts = timeOf(row);
        while (bar < bars.size()) {
            const Timestamp end =
                bar + 1 < bars.size() ? bars[bar + 1].ts : bars[bar].ts + bars[bar].timeframe.nanos;
            if (ts < end) {
                break;
            }
            offsets[++bar] = kept;
        }
        if (bar >= bars.size() || ts < bars[bar].ts ||
            ts >= bars[bar].ts + bars[bar].timeframe.nanos) {
            ++outside;
            continue;
        }
        take(row);
        ++kept;
    }
    while (bar < bars.size()) {
        offsets[++bar] = kept;
    }
}

void countCovered(const std::vector<std::uint32_t>& offsets, std::int64_t& covered,
                  const std::string& source) {
    for (std::size_t i = 0; i + 1 < offsets.size(); ++i) {
        covered += offsets[i + 1] > offsets[i] ? 1 : 0;
    }
    if (covered == 0) {
        throw std::invalid_argument("detail " + source +
                                    " covers none of the bars (no row falls inside a bar's time)");
    }
}

}  // namespace

IntraBarDetail IntraBarDetail::fromBars(const std::vector<Candle>& bars,
                                        const std::vector<Candle>& detail,
                                        const std::string& source) {
    IntraBarDetail result;
    if (bars.empty() || detail.empty()) {
        throw std::invalid_argument("detail " + source + " or the bars it details are empty");
    }
    const Timeframe main = bars.front().timeframe;
    const Timeframe fine = detail.front().timeframe;
    if (fine.nanos >= main.nanos) {
        throw std::invalid_argument("detail " + source + " has " + fine.label() +
                                    " bars, not finer than the " + main.label() +
                                    " bars it should detail");
    }
    std::vector<std::uint32_t> rowOffsets;
    std::vector<std::size_t> taken;
    distribute(
        bars, detail.size(), [&](std::size_t row) { return detail[row].ts; }, rowOffsets,
        result.m_outside, source, [&](std::size_t row) { taken.push_back(row); });
    countCovered(rowOffsets, result.m_covered, source);
    result.m_used = static_cast<std::int64_t>(taken.size());
    // Rows become price points: each detail bar's own path.
    result.m_offsets.assign(bars.size() + 1, 0);
    for (std::size_t b = 0; b < bars.size(); ++b) {
        for (std::uint32_t r = rowOffsets[b]; r < rowOffsets[b + 1]; ++r) {
            const PricePath sub = PricePath::ofBar(detail[taken[r]]);
            for (std::size_t p = 0; p < sub.size(); ++p) {
                result.m_prices.push_back(sub.at(p));
            }
        }
        result.m_offsets[b + 1] = static_cast<std::uint32_t>(result.m_prices.size());
    }
    return result;
}

IntraBarDetail IntraBarDetail::fromTicks(const std::vector<Candle>& bars, std::vector<Tick> ticks,
                                         const std::string& source) {
    IntraBarDetail result;
    if (bars.empty() || ticks.empty()) {
        throw std::invalid_argument("detail " + source + " or the bars it details are empty");
    }
    std::vector<Tick> kept;
    kept.reserve(ticks.size());
    distribute(
        bars, ticks.size(), [&](std::size_t row) { return ticks[row].ts; }, result.m_offsets,
        result.m_outside, source, [&](std::size_t row) { kept.push_back(ticks[row]); });
    countCovered(result.m_offsets, result.m_covered, source);
    result.m_used = static_cast<std::int64_t>(kept.size());
    result.m_ticks = std::move(kept);
    return result;
}

std::optional<PricePath> IntraBarDetail::path(std::size_t index, const Candle& bar) const {
    if (hasTicks() || index + 1 >= m_offsets.size() || m_offsets[index] == m_offsets[index + 1]) {
        return std::nullopt;
    }
    // The bar opens where it opens; the detail then says where it went.
    std::vector<Price> points{bar.open};
    for (std::uint32_t i = m_offsets[index]; i < m_offsets[index + 1]; ++i) {
        if (m_prices[i] != points.back()) {
            points.push_back(m_prices[i]);
        }
    }
    return PricePath(std::move(points));
}

std::span<const Tick> IntraBarDetail::ticks(std::size_t index) const {
    if (!hasTicks() || index + 1 >= m_offsets.size()) {
        return {};
    }
    return std::span<const Tick>(m_ticks).subspan(m_offsets[index],
                                                  m_offsets[index + 1] - m_offsets[index]);
}

}  // namespace causeway::engine
