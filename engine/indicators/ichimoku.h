#pragma once

#include <optional>
#include <vector>

#include "engine/indicators/indicator.h"
#include "engine/indicators/rolling_extreme.h"

namespace causeway::engine {

// Ichimoku kinko hyo (not in TA-Lib), in its streaming form. Midpoint(n) is
// (highest high + lowest low) / 2 over the last n bars.
//   tenkan   = midpoint(tenkan), first on bar tenkan - 1
//   kijun    = midpoint(kijun), first on bar kijun - 1
//   senkou_a = (tenkan + kijun) / 2 as computed `kijun` bars ago: the leading
//              span A that charts plot over the current bar
//   senkou_b = midpoint(senkouB) as computed `kijun` bars ago
// Every output is the value that applies to the bar just closed, so nothing
// is reported ahead of time. The lagging span (chikou: the close plotted
// kijun bars back) is not an output: its value for a bar is a close that
// has not happened yet when the bar closes.
class Ichimoku final : public Indicator {
public:
    Ichimoku(int tenkan, int kijun, int senkouB);

private:
    void step(const BarInput& bar) override;

    struct Line {
        explicit Line(std::size_t period) : highest(period), lowest(period) {}
        std::optional<double> update(const BarInput& bar);
        RollingMax highest;
        RollingMin lowest;
    };

    Line m_tenkan;
    Line m_kijun;
    Line m_senkouB;
    // The spans computed on the last `kijun` bars, slot = bar index % kijun.
    std::vector<std::optional<double>> m_spanA;
    std::vector<std::optional<double>> m_spanB;
    std::size_t m_count = 0;
};

}  // namespace causeway::engine
