#pragma once

#include <any>
#include <typeindex>
#include <utility>
#include <vector>

#include "engine/core/timestamp.h"
#include "engine/strategy/disposition.h"

namespace causeway::engine {

// Point-in-time store for one flow: the DTOs workers hand each other while a
// single event is processed, anchored to that event's timestamp. Reading or
// writing a DTO stamped with another time is an error: a worker can never
// act on stale data. The FlowTerminator clears it when the flow ends.
class StrategyCache final {
public:
    void startFlow(Timestamp anchor);
    void clear();
    bool inFlow() const { return m_inFlow; }
    Timestamp runAnchor() const;

    template <class Dto>
    void set(Dto dto) {
        checkAnchor(dto.ts, typeid(Dto).name());
        for (auto& [type, value] : m_dtos) {
            if (type == typeid(Dto)) {
                value = std::move(dto);
                return;
            }
        }
        m_dtos.emplace_back(typeid(Dto), std::move(dto));
    }

    template <class Dto>
    const Dto* find() const {
        for (const auto& [type, value] : m_dtos) {
            if (type == typeid(Dto)) {
                const Dto& dto = std::any_cast<const Dto&>(value);
                checkAnchor(dto.ts, typeid(Dto).name());
                return &dto;
            }
        }
        return nullptr;
    }

    template <class Dto>
    const Dto& get() const {
        if (const Dto* dto = find<Dto>()) {
            return *dto;
        }
        throw StrategyError(std::string("no ") + typeid(Dto).name() + " in the flow's cache");
    }

    // System DTOs published during this flow, in publication order.
    void addOpportunity(OpportunitySignal signal);
    void addThreat(ThreatSignal signal);
    const std::vector<OpportunitySignal>& opportunities() const { return m_opportunities; }
    const std::vector<ThreatSignal>& threats() const { return m_threats; }

private:
    void checkAnchor(Timestamp ts, const char* type) const;

    bool m_inFlow = false;
    Timestamp m_anchor = 0;
    // A handful per flow: a scan beats hashing, and clear() keeps the room.
    std::vector<std::pair<std::type_index, std::any>> m_dtos;
    std::vector<OpportunitySignal> m_opportunities;
    std::vector<ThreatSignal> m_threats;
};

}  // namespace causeway::engine
