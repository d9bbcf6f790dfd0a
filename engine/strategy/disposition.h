#pragma once

#include <stdexcept>
#include <string>
#include <variant>

#include "engine/strategy/dtos.h"

namespace causeway::engine {

class StrategyError final : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

enum class Disposition { kContinue, kPublish, kStop };

using SystemDto = std::variant<std::monostate, OpportunitySignal, ThreatSignal, StrategyDirective,
                               ExecutionDirective>;

// What a worker returns: go on, broadcast a system DTO, or end the flow.
struct DispositionEnvelope {
    Disposition disposition = Disposition::kContinue;
    std::string eventName;
    SystemDto payload;

    static DispositionEnvelope next() { return {}; }
    static DispositionEnvelope stop() { return {Disposition::kStop, {}, {}}; }
    static DispositionEnvelope publish(std::string eventName, SystemDto payload) {
        return {Disposition::kPublish, std::move(eventName), std::move(payload)};
    }

    // PUBLISH needs an event name and a system DTO; the others carry neither.
    void validate(const std::string& worker) const {
        const bool hasPayload = !std::holds_alternative<std::monostate>(payload);
        if (disposition == Disposition::kPublish) {
            if (eventName.empty()) {
                throw StrategyError("worker '" + worker + "' published without an event name");
            }
            if (!hasPayload) {
                throw StrategyError("worker '" + worker + "' published '" + eventName +
                                    "' without a system DTO");
            }
        } else if (hasPayload || !eventName.empty()) {
            throw StrategyError("worker '" + worker +
                                "' attached an event to a non-PUBLISH disposition");
        }
    }
};

}  // namespace causeway::engine
