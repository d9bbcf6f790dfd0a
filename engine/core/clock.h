#pragma once

#include "engine/core/timestamp.h"

namespace causeway::engine {

// The engine's only source of "now". Backtests and replays advance a
// ReplayClock with the data; live sessions read the system clock.
class Clock {
public:
    virtual ~Clock() = default;
    virtual Timestamp now() const = 0;
};

class ReplayClock final : public Clock {
public:
    Timestamp now() const override { return m_now; }
    void advanceTo(Timestamp ts) {
        if (ts > m_now) {
            m_now = ts;
        }
    }

private:
    Timestamp m_now = 0;
};

class SystemClock final : public Clock {
public:
    Timestamp now() const override;
};

}  // namespace causeway::engine
