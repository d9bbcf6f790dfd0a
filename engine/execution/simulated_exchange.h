#pragma once

#include <functional>
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

// Bar-data fill model of DESIGN.md: market orders fill at the next bar's
// open, moved by slippage, charged a fee; at the end of data, at the last
// close.
class SimulatedExchange final : public ExecutionConnector {
public:
    explicit SimulatedExchange(SimulationCosts costs) : m_costs(costs) {}

    void setReplyHandler(ReplyHandler handler) override { m_reply = std::move(handler); }
    void submit(const Order& order, Timestamp now) override;

    // A new bar opened: fill what is working at its open.
    void onBarOpen(const Candle& bar);
    // No next bar will come: fill what is working at this bar's close.
    void settleAtClose(const Candle& bar);
    // No next bar will come for what is working: it expires with `reason`.
    void expireWorking(Timestamp ts, const std::string& reason);
    std::size_t working() const { return m_working.size(); }

private:
    void fillAll(Price reference, Timestamp ts);

    SimulationCosts m_costs;
    ReplyHandler m_reply;
    std::vector<Order> m_working;
};

}  // namespace causeway::engine
