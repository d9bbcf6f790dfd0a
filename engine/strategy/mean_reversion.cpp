#include "engine/strategy/mean_reversion.h"

#include <stdexcept>

#include "engine/strategy/strategy_builder.h"

namespace causeway::engine {

MeanReversionDetector::MeanReversionDetector(const IndicatorNode& rsi, const IndicatorNode& bands,
                                             double oversold, double overbought)
    : m_rsi(rsi),
      m_bands(bands),
      m_upper(bands.output("upper")),
      m_middle(bands.output("middle")),
      m_lower(bands.output("lower")),
      m_oversold(oversold),
      m_overbought(overbought) {}

DispositionEnvelope MeanReversionDetector::process(StrategyCache& cache, const FlowContext& flow) {
    (void)cache;
    const auto rsi = m_rsi.value();
    const auto upper = m_bands.value(m_upper);
    const auto middle = m_bands.value(m_middle);
    const auto lower = m_bands.value(m_lower);
    if (!rsi || !upper || !middle || !lower) {
        return DispositionEnvelope::next();
    }
    const double close = flow.bar->close.toDouble();
    const Quantity position = flow.ledger->position(flow.strategy, flow.symbol);

    OpportunitySignal signal;
    if (position > Quantity() && close >= *middle) {
        signal.signalType = "mean_reversion_exit";
        signal.direction = Side::kSell;
        signal.intent = SignalIntent::kExit;
    } else if (position < Quantity() && close <= *middle) {
        signal.signalType = "mean_reversion_exit";
        signal.direction = Side::kBuy;
        signal.intent = SignalIntent::kExit;
    } else if (close < *lower && *rsi < m_oversold) {
        signal.signalType = "mean_reversion_long";
        signal.direction = Side::kBuy;
    } else if (close > *upper && *rsi > m_overbought) {
        signal.signalType = "mean_reversion_short";
        signal.direction = Side::kSell;
    } else {
        return DispositionEnvelope::next();
    }
    signal.id = flow.ids->next("SIG", flow.origin.ts, flow.symbol.name());
    signal.ts = flow.origin.ts;
    signal.symbol = flow.symbol;
    signal.evidence = Evidence{
        {"close", close},
        {"rsi", *rsi},
        {"upper_band", *upper},
        {"middle_band", *middle},
        {"lower_band", *lower},
        {"oversold", m_oversold},
        {"overbought", m_overbought},
    };
    return DispositionEnvelope::publish("OPPORTUNITY_DETECTED", std::move(signal));
}

namespace {

std::vector<std::unique_ptr<Worker>> buildMeanReversion(const StrategyBuildContext& context) {
    const auto& rsi = context.indicator("rsi:" + context.params.at("rsi"));
    const auto& bands =
        context.indicator("bbands:" + context.params.at("bands") + ':' + context.params.at("dev"));
    std::vector<std::unique_ptr<Worker>> workers;
    workers.push_back(regimeWorker(context));
    workers.push_back(std::make_unique<MeanReversionDetector>(
        rsi, bands, context.decimal("oversold"), context.decimal("overbought")));
    appendRiskMonitors(workers, context);
    appendPlanning(workers, context,
                   "exit at the middle band, on the opposite extreme, or at the end of data; "
                   "no stop");
    return workers;
}

void checkMeanReversion(const ParamMap& params) {
    if (Quantity::parse(params.at("oversold")) >= Quantity::parse(params.at("overbought"))) {
        throw std::invalid_argument("parameter 'oversold' (" + params.at("oversold") +
                                    ") must be less than parameter 'overbought' (" +
                                    params.at("overbought") + ")");
    }
}

}  // namespace

StrategySpec meanReversionSpec() {
    return {"mean_reversion",
            "Fades stretched moves: long when the close is below the lower Bollinger band and "
            "RSI is oversold, short (with allow_short) above the upper band when RSI is "
            "overbought; out when the close returns to the middle band.",
            withSizing({
                {"rsi", ParamType::kInteger, "14", 2, 500, "RSI period, in bars"},
                {"bands", ParamType::kInteger, "20", 2, 500, "Bollinger band period, in bars"},
                {"dev", ParamType::kDecimal, "2", 0.5, 5, "band width in standard deviations"},
                {"oversold", ParamType::kDecimal, "30", 1, 50, "RSI below this is oversold"},
                {"overbought", ParamType::kDecimal, "70", 50, 99, "RSI above this is overbought"},
                {"spike_atr", ParamType::kDecimal, "4", 0, 20,
                 "no new position on a bar whose true range exceeds this many ATR(14); 0: off"},
                {"qty", ParamType::kDecimal, "1", 0.00000001, 1e9, "quantity per entry"},
                {"allow_short", ParamType::kBoolean, "false", std::nullopt, std::nullopt,
                 "also sell overbought extremes short"},
            }),
            buildMeanReversion, checkMeanReversion};
}

}  // namespace causeway::engine
