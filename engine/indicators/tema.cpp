#include "engine/indicators/tema.h"

namespace causeway::engine {

Tema::Tema(int period) : m_first(period), m_second(period), m_third(period) {}

std::optional<double> Tema::update(double value) {
    const auto first = m_first.update(value);
    if (!first) {
        return std::nullopt;
    }
    const auto second = m_second.update(*first);
    if (!second) {
        return std::nullopt;
    }
    const auto third = m_third.update(*second);
    if (!third) {
        return std::nullopt;
    }
    return *third + (3.0 * *first - 3.0 * *second);
}

}  // namespace causeway::engine
