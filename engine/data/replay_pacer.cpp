#include "engine/data/replay_pacer.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace causeway::engine {

ReplayPacer::ReplayPacer(double speed, PacingClock& clock) : m_speed(speed), m_clock(&clock) {
    if (!std::isfinite(speed) || speed <= 0) {
        throw std::invalid_argument("replay speed must be a finite number > 0, got " +
                                    std::to_string(speed));
    }
}

bool ReplayPacer::wait(Timestamp ts, const std::atomic_bool& stop) {
    if (m_clock == nullptr) {
        return !stop.load(std::memory_order_relaxed);
    }
    if (!m_anchored) {
        m_anchored = true;
        m_firstEvent = ts;
        m_firstWall = m_clock->now();
        return !stop.load(std::memory_order_relaxed);
    }
    const Timestamp due =
        m_firstWall + std::llround(static_cast<double>(ts - m_firstEvent) / m_speed);
    while (!stop.load(std::memory_order_relaxed)) {
        const Timestamp now = m_clock->now();
        if (now >= due) {
            return true;
        }
        m_clock->sleepUntil(std::min(due, now + kStopLatency));
    }
    return false;
}

}  // namespace causeway::engine
