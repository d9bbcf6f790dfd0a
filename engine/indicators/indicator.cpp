#include "engine/indicators/indicator.h"

#include <stdexcept>
#include <string>

namespace causeway::engine {

BarInput BarInput::from(const Candle& bar) {
    return {bar.ts,
            bar.open.toDouble(),
            bar.high.toDouble(),
            bar.low.toDouble(),
            bar.close.toDouble(),
            bar.volume.toDouble()};
}

Indicator::Indicator(std::vector<IndicatorOutput> outputs) : m_outputs(std::move(outputs)) {
    if (m_outputs.empty() || m_outputs.size() > kMaxOutputs) {
        throw std::logic_error("an indicator has from 1 to 4 outputs");
    }
}

std::size_t requirePeriod(const char* indicator, int period, int minimum) {
    if (period < minimum) {
        throw std::invalid_argument(std::string(indicator) + " period must be at least " +
                                    std::to_string(minimum) + ", got " + std::to_string(period));
    }
    return static_cast<std::size_t>(period);
}

}  // namespace causeway::engine
