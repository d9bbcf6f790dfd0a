#include "engine/indicators/money_flow_index.h"

namespace causeway::engine {

MoneyFlowIndex::MoneyFlowIndex(int period)
    : Indicator({{std::string(), period}}),
      m_positive(requirePeriod("mfi", period, 2)),
      m_negative(static_cast<std::size_t>(period)) {}

void MoneyFlowIndex::step(const BarInput& bar) {
    const double typical = (bar.high + bar.low + bar.close) / 3.0;
    const double change = typical - m_previousTypical;
    m_previousTypical = typical;
    if (m_count++ == 0) {
        return;
    }
    if (m_positive.full()) {
        m_positiveSum -= m_positive.oldest();
        m_negativeSum -= m_negative.oldest();
    }
    const double flow = typical * bar.volume;
    const double positive = change > 0 ? flow : 0.0;
    const double negative = change < 0 ? flow : 0.0;
    m_positive.push(positive);
    m_negative.push(negative);
    m_positiveSum += positive;
    m_negativeSum += negative;
    if (!m_positive.full()) {
        return;
    }
    const double total = m_positiveSum + m_negativeSum;
    publish(0, total < 1.0 ? 0.0 : 100.0 * (m_positiveSum / total));
}

}  // namespace causeway::engine
