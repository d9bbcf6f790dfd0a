#pragma once

#include <string>
#include <string_view>

namespace causeway::engine {

// The id of the flow the current thread is working on (the origin id of a
// strategy flow, for instance). Log lines and bus events of that flow carry
// it, so one grep follows a flow through every component.
class CorrelationScope final {
public:
    explicit CorrelationScope(std::string id);
    ~CorrelationScope();
    CorrelationScope(const CorrelationScope&) = delete;
    CorrelationScope& operator=(const CorrelationScope&) = delete;

    // Empty outside any scope.
    static const std::string& current();

private:
    std::string m_previous;
};

}  // namespace causeway::engine
