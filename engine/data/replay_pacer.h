#pragma once

#include <atomic>

#include "engine/data/pacing_clock.h"

namespace causeway::engine {

// Decides when a replayed event is due. Full speed: at once. Real time x
// speed: the first event is due at once and every later one when
// (event time - first event time) / speed has passed on the pacing clock
// since; a late event is due at once, and being late never shifts the
// schedule of those after it. Waits in slices so a stop request is seen
// within kStopLatency even across a long gap in the data.
class ReplayPacer final {
public:
    static constexpr Timestamp kStopLatency = 100'000'000;  // 100 ms

    ReplayPacer() = default;  // full speed
    // Throws std::invalid_argument unless speed is finite and > 0.
    ReplayPacer(double speed, PacingClock& clock);

    // Returns once the event at `ts` is due: true, or false if `stop` was
    // set while waiting.
    bool wait(Timestamp ts, const std::atomic_bool& stop);

    bool isPaced() const { return m_clock != nullptr; }
    double speed() const { return m_speed; }

private:
    double m_speed = 0.0;
    PacingClock* m_clock = nullptr;
    bool m_anchored = false;
    Timestamp m_firstEvent = 0;
    Timestamp m_firstWall = 0;
};

}  // namespace causeway::engine
