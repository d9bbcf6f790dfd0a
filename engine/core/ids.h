#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/core/timestamp.h"

namespace causeway::engine {

// 64-bit FNV-1a: stable across platforms and runs, which std::hash is not.
std::uint64_t stableHash(std::string_view data, std::uint64_t seed = 14695981039346656037ULL);

// Deterministic ids: PREFIX_YYYYMMDD_HHMMSS_<8 hex>, the hash taken over the
// prefix, the event time, a per-run sequence number and a discriminator
// (symbol, strategy). Same input, same ids.
class IdGenerator final {
public:
    explicit IdGenerator(std::string_view runKey = {}) : m_seed(stableHash(runKey)) {}
    std::string next(std::string_view prefix, Timestamp ts, std::string_view discriminator);

    // The sequence number of the last id: a restarted run continues it.
    std::uint64_t sequence() const { return m_sequence; }

private:
    std::uint64_t m_seed;
    std::uint64_t m_sequence = 0;
    // The time part of the last id, for the many ids of one event.
    Timestamp m_lastTs = 0;
    std::string m_lastTime;
    bool m_hasLast = false;
};

}  // namespace causeway::engine
