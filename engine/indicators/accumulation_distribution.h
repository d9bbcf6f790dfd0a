#pragma once

#include "engine/indicators/indicator.h"

namespace causeway::engine {

// Chaikin accumulation/distribution line (TA-Lib's AD): the running sum of
// ((close - low) - (high - close)) / (high - low) x volume; a bar without a
// range adds nothing.
class AccumulationDistribution final : public Indicator {
public:
    AccumulationDistribution() : Indicator({{std::string(), 0}}) {}

private:
    void step(const BarInput& bar) override {
        const double range = bar.high - bar.low;
        if (range > 0.0) {
            m_line += (((bar.close - bar.low) - (bar.high - bar.close)) / range) * bar.volume;
        }
        publish(0, m_line);
    }

    double m_line = 0.0;
};

}  // namespace causeway::engine
