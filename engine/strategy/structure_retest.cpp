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
                                                     QJsonObject evidence) const {
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
    const Candle& bar = *flow.bar;
    const Quantity position = flow.ledger->position(flow.strategy, flow.symbol);

    // the zone of the position held, adopted when the position appears
    if (position.isZero()) {
        m_heldZone.reset();
    } else {
        const Side held = position > Quantity() ? Side::kBuy : Side::kSell;
        if (m_heldZone && sideOf(m_heldZone->direction) != held) {
            m_heldZone.reset();
        }
        if (!m_heldZone && m_pendingZone && sideOf(m_pendingZone->direction) == held) {
            m_heldZone = m_pendingZone;
            m_pendingZone.reset();
        }
    }

    const StructureBreak* brk =
        m_structure.events().empty() ? nullptr : &m_structure.events().back();
    if (brk != nullptr) {
        m_setup = Setup{brk->direction, brk->level, std::nullopt, std::nullopt, 0};
    } else if (m_setup && ++m_setup->age > m_expiry) {
        m_setup.reset();
    }

    if (!position.isZero()) {
        const Side held = position > Quantity() ? Side::kBuy : Side::kSell;
        const Side closing = held == Side::kBuy ? Side::kSell : Side::kBuy;
        if (brk != nullptr && sideOf(brk->direction) != held) {
            return publish(
                flow, "structure_break_against", closing, SignalIntent::kExit,
                QJsonObject{{QStringLiteral("kind"), QString::fromLatin1(breakKindName(brk->kind))},
                            {QStringLiteral("level"), brk->level.toDouble()},
                            {QStringLiteral("close"), brk->close.toDouble()}});
        }
        if (m_heldZone) {
            const bool failed =
                held == Side::kBuy ? bar.close < m_heldZone->low : bar.close > m_heldZone->high;
            if (failed) {
                return publish(
                    flow, "retest_failed", closing, SignalIntent::kExit,
                    QJsonObject{{QStringLiteral("zone_low"), m_heldZone->low.toDouble()},
                                {QStringLiteral("zone_high"), m_heldZone->high.toDouble()},
                                {QStringLiteral("close"), bar.close.toDouble()}});
            }
        }
    }

    if (!m_setup) {
        return DispositionEnvelope::next();
    }
    bool zoneIsNew = false;
    for (const FairValueGap& gap : m_gaps.events()) {
        if (gap.status == GapStatus::kOpened && gap.direction == m_setup->direction) {
            m_setup->zoneLow = gap.low;
            m_setup->zoneHigh = gap.high;
            zoneIsNew = true;
        }
    }
    // a retest comes after the break and after the gap: the bar completing
    // the gap touches its edge by construction
    if (!m_setup->zoneLow || brk != nullptr || zoneIsNew) {
        return DispositionEnvelope::next();
    }
    const bool bullish = m_setup->direction == Direction::kBullish;
    const Price low = *m_setup->zoneLow;
    const Price high = *m_setup->zoneHigh;
    const bool beyond = bullish ? bar.close < low : bar.close > high;
    if (beyond) {
        m_setup.reset();
        return DispositionEnvelope::next();
    }
    const bool touched = bullish ? bar.low <= high : bar.high >= low;
    if (!touched) {
        return DispositionEnvelope::next();
    }
    const Side side = sideOf(m_setup->direction);
    const bool alreadyThere = !position.isZero() && (position > Quantity()) == (side == Side::kBuy);
    const QJsonObject evidence{{QStringLiteral("break_level"), m_setup->breakLevel.toDouble()},
                               {QStringLiteral("zone_low"), low.toDouble()},
                               {QStringLiteral("zone_high"), high.toDouble()},
                               {QStringLiteral("bar_low"), bar.low.toDouble()},
                               {QStringLiteral("bar_high"), bar.high.toDouble()},
                               {QStringLiteral("close"), bar.close.toDouble()}};
    m_pendingZone = Zone{m_setup->direction, low, high};
    m_setup.reset();
    if (alreadyThere) {
        return DispositionEnvelope::next();
    }
    return publish(flow, bullish ? "bos_fvg_retest_long" : "bos_fvg_retest_short", side,
                   SignalIntent::kEnter, evidence);
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
