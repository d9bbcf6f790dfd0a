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

namespace {

// Decimal digits of `value` into `out`, most significant first; returns the
// end. (std::to_string allocates.)
char* decimal(char* out, std::uint64_t value) {
    char reversed[24];
    int n = 0;
    do {
        reversed[n++] = static_cast<char>('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (n > 0) {
        *out++ = reversed[--n];
    }
    return out;
}

}  // namespace

std::string IdGenerator::next(std::string_view prefix, Timestamp ts,
                              std::string_view discriminator) {
    // The hash runs over "prefix|ts|sequence|discriminator", as it always
    // has: the same ids as before, without building the key.
    char numbers[48];
    char* end = numbers;
    const bool negative = ts < 0;
    if (negative) {
        *end++ = '-';
    }
    end = decimal(end, negative ? 0 - static_cast<std::uint64_t>(ts) : static_cast<std::uint64_t>(ts));
    *end++ = '|';
    end = decimal(end, ++m_sequence);
    std::uint64_t hash = stableHash(prefix, m_seed);
    hash = stableHash("|", hash);
    hash = stableHash(std::string_view(numbers, static_cast<std::size_t>(end - numbers)), hash);
    hash = stableHash("|", hash);
    hash = stableHash(discriminator, hash);
    const auto folded = static_cast<std::uint32_t>((hash ^ (hash >> 32)) & 0xffffffffULL);

    if (!m_hasLast || m_lastTs != ts) {
        m_lastTime = formatCompact(ts);
        m_lastTs = ts;
        m_hasLast = true;
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string id;
    id.reserve(prefix.size() + m_lastTime.size() + 10);
    id.append(prefix).append(1, '_').append(m_lastTime).append(1, '_');
    for (int shift = 28; shift >= 0; shift -= 4) {
        id.push_back(kHex[(folded >> shift) & 0xf]);
    }
    return id;
}

}  // namespace causeway::engine
