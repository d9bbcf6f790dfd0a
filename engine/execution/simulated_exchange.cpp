#include "engine/execution/simulated_exchange.h"

namespace causeway::engine {

void SimulatedExchange::submit(const Order& order, Timestamp now) {
    m_working.push_back(order);
    m_reply(ExchangeReply{ExchangeReply::Kind::kAccepted, order.id, now, {}, {}, {}, {}});
}

void SimulatedExchange::onBarOpen(const Candle& bar) {
    fillAll(bar.open, bar.ts);
}

void SimulatedExchange::settleAtClose(const Candle& bar) {
    fillAll(bar.close, bar.ts);
}

void SimulatedExchange::expireWorking(Timestamp ts, const std::string& reason) {
    std::vector<Order> working;
    working.swap(m_working);
    for (const auto& order : working) {
        m_reply(ExchangeReply{ExchangeReply::Kind::kExpired, order.id, ts, {}, {}, {}, reason});
    }
}

void SimulatedExchange::fillAll(Price reference, Timestamp ts) {
    // Swap first: a reply handler may submit new orders.
    std::vector<Order> working;
    working.swap(m_working);
    for (const auto& order : working) {
        const Price move =
            Price::fromRaw(basisPoints(Money::fromRaw(reference.raw()), m_costs.slippageBps).raw());
        const Price price = order.side == Side::kBuy ? reference + move : reference - move;
        const Money fee = basisPoints(notional(price, order.qty), m_costs.feeBps);
        m_reply(ExchangeReply{ExchangeReply::Kind::kFill, order.id, ts, price, order.qty, fee, {}});
    }
}

}  // namespace causeway::engine
