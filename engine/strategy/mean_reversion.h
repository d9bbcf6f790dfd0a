#pragma once

#include "engine/indicators/indicator_node.h"
#include "engine/strategy/strategy_registry.h"
#include "engine/strategy/worker.h"

namespace causeway::engine {

// Opportunity worker of mean_reversion, on RSI and Bollinger bands of the
// close, decided at the bar's close:
//   long   (enter buy)  close < lower band and RSI < oversold
//   short  (enter sell) close > upper band and RSI > overbought
//   exit   a long when close >= middle band, a short when close <= middle
// The exit is checked first and only while a position is held.
class MeanReversionDetector final : public Worker {
public:
    MeanReversionDetector(const IndicatorNode& rsi, const IndicatorNode& bands, double oversold,
                          double overbought);
    std::string name() const override { return "mean_reversion_detector"; }
    WorkerRole role() const override { return WorkerRole::kOpportunity; }
    DispositionEnvelope process(StrategyCache& cache, const FlowContext& flow) override;

private:
    const IndicatorNode& m_rsi;
    const IndicatorNode& m_bands;
    std::size_t m_upper;
    std::size_t m_middle;
    std::size_t m_lower;
    double m_oversold;
    double m_overbought;
};

StrategySpec meanReversionSpec();

}  // namespace causeway::engine
