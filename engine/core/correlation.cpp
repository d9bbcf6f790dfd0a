#include "engine/core/correlation.h"

namespace causeway::engine {

namespace {
thread_local std::string t_current;
}

CorrelationScope::CorrelationScope(std::string id) : m_previous(std::move(t_current)) {
    t_current = std::move(id);
}

CorrelationScope::~CorrelationScope() {
    t_current = std::move(m_previous);
}

const std::string& CorrelationScope::current() {
    return t_current;
}

}  // namespace causeway::engine
