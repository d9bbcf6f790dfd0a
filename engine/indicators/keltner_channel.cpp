#include "engine/indicators/keltner_channel.h"

#include <algorithm>

namespace causeway::engine {

KeltnerChannel::KeltnerChannel(int period, double multiplier, int atrPeriod)
    : Indicator({{"upper", std::max(period - 1, atrPeriod)},
                 {"middle", std::max(period - 1, atrPeriod)},
                 {"lower", std::max(period - 1, atrPeriod)}}),
      m_multiplier(multiplier),
      m_middle(period),
      m_atr(atrPeriod) {}

void KeltnerChannel::step(const BarInput& bar) {
    const auto middle = m_middle.update(bar.close);
    m_atr.update(bar);
    const auto atr = m_atr.value();
    if (!middle || !atr) {
        return;
    }
    const double width = m_multiplier * *atr;
    publish(0, *middle + width);
    publish(1, *middle);
    publish(2, *middle - width);
}

}  // namespace causeway::engine
