#pragma once

#include <cstddef>
#include <functional>
#include <vector>

namespace causeway::engine {

// The highest (or lowest) of the last `period` values of a stream, by a
// monotonic deque: each value enters and leaves the deque once, so an update
// is constant work amortised, whatever the period. The deque never holds
// more than `period` entries and lives in one array allocated up front.
template <class Better>
class RollingExtreme final {
public:
    explicit RollingExtreme(std::size_t period) : m_period(period), m_slots(period) {}

    void push(double value) {
        // the front leaves when the value `period` places before this one does
        if (m_size > 0 && m_count >= m_period && front().index == m_count - m_period) {
            m_head = wrap(m_head + 1);
            --m_size;
        }
        // entries no better than the new value can never be the extreme again
        const Better better;
        while (m_size > 0 && !better(back().value, value)) {
            --m_size;
        }
        m_slots[wrap(m_head + m_size)] = {m_count, value};
        ++m_size;
        ++m_count;
    }
    // The extreme of the values in the window (fewer than `period` until the
    // window has filled once).
    double value() const { return front().value; }
    bool full() const { return m_count >= m_period; }

private:
    struct Entry {
        std::size_t index = 0;
        double value = 0.0;
    };
    std::size_t wrap(std::size_t i) const { return i < m_period ? i : i - m_period; }
    const Entry& front() const { return m_slots[m_head]; }
    const Entry& back() const { return m_slots[wrap(m_head + m_size - 1)]; }

    std::size_t m_period;
    std::vector<Entry> m_slots;
    std::size_t m_head = 0;
    std::size_t m_size = 0;
    std::size_t m_count = 0;
};

using RollingMax = RollingExtreme<std::greater<>>;
using RollingMin = RollingExtreme<std::less<>>;

}  // namespace causeway::engine
