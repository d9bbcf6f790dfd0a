#include "engine/core/ids.h"

#include <cstdio>

namespace causeway::engine {

std::uint64_t stableHash(std::string_view data, std::uint64_t seed) {
    std::uint64_t hash = seed;
    for (const char c : data) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return hash;
}

std::string IdGenerator::next(std::string_view prefix, Timestamp ts,
                              std::string_view discriminator) {
    const std::string key = std::string(prefix) + '|' + std::to_string(ts) + '|' +
                            std::to_string(++m_sequence) + '|' + std::string(discriminator);
    const std::uint64_t hash = stableHash(key, m_seed);
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, "%08llx",
                  static_cast<unsigned long long>((hash ^ (hash >> 32)) & 0xffffffffULL));
    return std::string(prefix) + '_' + formatCompact(ts) + '_' + suffix;
}

}  // namespace causeway::engine
