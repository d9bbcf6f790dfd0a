#include "engine/indicators/stochastic.h"

namespace causeway::engine {

Stochastic::Stochastic(int fastK, int slowK, int slowD)
    : Indicator({{"k", (fastK - 1) + (slowK - 1) + (slowD - 1)},
                 {"d", (fastK - 1) + (slowK - 1) + (slowD - 1)}}),
      m_raw(fastK),
      m_k(slowK),
      m_d(slowD) {}

void Stochastic::step(const BarInput& bar) {
    const auto raw = m_raw.update(bar.high, bar.low, bar.close);
    if (!raw) {
        return;
    }
    const auto k = m_k.update(*raw);
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
