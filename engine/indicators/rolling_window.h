#pragma once

#include <cstddef>
#include <vector>

namespace causeway::engine {

// The last `capacity` values of a stream, oldest first, in one array
// allocated up front: pushing never allocates.
class RollingWindow final {
public:
    explicit RollingWindow(std::size_t capacity) : m_slots(capacity) {}

    std::size_t capacity() const { return m_slots.size(); }
    std::size_t size() const { return m_size; }
    bool full() const { return m_size == m_slots.size(); }

    // Adds a value; when full, the oldest value leaves first.
    void push(double value) {
        m_slots[m_next] = value;
        m_next = m_next + 1 == m_slots.size() ? 0 : m_next + 1;
        if (m_size < m_slots.size()) {
            ++m_size;
        }
    }
    // i = 0 is the oldest value held, size() - 1 the newest.
    double operator[](std::size_t i) const {
        const std::size_t start = full() ? m_next : 0;
        const std::size_t slot = start + i;
        return m_slots[slot < m_slots.size() ? slot : slot - m_slots.size()];
    }
    double oldest() const { return (*this)[0]; }
    double newest() const { return (*this)[m_size - 1]; }

private:
    std::vector<double> m_slots;
    std::size_t m_next = 0;
    std::size_t m_size = 0;
};

}  // namespace causeway::engine
