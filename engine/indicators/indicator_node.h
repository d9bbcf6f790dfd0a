#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "engine/dag/graph.h"
#include "engine/indicators/indicator.h"
#include "engine/indicators/nodes.h"

namespace causeway::engine {

// Any indicator as a DAG node reading a CandleNode: one update per closed
// bar, every output readable by the nodes and workers downstream, with the
// previous bar's outputs kept so crossings need no history buffer.
class IndicatorNode final : public Node {
public:
    IndicatorNode(std::string id, std::string candleInput, std::unique_ptr<Indicator> indicator);
    // From a spec, e.g. "macd:12:26:9"; throws IndicatorSpecError.
    IndicatorNode(std::string id, std::string candleInput, std::string_view spec);

    void bind(const Graph& graph) override;
    void compute() override;

    const Indicator& indicator() const { return *m_indicator; }
    // The index of an output by field name ("signal"; "" for a single output);
    // throws std::invalid_argument naming the node and the valid fields.
    std::size_t output(std::string_view field) const;
    std::optional<double> value(std::size_t output = 0) const { return m_indicator->value(output); }
    std::optional<double> previous(std::size_t output = 0) const { return m_previous.at(output); }

private:
    std::unique_ptr<Indicator> m_indicator;
    std::array<std::optional<double>, Indicator::kMaxOutputs> m_previous{};
    const CandleNode* m_input = nullptr;
};

}  // namespace causeway::engine
