#include "engine/indicators/indicator_node.h"

#include <stdexcept>

#include "engine/indicators/indicator_registry.h"

namespace causeway::engine {

IndicatorNode::IndicatorNode(std::string id, std::string candleInput,
                             std::unique_ptr<Indicator> indicator)
    : Node(std::move(id), {std::move(candleInput)}), m_indicator(std::move(indicator)) {
    if (!m_indicator) {
        throw std::invalid_argument("indicator node '" + this->id() + "' has no indicator");
    }
}

IndicatorNode::IndicatorNode(std::string id, std::string candleInput, std::string_view spec)
    : IndicatorNode(std::move(id), std::move(candleInput), makeIndicator(spec)) {}

void IndicatorNode::bind(const Graph& graph) {
    m_input = &graph.input<CandleNode>(*this, 0);
}

void IndicatorNode::compute() {
    for (std::size_t i = 0; i < m_indicator->outputCount(); ++i) {
        m_previous[i] = m_indicator->value(i);
    }
    m_indicator->update(m_input->bar());
}

std::size_t IndicatorNode::output(std::string_view field) const {
    std::string valid;
    for (std::size_t i = 0; i < m_indicator->outputCount(); ++i) {
        const std::string& name = m_indicator->outputs()[i].name;
        if (name == field) {
            return i;
        }
        valid += (valid.empty() ? "'" : ", '") + name + "'";
    }
    throw std::invalid_argument("indicator node '" + id() + "' has no output '" +
                                std::string(field) + "' (valid: " + valid + ")");
}

}  // namespace causeway::engine
