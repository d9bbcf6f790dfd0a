#pragma once

#include <optional>
#include <string>

#include "engine/data/bar_aggregator.h"
#include "engine/indicators/nodes.h"

namespace causeway::engine {

// A higher-timeframe bar source inside one symbol's DAG: reads the bars of
// a lower-timeframe CandleNode and holds the latest completed bar of its own
// timeframe (BarAggregator's rules: a bar completes with the source bar that
// ends at its bucket's end, or when the next bucket starts). On every other
// event it marks itself unchanged, so the nodes reading it — indicators on
// the 15m bars, say — run once per 15m bar, not once per minute.
//
// Derives from CandleNode, so any node that reads bars reads it too.
class TimeframeNode final : public CandleNode {
public:
    TimeframeNode(std::string id, std::string sourceInput, Timeframe source, Timeframe target)
        : CandleNode(std::move(id), {std::move(sourceInput)}),
          m_aggregator(source, {target}, [this](const Candle& bar) { m_completed = bar; }) {}

    void bind(const Graph& graph) override { m_source = &graph.input<CandleNode>(*this, 0); }

    void compute() override {
        m_completed.reset();
        m_aggregator.add(m_source->bar());
        if (!m_completed) {
            markUnchanged();
            return;
        }
        set(*m_completed);
    }

    Timeframe timeframe() const { return m_aggregator.targets().front(); }

private:
    BarAggregator m_aggregator;
    const CandleNode* m_source = nullptr;
    std::optional<Candle> m_completed;
};

}  // namespace causeway::engine
