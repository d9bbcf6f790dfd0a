#pragma once

#include <cstddef>
#include <vector>

#include "engine/indicators/indicator.h"

namespace causeway::engine {

// Commodity channel index: (typical price - its mean) / (0.015 x mean
// absolute deviation) over `period` bars, typical price (high + low +
// close) / 3; 0 when either is 0. The mean absolute deviation needs every
// value of the window, so an update is O(period) — the one indicator here
// whose maths does not allow constant work. The window is summed in the
// slot order of TA-Lib's circular buffer, which makes the values identical.
class Cci final : public Indicator {
public:
    explicit Cci(int period);

private:
    void step(const BarInput& bar) override;

    std::vector<double> m_slots;
    std::size_t m_next = 0;
    std::size_t m_count = 0;
};

}  // namespace causeway::engine
