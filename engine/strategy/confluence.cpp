#include "engine/strategy/confluence.h"

#include <stdexcept>

#include "engine/strategy/strategy_builder.h"

namespace causeway::engine {

DispositionEnvelope CrossTrigger::process(StrategyCache& cache, const FlowContext& flow) {
    (void)cache;
    const auto fast = m_fast.value();
    const auto slow = m_slow.value();
    const auto prevFast = m_fast.previous();
    const auto prevSlow = m_slow.previous();
    if (!fast || !slow || !prevFast || !prevSlow) {
        return DispositionEnvelope::next();
    }
    const bool up = *fast > *slow && *prevFast <= *prevSlow;
    const bool down = *fast < *slow && *prevFast >= *prevSlow;
    if (!up && !down) {
        return DispositionEnvelope::next();
    }
    OpportunitySignal signal;
    signal.id = flow.ids->next("SIG", flow.origin.ts, flow.symbol.name());
    signal.ts = flow.origin.ts;
    signal.symbol = flow.symbol;
    signal.signalType = up ? "ltf_cross_up" : "ltf_cross_down";
    signal.direction = up ? Side::kBuy : Side::kSell;
    signal.evidence = Evidence{{"fast_ema", *fast},
                               {"slow_ema", *slow},
                               {"prev_fast_ema", *prevFast},
                               {"prev_slow_ema", *prevSlow}};
    return DispositionEnvelope::publish("OPPORTUNITY_DETECTED", std::move(signal));
}

DispositionEnvelope HigherTimeframeFilter::process(StrategyCache& cache, const FlowContext& flow) {
    if (cache.opportunities().empty()) {
        return DispositionEnvelope::next();
    }
    const auto ema = m_trend.value();
    const double close = m_bars.bar().close.toDouble();
    const char* trend = !ema ? "unknown" : close > *ema ? "up" : close < *ema ? "down" : "flat";
    const Side wanted = cache.opportunities().front().direction;
    const bool agrees = (wanted == Side::kBuy && std::string(trend) == "up") ||
                        (wanted == Side::kSell && std::string(trend) == "down");
    if (agrees) {
        return DispositionEnvelope::next();
    }
    ThreatSignal threat;
    threat.id = flow.ids->next("RSK", flow.origin.ts, flow.symbol.name());
    threat.ts = flow.origin.ts;
    threat.symbol = flow.symbol;
    threat.threatType = "against_higher_timeframe_trend";
    threat.severity = 1.0;
    threat.blocking = true;
    threat.details = QJsonObject{
        {QStringLiteral("timeframe"), QString::fromStdString(m_bars.timeframe().label())},
        {QStringLiteral("trend"), QString::fromLatin1(trend)},
        {QStringLiteral("htf_close"), close}};
    if (ema) {
        threat.details[QStringLiteral("htf_ema")] = *ema;
    }
    return DispositionEnvelope::publish("THREAT_DETECTED", std::move(threat));
}

namespace {

std::vector<std::unique_ptr<Worker>> buildConfluence(const StrategyBuildContext& context) {
    if (context.timeframe.nanos <= 0) {
        throw std::invalid_argument("strategy 'confluence' needs bars of a fixed timeframe");
    }
    const Timeframe higher{context.timeframe.nanos * context.integer("htf_factor")};
    const std::string id = context.candles.id() + ".htf_" + higher.label();
    const TimeframeNode* bars = dynamic_cast<const TimeframeNode*>(context.graph.find(id));
    if (bars == nullptr) {
        bars = &context.graph.emplace<TimeframeNode>(id, context.candles.id(), context.timeframe,
                                                     higher);
    }
    const IndicatorNode& trend = context.indicator(*bars, "ema:" + context.params.at("trend"));
    const IndicatorNode& fast = context.indicator("ema:" + context.params.at("fast"));
    const IndicatorNode& slow = context.indicator("ema:" + context.params.at("slow"));
    std::vector<std::unique_ptr<Worker>> workers;
    workers.push_back(regimeWorker(context));
    workers.push_back(std::make_unique<CrossTrigger>(fast, slow));
    workers.push_back(std::make_unique<HigherTimeframeFilter>(*bars, trend));
    appendRiskMonitors(workers, context);
    appendPlanning(workers, context,
                   "exit on the opposite lower-timeframe cross or at the end of data; no stop");
    return workers;
}

}  // namespace

StrategySpec confluenceSpec() {
    return {"confluence",
            "Multi-timeframe confluence: trades the crossing of two EMAs of the bars only in "
            "the direction of the higher timeframe's trend (its close against its EMA).",
            withSizing({
                {"htf_factor", ParamType::kInteger, "5", 2, 1000,
                 "higher timeframe as a multiple of the data's timeframe"},
                {"trend", ParamType::kInteger, "10", 2, 1000,
                 "period of the higher timeframe's EMA, in its bars"},
                {"fast", ParamType::kInteger, "5", 2, 1000, "fast EMA of the bars"},
                {"slow", ParamType::kInteger, "20", 3, 5000, "slow EMA of the bars"},
                {"qty", ParamType::kDecimal, "1", 0.00000001, 1e9, "quantity per entry"},
                {"allow_short", ParamType::kBoolean, "false", std::nullopt, std::nullopt,
                 "also trade down-crosses short in a down trend"},
            }),
            buildConfluence, checkFastBelowSlow};
}

}  // namespace causeway::engine
