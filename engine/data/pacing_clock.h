#pragma once

#include "engine/core/timestamp.h"

namespace causeway::engine {

// Real time as a paced replay sees it: a monotonic "now" and a way to wait.
// Injected so that tests pace against a fake and never sleep.
class PacingClock {
public:
    virtual ~PacingClock() = default;
    // Monotonic nanoseconds from an arbitrary origin.
    virtual Timestamp now() = 0;
    virtual void sleepUntil(Timestamp wakeAt) = 0;
};

// std::chrono::steady_clock and std::this_thread::sleep_until.
class SteadyPacingClock final : public PacingClock {
public:
    Timestamp now() override;
    void sleepUntil(Timestamp wakeAt) override;
};

}  // namespace causeway::engine
