#include "engine/indicators/dema.h"

namespace causeway::engine {

Dema::Dema(int period) : m_first(period), m_second(period) {}

std::optional<double> Dema::update(double value) {
    const auto first = m_first.update(value);
    if (!first) {
        return std::nullopt;
    }
    const auto second = m_second.update(*first);
    if (!second) {
        return std::nullopt;
    }
    return (2.0 * *first) - *second;
}

}  // namespace causeway::engine
