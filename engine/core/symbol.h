#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace causeway::engine {

// An interned instrument name: comparing and hashing symbols on the hot path
// is an integer operation. The name table is process-wide and append-only.
class Symbol final {
public:
    Symbol() = default;
    explicit Symbol(std::string_view name);

    const std::string& name() const;
    std::uint32_t id() const { return m_id; }
    bool isValid() const { return m_id != 0; }

    friend bool operator==(Symbol a, Symbol b) { return a.m_id == b.m_id; }
    friend auto operator<=>(Symbol a, Symbol b) { return a.name() <=> b.name(); }

private:
    std::uint32_t m_id = 0;
};

}  // namespace causeway::engine
