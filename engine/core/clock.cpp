#include "engine/core/clock.h"

#include <chrono>

namespace causeway::engine {

Timestamp SystemClock::now() const {
    const auto since = std::chrono::system_clock::now().time_since_epoch();
    return std::chrono::duration_cast<std::chrono::nanoseconds>(since).count();
}

}  // namespace causeway::engine
