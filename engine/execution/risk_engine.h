#pragma once

#include <QJsonObject>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/fixed_point.h"
#include "engine/core/symbol.h"
#include "engine/core/timestamp.h"
#include "engine/strategy/dtos.h"

namespace causeway::engine {

// The limits a workspace gives (its `risk` section). Unset limits do not
// limit. Built field for field from runtime's RiskConfig by the runtime:
// execution does not depend on runtime.
struct RiskLimits {
    // |position| of the symbol after the order, counting the working orders
    // on the order's side
    std::optional<Quantity> maxPosition;
    std::optional<Money> maxOrderNotional;  // qty x the order's price
    std::optional<int> maxOpenOrders;       // working orders of the symbol, this one included
    std::optional<Money> dailyLossLimit;    // equity loss since the UTC day began
    std::optional<double> maxDrawdownPct;   // equity below its peak, in %
    std::optional<double> priceBandPct;     // the order's price vs the last trade, in %
    // What the execution worker does when trading gets blocked; the engine
    // only carries it.
    bool cancelOpenOrdersOnTrip = true;

    bool operator==(const RiskLimits&) const = default;
};

struct OrderIntent {
    std::string strategy;
    Symbol symbol;
    Side side = Side::kBuy;
    Quantity qty;
    // the limit or stop price, or for a market order the price the decision
    // was made at
    Price price;
    // The order only reduces or closes the position. Honoured only when it
    // does: against the position and at most its size.
    bool reducing = false;
};

// What the symbol already has, as the execution worker knows it.
struct RiskExposure {
    Quantity position;  // signed: negative is short
    Quantity workingBuy;
    Quantity workingSell;
    int openOrders = 0;  // working orders of the symbol, the checked one not included
    std::optional<Price> lastPrice;
};

struct RiskBreach {
    // "max_position" | "max_order_notional" | "max_open_orders" |
    // "price_band" | "trading_blocked" | "invalid_order" (from check()),
    // "daily_loss" | "max_drawdown" (the reasons of a block)
    std::string rule;
    std::string message;

    bool operator==(const RiskBreach&) const = default;
};

struct RiskVerdict {
    std::vector<RiskBreach> breaches;  // every breached rule, in a fixed order

    bool allowed() const { return breaches.empty(); }
};

struct TradingBlocked {
    Timestamp ts = 0;  // of the equity mark that tripped it
    std::vector<RiskBreach> reasons;
    Money equity;
    Money peakEquity;
    Money dayStartEquity;

    bool operator==(const TradingBlocked&) const = default;
};

// For the journal: numbers as JSON numbers, times as ISO 8601 with Z.
QJsonObject toJson(const RiskBreach& breach);
QJsonObject toJson(const RiskVerdict& verdict);
QJsonObject toJson(const TradingBlocked& block);

// Pre-trade risk: the execution worker asks check() before any order leaves
// and feeds every equity mark to observeEquity(), which trips the circuit
// breaker (daily loss, drawdown). Pure: no clock, no I/O, no threads; time
// comes in with the marks.
class RiskEngine final {
public:
    // What a restarted session needs to continue with the same peak,
    // baseline and block.
    struct State {
        std::optional<Money> lastEquity;  // unset until the first mark
        std::int64_t day = 0;             // UTC day (days since the epoch) of the latest mark
        Money dayStartEquity;             // daily loss baseline
        Money peakEquity;                 // drawdown peak
        std::optional<TradingBlocked> block;
        std::optional<Timestamp> reauthorizedAt;  // the latest reauthorize() that cleared a block

        bool operator==(const State&) const = default;
    };

    // Throws std::invalid_argument naming the limit when one is not above 0
    // (or a percentage is not finite).
    explicit RiskEngine(RiskLimits limits);

    // Every rule the order breaches; allowed() when none.
    RiskVerdict check(const OrderIntent& order, const RiskExposure& exposure) const;

    // The block, only on the mark that trips it; nullopt otherwise, also
    // while already blocked.
    std::optional<TradingBlocked> observeEquity(Timestamp ts, Money equity);
    bool blocked() const { return m_state.block.has_value(); }
    const std::optional<TradingBlocked>& block() const { return m_state.block; }
    // By hand: clears the block; the drawdown peak and the day's baseline
    // restart from the latest equity. Does nothing (false) when not blocked.
    bool reauthorize(Timestamp ts);

    State state() const { return m_state; }
    void restore(const State& state) { m_state = state; }
    const RiskLimits& limits() const { return m_limits; }

private:
    void checkPosition(const OrderIntent& order, const RiskExposure& exposure,
                       std::vector<RiskBreach>& breaches) const;
    void checkNotional(const OrderIntent& order, std::vector<RiskBreach>& breaches) const;
    void checkOpenOrders(const RiskExposure& exposure, std::vector<RiskBreach>& breaches) const;
    void checkPriceBand(const OrderIntent& order, const RiskExposure& exposure,
                        std::vector<RiskBreach>& breaches) const;
    std::vector<RiskBreach> circuitBreaches(Money equity) const;

    RiskLimits m_limits;
    State m_state;
};

}  // namespace causeway::engine
