#include "engine/strategy/structure_retest.h"

#include "engine/strategy/strategy_builder.h"

namespace causeway::engine {

namespace {

Side sideOf(Direction direction) {
    return direction == Direction::kBullish ? Side::kBuy : Side::kSell;
}

}  // namespace

StructureRetestDetector::StructureRetestDetector(const StructureNode& structure,
                                                 const FairValueGapNode& gaps, int expiry)
    : m_structure(structure), m_gaps(gaps), m_expiry(expiry) {}

DispositionEnvelope StructureRetestDetector::publish(const FlowContext& flow, std::string type,
                                                     Side side, SignalIntent intent,
                                                     Evidence evidence) const {
    OpportunitySignal signal;
    signal.id = flow.ids->next("SIG", flow.origin.ts, flow.symbol.name());
    signal.ts = flow.origin.ts;
    signal.symbol = flow.symbol;
    signal.signalType = std::move(type);
    signal.direction = side;
    signal.intent = intent;
    signal.evidence = std::move(evidence);
    return DispositionEnvelope::publish("OPPORTUNITY_DETECTED", std::move(signal));
}

DispositionEnvelope StructureRetestDetector::process(StrategyCache& cache,
                                                     const FlowContext& flow) {
    (void)cache;
    return withStoredState(*this, flow);
}

DispositionEnvelope StructureRetestDetector::decide(State& state, const FlowContext& flow) {
    const Candle& bar = *flow.bar;
    const Quantity position = flow.ledger->position(flow.strategy, flow.symbol);

    // the zone of the position held, adopted when the position appears
    if (position.isZero()) {
        state.heldZone.reset();
    } else {
        const Side held = position > Quantity() ? Side::kBuy : Side::kSell;
        if (state.heldZone && sideOf(state.heldZone->direction) != held) {
            state.heldZone.reset();
        }
        if (!state.heldZone && state.pendingZone && sideOf(state.pendingZone->direction) == held) {
            state.heldZone = state.pendingZone;
            state.pendingZone.reset();
        }
    }

    const StructureBreak* brk =
        m_structure.events().empty() ? nullptr : &m_structure.events().back();
    if (brk != nullptr) {
        state.setup = Setup{brk->direction, brk->level, std::nullopt, std::nullopt, 0};
    } else if (state.setup && ++state.setup->age > m_expiry) {
        state.setup.reset();
    }

    if (!position.isZero()) {
        const Side held = position > Quantity() ? Side::kBuy : Side::kSell;
        const Side closing = held == Side::kBuy ? Side::kSell : Side::kBuy;
        if (brk != nullptr && sideOf(brk->direction) != held) {
            return publish(flow, "structure_break_against", closing, SignalIntent::kExit,
                           Evidence{{"kind", breakKindName(brk->kind)},
                                    {"level", brk->level.toDouble()},
                                    {"close", brk->close.toDouble()}});
        }
        if (state.heldZone) {
            const bool failed = held == Side::kBuy ? bar.close < state.heldZone->low
                                                   : bar.close > state.heldZone->high;
            if (failed) {
                return publish(flow, "retest_failed", closing, SignalIntent::kExit,
                               Evidence{{"zone_low", state.heldZone->low.toDouble()},
                                        {"zone_high", state.heldZone->high.toDouble()},
                                        {"close", bar.close.toDouble()}});
            }
        }
    }

    if (!state.setup) {
        return DispositionEnvelope::next();
    }
    bool zoneIsNew = false;
    for (const FairValueGap& gap : m_gaps.events()) {
        if (gap.status == GapStatus::kOpened && gap.direction == state.setup->direction) {
            state.setup->zoneLow = gap.low;
            state.setup->zoneHigh = gap.high;
            zoneIsNew = true;
        }
    }
    // a retest comes after the break and after the gap: the bar completing
    // the gap touches its edge by construction
    if (!state.setup->zoneLow || brk != nullptr || zoneIsNew) {
        return DispositionEnvelope::next();
    }
    const bool bullish = state.setup->direction == Direction::kBullish;
    const Price low = *state.setup->zoneLow;
    const Price high = *state.setup->zoneHigh;
    const bool beyond = bullish ? bar.close < low : bar.close > high;
    if (beyond) {
        state.setup.reset();
        return DispositionEnvelope::next();
    }
    const bool touched = bullish ? bar.low <= high : bar.high >= low;
    if (!touched) {
        return DispositionEnvelope::next();
    }
    const Side side = sideOf(state.setup->direction);
    const bool alreadyThere = !position.isZero() && (position > Quantity()) == (side == Side::kBuy);
    const Evidence evidence{{"break_level", state.setup->breakLevel.toDouble()},
                            {"zone_low", low.toDouble()},
                            {"zone_high", high.toDouble()},
                            {"bar_low", bar.low.toDouble()},
                            {"bar_high", bar.high.toDouble()},
                            {"close", bar.close.toDouble()}};
    state.pendingZone = Zone{state.setup->direction, low, high};
    state.setup.reset();
    if (alreadyThere) {
        return DispositionEnvelope::next();
    }
    return publish(flow, bullish ? "bos_fvg_retest_long" : "bos_fvg_retest_short", side,
                   SignalIntent::kEnter, evidence);
}

namespace {

QString text(Price price) {
    return QString::fromStdString(price.toString());
}

Price price(const QJsonValue& value) {
    return Price::parse(value.toString().toStdString()).value_or(Price());
}

QString direction(Direction d) {
    return QString::fromLatin1(directionName(d));
}

Direction direction(const QJsonValue& value) {
    return value.toString() == QLatin1String(directionName(Direction::kBearish))
               ? Direction::kBearish
               : Direction::kBullish;
}

}  // namespace

StructureRetestDetector::State StructureRetestDetector::load(const QJsonObject& stored) {
    State state;
    const QJsonObject setup = stored.value(QStringLiteral("setup")).toObject();
    if (!setup.isEmpty()) {
        Setup s;
        s.direction = direction(setup.value(QStringLiteral("direction")));
        s.breakLevel = price(setup.value(QStringLiteral("break_level")));
        if (setup.contains(QStringLiteral("zone_low"))) {
            s.zoneLow = price(setup.value(QStringLiteral("zone_low")));
            s.zoneHigh = price(setup.value(QStringLiteral("zone_high")));
        }
        s.age = setup.value(QStringLiteral("age")).toInt();
        state.setup = s;
    }
    const auto zone = [&](const char* key) -> std::optional<Zone> {
        const QJsonObject json = stored.value(QLatin1String(key)).toObject();
        if (json.isEmpty()) {
            return std::nullopt;
        }
        return Zone{direction(json.value(QStringLiteral("direction"))),
                    price(json.value(QStringLiteral("low"))),
                    price(json.value(QStringLiteral("high")))};
    };
    state.pendingZone = zone("pending_zone");
    state.heldZone = zone("held_zone");
    return state;
}

QJsonObject StructureRetestDetector::save(const State& state) {
    QJsonObject json;
    if (state.setup) {
        QJsonObject setup{{QStringLiteral("direction"), direction(state.setup->direction)},
                          {QStringLiteral("break_level"), text(state.setup->breakLevel)},
                          {QStringLiteral("age"), state.setup->age}};
        if (state.setup->zoneLow) {
            setup[QStringLiteral("zone_low")] = text(*state.setup->zoneLow);
            setup[QStringLiteral("zone_high")] = text(*state.setup->zoneHigh);
        }
        json[QStringLiteral("setup")] = setup;
    }
    const auto put = [&](const char* key, const std::optional<Zone>& zone) {
        if (zone) {
            json.insert(QLatin1String(key),
                        QJsonObject{{QStringLiteral("direction"), direction(zone->direction)},
                                    {QStringLiteral("low"), text(zone->low)},
                                    {QStringLiteral("high"), text(zone->high)}});
        }
    };
    put("pending_zone", state.pendingZone);
    put("held_zone", state.heldZone);
    return json;
}

namespace {

std::vector<std::unique_ptr<Worker>> buildStructureRetest(const StrategyBuildContext& context) {
    const std::string& source = context.candles.id();
    const std::string strength = context.params.at("swing");
    const std::string swingId = source + ".swings_" + strength;
    const std::string structureId = source + ".structure_" + strength;
    const std::string gapsId = source + ".fvg";
    if (context.graph.find(swingId) == nullptr) {
        context.graph.emplace<SwingNode>(swingId, source, std::stoi(strength));
    }
    if (context.graph.find(structureId) == nullptr) {
        context.graph.emplace<StructureNode>(structureId, source, swingId);
    }
    if (context.graph.find(gapsId) == nullptr) {
        context.graph.emplace<FairValueGapNode>(gapsId, source);
    }
    const auto& structure = dynamic_cast<const StructureNode&>(*context.graph.find(structureId));
    const auto& gaps = dynamic_cast<const FairValueGapNode&>(*context.graph.find(gapsId));
    std::vector<std::unique_ptr<Worker>> workers;
    workers.push_back(regimeWorker(context));
    workers.push_back(
        std::make_unique<StructureRetestDetector>(structure, gaps, context.integer("expiry")));
    appendRiskMonitors(workers, context);
    appendPlanning(workers, context,
                   "exit on a structure break against the position or a close beyond the far "
                   "side of the entry zone, at the next open");
    return workers;
}

}  // namespace

StrategySpec structureRetestSpec() {
    return {"structure_retest",
            "Market structure: after a break of structure, enter on the first retest of a fair "
            "value gap left in the break's direction; out on a break the other way or when the "
            "gap fails.",
            withSizing({
                {"swing", ParamType::kInteger, "2", 1, 20,
                 "bars on each side that confirm a swing point"},
                {"expiry", ParamType::kInteger, "20", 1, 1000, "bars a setup waits for its retest"},
                {"spike_atr", ParamType::kDecimal, "4", 0, 20,
                 "no new position on a bar whose true range exceeds this many ATR(14); 0: off"},
                {"qty", ParamType::kDecimal, "1", 0.00000001, 1e9, "quantity per entry"},
                {"allow_short", ParamType::kBoolean, "false", std::nullopt, std::nullopt,
                 "also trade bearish setups short"},
            }),
            buildStructureRetest, nullptr};
}

}  // namespace causeway::engine
