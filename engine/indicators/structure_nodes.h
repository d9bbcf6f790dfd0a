#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/dag/graph.h"
#include "engine/indicators/fair_value_gap_detector.h"
#include "engine/indicators/liquidity_level_detector.h"
#include "engine/indicators/market_structure.h"
#include "engine/indicators/nodes.h"
#include "engine/indicators/order_block_detector.h"
#include "engine/indicators/structure_detector.h"
#include "engine/indicators/swing_detector.h"

namespace causeway::engine {

// DAG nodes over the market-structure detectors. Each reads the bars of a
// CandleNode (and the nodes whose events it builds on) and exposes the
// events of the latest bar; a bar without events leaves events() empty.
// They compute on every bar: their state advances even when nothing is
// emitted.

class SwingNode final : public Node {
public:
    SwingNode(std::string id, std::string candleInput, int strength,
              Tolerance tolerance = Tolerance::exact())
        : Node(std::move(id), {std::move(candleInput)}), m_detector(strength, tolerance) {}
    void bind(const Graph& graph) override { m_candles = &graph.input<CandleNode>(*this, 0); }
    void compute() override { m_detector.update(m_candles->bar()); }
    const std::vector<SwingPoint>& events() const { return m_detector.events(); }
    int strength() const { return m_detector.strength(); }

private:
    SwingDetector m_detector;
    const CandleNode* m_candles = nullptr;
};

class FairValueGapNode final : public Node {
public:
    FairValueGapNode(std::string id, std::string candleInput, Price minimumSize = Price{})
        : Node(std::move(id), {std::move(candleInput)}), m_detector(minimumSize) {}
    void bind(const Graph& graph) override { m_candles = &graph.input<CandleNode>(*this, 0); }
    void compute() override { m_detector.update(m_candles->bar()); }
    const std::vector<FairValueGap>& events() const { return m_detector.events(); }

private:
    FairValueGapDetector m_detector;
    const CandleNode* m_candles = nullptr;
};

// BOS / CHoCH: reads the candles and a SwingNode over the same candles.
class StructureNode final : public Node {
public:
    StructureNode(std::string id, std::string candleInput, std::string swingInput)
        : Node(std::move(id), {std::move(candleInput), std::move(swingInput)}) {}
    void bind(const Graph& graph) override {
        m_candles = &graph.input<CandleNode>(*this, 0);
        m_swings = &graph.input<SwingNode>(*this, 1);
    }
    void compute() override { m_detector.update(m_candles->bar(), m_swings->events()); }
    const std::vector<StructureBreak>& events() const { return m_detector.events(); }
    StructureDetector::Trend trend() const { return m_detector.trend(); }

private:
    StructureDetector m_detector;
    const CandleNode* m_candles = nullptr;
    const SwingNode* m_swings = nullptr;
};

// Order blocks: reads the candles, the SwingNode and the StructureNode built
// on them; the detector takes the swing node's strength.
class OrderBlockNode final : public Node {
public:
    OrderBlockNode(std::string id, std::string candleInput, std::string swingInput,
                   std::string structureInput)
        : Node(std::move(id),
               {std::move(candleInput), std::move(swingInput), std::move(structureInput)}) {}
    void bind(const Graph& graph) override {
        m_candles = &graph.input<CandleNode>(*this, 0);
        m_swings = &graph.input<SwingNode>(*this, 1);
        m_structure = &graph.input<StructureNode>(*this, 2);
        m_detector.emplace(m_swings->strength());
    }
    void compute() override {
        m_detector->update(m_candles->bar(), m_swings->events(), m_structure->events());
    }
    const std::vector<OrderBlock>& events() const {
        return m_detector ? m_detector->events() : m_none;
    }

private:
    std::optional<OrderBlockDetector> m_detector;
    std::vector<OrderBlock> m_none;
    const CandleNode* m_candles = nullptr;
    const SwingNode* m_swings = nullptr;
    const StructureNode* m_structure = nullptr;
};

class LiquidityLevelNode final : public Node {
public:
    LiquidityLevelNode(std::string id, std::string candleInput, std::string swingInput,
                       int minimumTouches, Tolerance tolerance)
        : Node(std::move(id), {std::move(candleInput), std::move(swingInput)}),
          m_detector(minimumTouches, tolerance) {}
    void bind(const Graph& graph) override {
        m_candles = &graph.input<CandleNode>(*this, 0);
        m_swings = &graph.input<SwingNode>(*this, 1);
    }
    void compute() override { m_detector.update(m_candles->bar(), m_swings->events()); }
    const std::vector<LiquidityLevel>& events() const { return m_detector.events(); }

private:
    LiquidityLevelDetector m_detector;
    const CandleNode* m_candles = nullptr;
    const SwingNode* m_swings = nullptr;
};

}  // namespace causeway::engine
