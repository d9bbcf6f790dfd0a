#include "engine/strategy/breakout.h"

#include <stdexcept>

#include "engine/strategy/strategy_builder.h"

namespace causeway::engine {

BreakoutDetector::BreakoutDetector(const IndicatorNode& channel, const IndicatorNode& atr,
                                   double stopAtr, double targetR, bool exitSignals)
    : m_channel(channel),
      m_atr(atr),
      m_upper(channel.output("upper")),
      m_lower(channel.output("lower")),
      m_stopAtr(stopAtr),
      m_targetR(targetR),
      m_exitSignals(exitSignals) {}

OpportunitySignal BreakoutDetector::signal(const FlowContext& flow, std::string type,
                                           Side direction, SignalIntent intent, Evidence evidence) {
    OpportunitySignal s;
    s.id = flow.ids->next("SIG", flow.origin.ts, flow.symbol.name());
    s.ts = flow.origin.ts;
    s.symbol = flow.symbol;
    s.signalType = std::move(type);
    s.direction = direction;
    s.intent = intent;
    s.evidence = std::move(evidence);
    return s;
}

DispositionEnvelope BreakoutDetector::exitIfReached(const Levels& levels, const FlowContext& flow) {
    const double high = flow.bar->high.toDouble();
    const double low = flow.bar->low.toDouble();
    const bool isLong = levels.side == Side::kBuy;
    const bool stopped = isLong ? low <= levels.stop : high >= levels.stop;
    const bool reached = isLong ? high >= levels.target : low <= levels.target;
    if (!stopped && !reached) {
        return DispositionEnvelope::next();
    }
    const Evidence evidence{
        {"entry_close", levels.entry},
        {"stop", levels.stop},
        {"target", levels.target},
        {"high", high},
        {"low", low},
    };
    // the stop first when one bar reaches both: bar data cannot say which
    // came first, and assuming the worse keeps the backtest honest
    return DispositionEnvelope::publish(
        "OPPORTUNITY_DETECTED", signal(flow, stopped ? "breakout_stop" : "breakout_target",
                                       opposite(levels.side), SignalIntent::kExit, evidence));
}

DispositionEnvelope BreakoutDetector::process(StrategyCache& cache, const FlowContext& flow) {
    (void)cache;
    return withStoredState(*this, flow);
}

DispositionEnvelope BreakoutDetector::decide(State& state, const FlowContext& flow) {
    const Quantity position = flow.ledger->position(flow.strategy, flow.symbol);
    if (position.isZero()) {
        state.active.reset();
    } else {
        const Side held = position > Quantity() ? Side::kBuy : Side::kSell;
        if (state.active && state.active->side != held) {
            state.active.reset();
        }
        if (!state.active && state.pending && state.pending->side == held) {
            state.active = state.pending;
            state.pending.reset();
        }
        if (state.active && m_exitSignals) {
            DispositionEnvelope exit = exitIfReached(*state.active, flow);
            if (exit.disposition == Disposition::kPublish) {
                return exit;
            }
        }
    }

    const auto upper = m_channel.previous(m_upper);
    const auto lower = m_channel.previous(m_lower);
    const auto atr = m_atr.value();
    if (!upper || !lower || !atr) {
        return DispositionEnvelope::next();
    }
    const double close = flow.bar->close.toDouble();
    Side side = Side::kBuy;
    if (close > *upper) {
        side = Side::kBuy;
    } else if (close < *lower) {
        side = Side::kSell;
    } else {
        return DispositionEnvelope::next();
    }
    const bool alreadyThere = !position.isZero() && (position > Quantity()) == (side == Side::kBuy);
    if (alreadyThere) {
        return DispositionEnvelope::next();
    }
    Levels levels;
    levels.side = side;
    levels.entry = close;
    const double risk = m_stopAtr * *atr;
    levels.stop = side == Side::kBuy ? close - risk : close + risk;
    levels.target = side == Side::kBuy ? close + m_targetR * risk : close - m_targetR * risk;
    state.pending = levels;
    const Evidence evidence{
        {"close", close}, {"channel_high", *upper}, {"channel_low", *lower},
        {"atr", *atr},    {"stop", levels.stop},    {"target", levels.target},
    };
    return DispositionEnvelope::publish(
        "OPPORTUNITY_DETECTED", signal(flow, side == Side::kBuy ? "breakout_up" : "breakout_down",
                                       side, SignalIntent::kEnter, evidence));
}

BreakoutDetector::State BreakoutDetector::load(const QJsonObject& stored) {
    const auto levels = [&](const char* key) -> std::optional<Levels> {
        const QJsonObject json = stored.value(QLatin1String(key)).toObject();
        if (json.isEmpty()) {
            return std::nullopt;
        }
        Levels l;
        l.side = json.value(QStringLiteral("side")).toString() == QStringLiteral("buy")
                     ? Side::kBuy
                     : Side::kSell;
        l.entry = json.value(QStringLiteral("entry")).toDouble();
        l.stop = json.value(QStringLiteral("stop")).toDouble();
        l.target = json.value(QStringLiteral("target")).toDouble();
        return l;
    };
    return State{levels("pending"), levels("active")};
}

QJsonObject BreakoutDetector::save(const State& state) {
    QJsonObject json;
    const auto put = [&](const char* key, const std::optional<Levels>& l) {
        if (l) {
            json.insert(QLatin1String(key), QJsonObject{{QStringLiteral("side"),
                                                         QString::fromLatin1(toString(l->side))},
                                                        {QStringLiteral("entry"), l->entry},
                                                        {QStringLiteral("stop"), l->stop},
                                                        {QStringLiteral("target"), l->target}});
        }
    };
    put("pending", state.pending);
    put("active", state.active);
    return json;
}

namespace {

std::vector<std::unique_ptr<Worker>> buildBreakout(const StrategyBuildContext& context) {
    const auto& channel = context.indicator("donchian:" + context.params.at("channel"));
    const auto& atr = context.indicator("atr:" + context.params.at("atr"));
    std::vector<std::unique_ptr<Worker>> workers;
    workers.push_back(regimeWorker(context));
    workers.push_back(std::make_unique<BreakoutDetector>(channel, atr, context.decimal("stop_atr"),
                                                         context.decimal("target_r"),
                                                         context.params.at("exits") == "signals"));
    appendRiskMonitors(workers, context);
    appendPlanning(workers, context,
                   "stop " + context.params.at("stop_atr") + " ATR from the entry close, target " +
                       context.params.at("target_r") +
                       " R; checked on each bar's range, exit at the next open");
    return workers;
}

}  // namespace

StrategySpec breakoutSpec() {
    return {"breakout",
            "Donchian channel breakout: long when the close clears the highest high of the "
            "previous bars (short below the lowest low with allow_short), with a stop a "
            "multiple of ATR away and a target a multiple of that risk.",
            withSizing({
                {"channel", ParamType::kInteger, "20", 2, 1000, "channel length, in bars"},
                {"atr", ParamType::kInteger, "14", 1, 1000, "ATR period, in bars"},
                {"stop_atr", ParamType::kDecimal, "2", 0.1, 20, "stop distance in ATRs"},
                {"target_r", ParamType::kDecimal, "2", 0.1, 50,
                 "target distance in multiples of the stop distance (R)"},
                {"spike_atr", ParamType::kDecimal, "4", 0, 20,
                 "no new position on a bar whose true range exceeds this many ATR(14); 0: off"},
                {"qty", ParamType::kDecimal, "1", 0.00000001, 1e9, "quantity per entry"},
                {"allow_short", ParamType::kBoolean, "false", std::nullopt, std::nullopt,
                 "also trade downside breakouts short"},
                exitsParam(),
            }),
            buildBreakout, nullptr};
}

}  // namespace causeway::engine
