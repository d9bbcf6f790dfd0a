#include "engine/indicators/ichimoku.h"

#include <algorithm>

namespace causeway::engine {

std::optional<double> Ichimoku::Line::update(const BarInput& bar) {
    highest.push(bar.high);
    lowest.push(bar.low);
    if (!highest.full()) {
        return std::nullopt;
    }
    return (highest.value() + lowest.value()) / 2.0;
}

Ichimoku::Ichimoku(int tenkan, int kijun, int senkouB)
    : Indicator({{"tenkan", tenkan - 1},
                 {"kijun", kijun - 1},
                 {"senkou_a", std::max(tenkan, kijun) - 1 + kijun},
                 {"senkou_b", senkouB - 1 + kijun}}),
      m_tenkan(requirePeriod("ichimoku tenkan", tenkan)),
      m_kijun(requirePeriod("ichimoku kijun", kijun)),
      m_senkouB(requirePeriod("ichimoku senkou b", senkouB)),
      m_spanA(static_cast<std::size_t>(kijun)),
      m_spanB(static_cast<std::size_t>(kijun)) {}

void Ichimoku::step(const BarInput& bar) {
    const auto tenkan = m_tenkan.update(bar);
    const auto kijun = m_kijun.update(bar);
    const auto senkouB = m_senkouB.update(bar);
    publish(0, tenkan);
    publish(1, kijun);

    const std::size_t slot = m_count % m_spanA.size();
    // the slot still holds what was computed `kijun` bars ago
    publish(2, m_spanA[slot]);
    publish(3, m_spanB[slot]);
    m_spanA[slot] =
        (tenkan && kijun) ? std::optional<double>((*tenkan + *kijun) / 2.0) : std::nullopt;
    m_spanB[slot] = senkouB;
    ++m_count;
}

}  // namespace causeway::engine
