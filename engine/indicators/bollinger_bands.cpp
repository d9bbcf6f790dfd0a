#include "engine/indicators/bollinger_bands.h"

#include <cmath>

#include "engine/indicators/talib_conventions.h"

namespace causeway::engine {

BollingerBands::BollingerBands(int period, double deviations)
    : Indicator({{"upper", period - 1}, {"middle", period - 1}, {"lower", period - 1}}),
      m_period(period),
      m_deviations(deviations),
      m_window(requirePeriod("bbands", period, 2)) {}

void BollingerBands::step(const BarInput& bar) {
    const double value = bar.close;
    m_window.push(value);
    m_sum += value;
    m_sumOfSquares += value * value;
    if (!m_window.full()) {
        return;
    }
    const double oldest = m_window.oldest();
    const double middle = m_sum / m_period;
    m_sum -= oldest;
    double variance = m_sumOfSquares / m_period;
    m_sumOfSquares -= oldest * oldest;
    variance -= middle * middle;
    const double deviation = talib::isZeroOrNegative(variance) ? 0.0 : std::sqrt(variance);
    const double band = deviation * m_deviations;
    publish(0, middle + band);
    publish(1, middle);
    publish(2, middle - band);
}

}  // namespace causeway::engine
