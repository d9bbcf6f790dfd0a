#pragma once

#include <QJsonArray>
#include <QJsonObject>

#include <optional>
#include <string>
#include <vector>

#include "engine/core/fixed_point.h"
#include "engine/core/symbol.h"
#include "engine/strategy/causality.h"

namespace causeway::engine {

enum class Side { kBuy, kSell };
inline const char* toString(Side side) {
    return side == Side::kBuy ? "buy" : "sell";
}
inline Side opposite(Side side) {
    return side == Side::kBuy ? Side::kSell : Side::kBuy;
}

// System DTOs: the only payloads a worker may PUBLISH on the bus.

// What a signal asks of the StrategyPlanner. kEnter: be positioned in its
// direction (open when flat, reverse or exit when positioned against it).
// kExit: close a position held against its direction (a sell exit closes a
// long), never open one.
enum class SignalIntent { kEnter, kExit };
const char* toString(SignalIntent intent);

struct OpportunitySignal {
    std::string id;
    Timestamp ts = 0;
    Symbol symbol;
    std::string signalType;  // "ema_cross_up"
    Side direction = Side::kBuy;
    SignalIntent intent = SignalIntent::kEnter;
    double confidence = 1.0;
    QJsonObject evidence;  // the values that made the signal fire
};

struct ThreatSignal {
    std::string id;
    Timestamp ts = 0;
    Symbol symbol;
    std::string threatType;
    double severity = 0.0;
    // A blocking threat vetoes new exposure (open, reverse) in this flow;
    // closing a position stays allowed. Others are recorded in the chain.
    bool blocking = false;
    QJsonObject details;
};

// Context DTO: the market regime at decision time, part of every chain's
// context.
struct RegimeContext {
    Timestamp ts = 0;
    std::string regime;  // "trending" | "ranging" | "volatile" | "unknown"
    // what it was classified by; plain values, turned into JSON only when a
    // decision is journaled (this DTO is built on every bar)
    std::optional<double> adx;
    std::optional<double> natr;
};

// Bus event (not a system DTO): the regime of a symbol changed.
struct RegimeChanged {
    static constexpr const char* kEventName = "RegimeChanged";
    Timestamp ts = 0;
    Symbol symbol;
    std::string from;
    std::string to;
    std::optional<double> adx;
    std::optional<double> natr;
};

enum class DirectiveAction { kOpen, kClose, kReverse };
std::string toString(DirectiveAction action);

struct StrategyDirective {
    std::string id;
    Timestamp ts = 0;
    Symbol symbol;
    std::string strategy;
    DirectiveAction action = DirectiveAction::kOpen;
    Side side = Side::kBuy;  // side of the position after the directive (open/reverse) or of the
                             // closing order
    std::string rationale;
    CausalityChain causality;
};

// One order the ExecutionWorker is to place.
struct ExecutionLeg {
    Side side = Side::kBuy;
    Quantity qty;
    bool closesPosition = false;
};

struct ExecutionDirective {
    std::string id;
    Timestamp ts = 0;
    Symbol symbol;
    std::string strategy;
    std::vector<ExecutionLeg> legs;
    std::string algorithm;  // "market"
    Price decisionPrice;
    CausalityChain causality;
};

// Plugin DTOs of the planning phase, kept in the StrategyCache.

struct EntryPlan {
    std::string id;
    Timestamp ts = 0;
    std::string orderType;  // "market"
};

struct SizePlan {
    std::string id;
    Timestamp ts = 0;
    Quantity qty;
    std::string method;  // "fixed"
};

struct ExitPlan {
    std::string id;
    Timestamp ts = 0;
    std::string rule;  // how the position is meant to end
};

// A decision not to trade, journaled with its chain.
struct RejectedDecision {
    std::string id;
    Timestamp ts = 0;
    Symbol symbol;
    std::string strategy;
    std::string reason;
    CausalityChain causality;
    QJsonObject context;
};

QJsonObject toJson(const OpportunitySignal& signal);
QJsonObject toJson(const ThreatSignal& threat);
QJsonObject toJson(const RegimeContext& regime);
QJsonObject toJson(const StrategyDirective& directive);
QJsonObject toJson(const EntryPlan& plan);
QJsonObject toJson(const SizePlan& plan);
QJsonObject toJson(const ExitPlan& plan);
QJsonObject toJson(const ExecutionDirective& directive);

}  // namespace causeway::engine
