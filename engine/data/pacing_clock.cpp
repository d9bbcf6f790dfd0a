#include "engine/data/pacing_clock.h"

#include <chrono>
#include <thread>

namespace causeway::engine {

Timestamp SteadyPacingClock::now() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void SteadyPacingClock::sleepUntil(Timestamp wakeAt) {
    std::this_thread::sleep_until(
        std::chrono::steady_clock::time_point(std::chrono::nanoseconds(wakeAt)));
}

}  // namespace causeway::engine
