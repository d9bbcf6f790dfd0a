#include "engine/core/symbol.h"

#include <deque>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

namespace causeway::engine {

namespace {

struct SymbolTable {
    std::shared_mutex mutex;
    std::deque<std::string> names{std::string()};  // id 0 is the invalid symbol
    std::unordered_map<std::string_view, std::uint32_t> ids;

    static SymbolTable& instance() {
        static SymbolTable table;
        return table;
    }
};

}  // namespace

Symbol::Symbol(std::string_view name) {
    auto& table = SymbolTable::instance();
    {
        std::shared_lock lock(table.mutex);
        if (const auto it = table.ids.find(name); it != table.ids.end()) {
            m_id = it->second;
            return;
        }
    }
    std::unique_lock lock(table.mutex);
    if (const auto it = table.ids.find(name); it != table.ids.end()) {
        m_id = it->second;
        return;
    }
    // deque keeps element addresses stable, so the map's views stay valid
    table.names.emplace_back(name);
    m_id = static_cast<std::uint32_t>(table.names.size() - 1);
    table.ids.emplace(table.names.back(), m_id);
}

const std::string& Symbol::name() const {
    auto& table = SymbolTable::instance();
    std::shared_lock lock(table.mutex);
    return table.names[m_id];
}

}  // namespace causeway::engine
