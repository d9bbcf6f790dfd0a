#include "engine/indicators/structure_detector.h"

#include "engine/indicators/structure_detail.h"

namespace causeway::engine {

using structure_detail::checkSameBar;
using structure_detail::stamp;

// -------------------------------------------------------- StructureDetector

void StructureDetector::breakLevel(const Candle& bar, std::int64_t index, const Level& level,
                                   Direction direction) {
    const Trend with = direction == Direction::kBullish ? Trend::kUp : Trend::kDown;
    StructureBreak event;
    stamp(event, bar);
    event.kind = m_trend == Trend::kNone || m_trend == with ? BreakKind::kBreakOfStructure
                                                            : BreakKind::kChangeOfCharacter;
    event.direction = direction;
    event.level = level.price;
    event.close = bar.close;
    event.barIndex = index;
    event.swingIndex = level.index;
    event.swingTs = level.ts;
    m_trend = with;
    m_events.push_back(event);
}

const std::vector<StructureBreak>& StructureDetector::update(const Candle& bar,
                                                             std::span<const SwingPoint> swings) {
    m_events.clear();
    const std::int64_t index = m_sequence.accept(bar);
    checkSameBar("structure detector", "swing", bar, index, swings);
    for (const SwingPoint& swing : swings) {
        (swing.isHigh() ? m_high : m_low) = Level{swing.price, swing.barIndex, swing.barTs};
    }
    if (m_high && bar.close > m_high->price) {
        const Level level = *m_high;
        m_high.reset();
        breakLevel(bar, index, level, Direction::kBullish);
    }
    if (m_low && bar.close < m_low->price) {
        const Level level = *m_low;
        m_low.reset();
        breakLevel(bar, index, level, Direction::kBearish);
    }
    return m_events;
}

}  // namespace causeway::engine
