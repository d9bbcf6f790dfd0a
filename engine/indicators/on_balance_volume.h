#pragma once

#include "engine/indicators/indicator.h"

namespace causeway::engine {

// On-balance volume (TA-Lib's OBV): starts at the first bar's volume, then
// adds the volume of a bar that closes higher than the one before and
// subtracts it for one that closes lower.
class OnBalanceVolume final : public Indicator {
public:
    OnBalanceVolume() : Indicator({{std::string(), 0}}) {}

private:
    void step(const BarInput& bar) override {
        if (!m_started) {
            m_started = true;
            m_obv = bar.volume;
        } else if (bar.close > m_previousClose) {
            m_obv += bar.volume;
        } else if (bar.close < m_previousClose) {
            m_obv -= bar.volume;
        }
        m_previousClose = bar.close;
        publish(0, m_obv);
    }

    bool m_started = false;
    double m_obv = 0.0;
    double m_previousClose = 0.0;
};

}  // namespace causeway::engine
