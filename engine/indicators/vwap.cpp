#include "engine/indicators/vwap.h"

#include <limits>

namespace causeway::engine {

namespace {

Timestamp floorDiv(Timestamp value, Timestamp divisor) {
    const Timestamp quotient = value / divisor;
    return (value % divisor != 0 && value < 0) ? quotient - 1 : quotient;
}

}  // namespace

Vwap::Vwap(VwapAnchor anchor) : Indicator({{std::string(), 0}}), m_anchor(anchor) {}

void Vwap::step(const BarInput& bar) {
    if (!m_started || bar.ts < m_periodStart || bar.ts >= m_periodEnd) {
        startPeriodAt(bar.ts);
    }
    m_priceVolume += ((bar.high + bar.low + bar.close) / 3.0) * bar.volume;
    m_volume += bar.volume;
    publish(0, m_volume > 0.0 ? std::optional<double>(m_priceVolume / m_volume) : std::nullopt);
}

void Vwap::startPeriodAt(Timestamp ts) {
    m_started = true;
    m_priceVolume = 0.0;
    m_volume = 0.0;
    switch (m_anchor) {
        case VwapAnchor::kSession:
            m_periodStart = floorDiv(ts, kNanosPerDay) * kNanosPerDay;
            m_periodEnd = m_periodStart + kNanosPerDay;
            break;
        case VwapAnchor::kWeek: {
            // 1970-01-01 was a Thursday: day 4 is the first Monday
            const Timestamp week = floorDiv(floorDiv(ts, kNanosPerDay) + 3, 7);
            m_periodStart = (week * 7 - 3) * kNanosPerDay;
            m_periodEnd = m_periodStart + 7 * kNanosPerDay;
            break;
        }
        case VwapAnchor::kMonth: {
            const CivilTime civil = toCivil(ts);
            m_periodStart = fromCivil({civil.year, civil.month, 1, 0, 0, 0, 0});
            m_periodEnd = civil.month == 12
                              ? fromCivil({civil.year + 1, 1, 1, 0, 0, 0, 0})
                              : fromCivil({civil.year, civil.month + 1, 1, 0, 0, 0, 0});
            break;
        }
        case VwapAnchor::kNone:
            m_periodStart = std::numeric_limits<Timestamp>::min();
            m_periodEnd = std::numeric_limits<Timestamp>::max();
            break;
    }
}

}  // namespace causeway::engine
