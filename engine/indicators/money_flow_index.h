#pragma once

#include <cstdint>

#include "engine/indicators/indicator.h"
#include "engine/indicators/rolling_window.h"

namespace causeway::engine {

// Money flow index as TA-Lib's MFI: typical price (high + low + close) / 3
// times volume is positive money flow when the typical price rose, negative
// when it fell; MFI = 100 x positive / (positive + negative) over the last
// `period` changes, first on bar `period`. As in TA-Lib, a window whose
// total flow is below 1 gives 0 (so does one without volume).
class MoneyFlowIndex final : public Indicator {
public:
    explicit MoneyFlowIndex(int period);

private:
    void step(const BarInput& bar) override;

    RollingWindow m_positive;
    RollingWindow m_negative;
    std::int64_t m_count = 0;
    double m_previousTypical = 0.0;
    double m_positiveSum = 0.0;
    double m_negativeSum = 0.0;
};

}  // namespace causeway::engine
