#include "engine/indicators/stoch_rsi.h"

namespace causeway::engine {

StochRsi::StochRsi(int period, int fastK, int fastD)
    : Indicator(
          {{"k", period + (fastK - 1) + (fastD - 1)}, {"d", period + (fastK - 1) + (fastD - 1)}}),
      m_rsi(period),
      m_k(fastK),
      m_d(fastD) {}

void StochRsi::step(const BarInput& bar) {
    const auto rsi = m_rsi.update(bar.close);
    if (!rsi) {
        return;
    }
    const auto k = m_k.update(*rsi, *rsi, *rsi);
    if (!k) {
        return;
    }
    const auto d = m_d.update(*k);
    if (!d) {
        return;
    }
    publish(0, *k);
    publish(1, *d);
}

}  // namespace causeway::engine
