#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/market_data.h"
#include "engine/execution/order.h"

namespace causeway::engine {

// How orders leave the engine: a real exchange or the simulator.
class ExecutionConnector {
public:
    using ReplyHandler = std::function<void(const ExchangeReply&)>;
    virtual ~ExecutionConnector() = default;
    virtual void setReplyHandler(ReplyHandler handler) = 0;
    virtual void submit(const Order& order, Timestamp now) = 0;
};

struct SimulationCosts {
    Money slippageBps;  // market fills move against the trader by this many bp of price
    Money feeBps;       // fee in bp of each fill's notional
};

// Bar-data fill model of DESIGN.md. Market orders fill at the next bar's
// open, moved against the trader by the slippage; at the end of data at the
// last close. A limit order fills on a later bar that trades through its
// limit: at the open when the bar opens at or beyond it (a gap), else at the
// limit when the bar's range goes past it (a buy's low below the limit, a
// sell's high above); never worse than the limit, so without slippage. After
// `validBars` bars without a fill it expires. Every fill pays the fee.
class SimulatedExchange final : public ExecutionConnector {
public:
    explicit SimulatedExchange(SimulationCosts costs) : m_costs(costs) {}

    void setReplyHandler(ReplyHandler handler) override { m_reply = std::move(handler); }
    void submit(const Order& order, Timestamp now) override;

    // A new bar: what is working fills at its open or, a limit order, within
    // its range. Orders submitted from the replies wait for the next bar.
    void onBarOpen(const Candle& bar);
    // No next bar will come: market orders fill at this bar's close, limit
    // orders too when the close is at or beyond their limit.
    void settleAtClose(const Candle& bar);
    // No next bar will come for what is working: it expires with `reason`.
    void expireWorking(Timestamp ts, const std::string& reason);
    std::size_t working() const { return m_working.size(); }

private:
    struct Working {
        Order order;
        int barsSeen = 0;
    };
    // Where a limit order fills on a bar opening at `open` and reaching
    // `low`..`high`, or nothing.
    static std::optional<Price> limitFill(const Order& order, Price open, Price low, Price high);
    void fill(const Order& order, Price price, Timestamp ts);
    void fillMarket(const Order& order, Price reference, Timestamp ts);

    SimulationCosts m_costs;
    ReplyHandler m_reply;
    std::vector<Working> m_working;
};

}  // namespace causeway::engine
