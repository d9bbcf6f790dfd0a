#include "engine/strategy/strategy_cache.h"

namespace causeway::engine {

void StrategyCache::startFlow(Timestamp anchor) {
    clear();
    m_inFlow = true;
    m_anchor = anchor;
}

void StrategyCache::clear() {
    m_inFlow = false;
    m_dtos.clear();
    m_opportunities.clear();
    m_threats.clear();
}

Timestamp StrategyCache::runAnchor() const {
    if (!m_inFlow) {
        throw StrategyError("strategy cache read outside a flow");
    }
    return m_anchor;
}

void StrategyCache::checkAnchor(Timestamp ts, const char* type) const {
    if (ts != runAnchor()) {
        throw StrategyError(std::string(type) + " stamped " + formatIso8601(ts) +
                            " does not match the run anchor " + formatIso8601(m_anchor));
    }
}

void StrategyCache::addOpportunity(OpportunitySignal signal) {
    checkAnchor(signal.ts, "OpportunitySignal");
    m_opportunities.push_back(std::move(signal));
}

void StrategyCache::addThreat(ThreatSignal signal) {
    checkAnchor(signal.ts, "ThreatSignal");
    m_threats.push_back(std::move(signal));
}

}  // namespace causeway::engine
