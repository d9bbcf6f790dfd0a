#pragma once

#include <optional>
#include <string>

#include "engine/core/market_data.h"
#include "engine/dag/graph.h"
#include "engine/indicators/ema.h"

namespace causeway::engine {

// Source node: holds the latest closed bar of one symbol and timeframe.
class CandleNode : public Node {
public:
    explicit CandleNode(std::string id) : Node(std::move(id), {}) {}
    void set(const Candle& bar) { m_bar = bar; }
    const Candle& bar() const { return m_bar; }
    void compute() override {}

protected:
    // For bar sources derived from other nodes (TimeframeNode).
    CandleNode(std::string id, std::vector<std::string> inputs)
        : Node(std::move(id), std::move(inputs)) {}

private:
    Candle m_bar;
};

// A node with one numeric output, remembering the previous output so that
// crossings can be read without a history buffer.
class ValueNode : public Node {
public:
    using Node::Node;
    std::optional<double> value() const { return m_value; }
    std::optional<double> previous() const { return m_previous; }

protected:
    void publish(std::optional<double> value) {
        m_previous = m_value;
        m_value = value;
    }

private:
    std::optional<double> m_value;
    std::optional<double> m_previous;
};

// EMA of the close of a CandleNode.
class EmaNode final : public ValueNode {
public:
    EmaNode(std::string id, std::string candleInput, int period)
        : ValueNode(std::move(id), {std::move(candleInput)}), m_ema(period) {}
    void bind(const Graph& graph) override { m_input = &graph.input<CandleNode>(*this, 0); }
    void compute() override { publish(m_ema.update(m_input->bar().close.toDouble())); }
    int period() const { return m_ema.period(); }

private:
    Ema m_ema;
    const CandleNode* m_input = nullptr;
};

}  // namespace causeway::engine
