#pragma once

#include <QJsonArray>
#include <QJsonObject>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
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

// The values that made a signal fire, by name: built on the decision path
// for every signal, so plain numbers under literal keys; JSON (an object of
// numbers) only when journaled.
class Evidence final {
public:
    // A number, or a name (a string literal, kept as a pointer).
    struct Entry {
        const char* key;
        double number = 0.0;
        const char* text = nullptr;
        Entry(const char* k, double n) : key(k), number(n) {}
        Entry(const char* k, int n) : key(k), number(n) {}
        Entry(const char* k, const char* t) : key(k), text(t) {}
    };

    Evidence() = default;
    // Keys must be string literals (they are kept as pointers).
    Evidence(std::initializer_list<Entry> values) : m_values(values) {}

    bool contains(std::string_view key) const { return find(key) != nullptr; }
    // A number under `key`; empty when absent or a name.
    std::optional<double> value(std::string_view key) const {
        const Entry* found = find(key);
        return found && !found->text ? std::optional(found->number) : std::nullopt;
    }
    bool empty() const { return m_values.empty(); }
    QJsonObject toJson() const;

private:
    const Entry* find(std::string_view key) const {
        for (const auto& entry : m_values) {
            if (key == entry.key) {
                return &entry;
            }
        }
        return nullptr;
    }

    std::vector<Entry> m_values;
};

struct OpportunitySignal {
    std::string id;
    Timestamp ts = 0;
    Symbol symbol;
    std::string signalType;  // "ema_cross_up"
    Side direction = Side::kBuy;
    SignalIntent intent = SignalIntent::kEnter;
    double confidence = 1.0;
    Evidence evidence;  // the values that made the signal fire
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
    // The largest position this threat allows the flow to open, when it
    // limits size (an exposure limit); the size planners stay below it.
    std::optional<Quantity> sizeCap;
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

// How the ExecutionWorker works a leg:
//   market  one market order (the next bar's open in a backtest)
//   limit   one limit order at the leg's limit price, working for validBars
//           bars, then expired
//   twap    one market child order per bar, the slices in order: each next
//           slice goes out when the one before has filled
enum class ExecutionAlgorithm { kMarket, kLimit, kTwap };
const char* toString(ExecutionAlgorithm algorithm);

// One order (or, for TWAP, one parent of child orders) the ExecutionWorker
// is to place.
struct ExecutionLeg {
    Side side = Side::kBuy;
    Quantity qty;
    bool closesPosition = false;
    ExecutionAlgorithm algorithm = ExecutionAlgorithm::kMarket;
    std::optional<Price> limitPrice;  // limit
    int validBars = 0;                // limit
    std::vector<Quantity> slices;     // twap: they sum to qty
    // Protective exits placed with an opening leg as a bracket: a stop-loss
    // stop order, a take-profit limit order, or a trailing stop this far
    // behind the market. The exchange holds them until the entry fills; a
    // fill of one reduces (and finally cancels) the other.
    std::optional<Price> stopLoss;
    std::optional<Price> takeProfit;
    std::optional<Price> trailAmount;
};

struct ExecutionDirective {
    std::string id;
    Timestamp ts = 0;
    Symbol symbol;
    std::string strategy;
    std::vector<ExecutionLeg> legs;
    // The algorithm picked for new exposure; closing legs are always market.
    ExecutionAlgorithm algorithm = ExecutionAlgorithm::kMarket;
    Price decisionPrice;
    CausalityChain causality;
};

// Plugin DTOs of the planning phase, kept in the StrategyCache.

// How to enter: at the market, or with a limit order at the mid moved by
// offsetBps to the passive side (buy below, sell above).
struct EntryPlan {
    std::string id;
    Timestamp ts = 0;
    std::string orderType;  // "market" | "limit"
    std::optional<Price> limitPrice;
    Price mid;        // limit: the reference price
    Price offsetBps;  // limit
    int validBars = 0;
};

struct SizePlan {
    std::string id;
    Timestamp ts = 0;
    Quantity qty;
    std::string method;  // "fixed"
};

// How the position is meant to end. placement "signals": by later exit
// signals, as market orders; "bracket": by a stop-loss and a take-profit
// order placed with the entry; "trailing": by a trailing stop placed with
// the entry.
struct ExitPlan {
    std::string id;
    Timestamp ts = 0;
    std::string rule;
    std::string placement = "signals";
    std::optional<Price> stopLoss;
    std::optional<Price> takeProfit;
    std::optional<Price> trailAmount;
};

// A decision not to trade, journaled with its chain.
struct RejectedDecision {
    std::string id;
    Timestamp ts = 0;
    Symbol symbol;
    std::string strategy;
    std::string reason;
    CausalityChain causality;
};

QJsonObject toJson(const OpportunitySignal& signal);
QJsonObject toJson(const ThreatSignal& threat);
QJsonObject toJson(const RegimeContext& regime);
QJsonObject toJson(const StrategyDirective& directive);
QJsonObject toJson(const EntryPlan& plan);
QJsonObject toJson(const SizePlan& plan);
QJsonObject toJson(const ExitPlan& plan);
QJsonObject toJson(const ExecutionLeg& leg);
QJsonObject toJson(const ExecutionDirective& directive);

}  // namespace causeway::engine
