#pragma once

#include <cstddef>
#include <utility>
#include <vector>

namespace causeway::engine {

// A double-ended queue on one growable array: push at the back, pop at either
// end, index from the front. Storage doubles when full and is never given
// back, so a sliding window in steady state allocates nothing per event
// (std::deque allocates and frees a block every few dozen elements).
template <class T>
class RingBuffer final {
public:
    bool empty() const { return m_size == 0; }
    std::size_t size() const { return m_size; }

    T& operator[](std::size_t i) { return m_slots[wrap(m_head + i)]; }
    const T& operator[](std::size_t i) const { return m_slots[wrap(m_head + i)]; }
    T& front() { return (*this)[0]; }
    const T& front() const { return (*this)[0]; }
    T& back() { return (*this)[m_size - 1]; }
    const T& back() const { return (*this)[m_size - 1]; }

    void pushBack(T value) {
        if (m_size == m_slots.size()) {
            grow();
        }
        m_slots[wrap(m_head + m_size)] = std::move(value);
        ++m_size;
    }
    void popFront() {
        m_head = wrap(m_head + 1);
        --m_size;
    }
    void popBack() { --m_size; }
    void clear() {
        m_head = 0;
        m_size = 0;
    }

private:
    std::size_t wrap(std::size_t i) const { return i < m_slots.size() ? i : i - m_slots.size(); }

    void grow() {
        std::vector<T> larger(m_slots.empty() ? 16 : m_slots.size() * 2);
        for (std::size_t i = 0; i < m_size; ++i) {
            larger[i] = std::move((*this)[i]);
        }
        m_slots = std::move(larger);
        m_head = 0;
    }

    std::vector<T> m_slots;
    std::size_t m_head = 0;
    std::size_t m_size = 0;
};

}  // namespace causeway::engine
