#include "engine/indicators/normalized_atr.h"

#include "engine/indicators/talib_conventions.h"

namespace causeway::engine {

NormalizedAtr::NormalizedAtr(int period) : Indicator({{std::string(), period}}), m_atr(period) {
    requirePeriod("natr", period, 2);
}

void NormalizedAtr::step(const BarInput& bar) {
    m_atr.update(bar);
    if (const auto atr = m_atr.value()) {
        publish(0, talib::isZero(bar.close) ? 0.0 : (*atr / bar.close) * 100.0);
    }
}

}  // namespace causeway::engine
