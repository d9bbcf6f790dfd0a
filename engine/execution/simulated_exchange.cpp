#include "engine/execution/simulated_exchange.h"

namespace causeway::engine {

void SimulatedExchange::submit(const Order& order, Timestamp now) {
    m_working.push_back({order, 0});
    m_reply(ExchangeReply{ExchangeReply::Kind::kAccepted, order.id, now, {}, {}, {}, {}});
}

std::optional<Price> SimulatedExchange::limitFill(const Order& order, Price open, Price low,
                                                  Price high) {
    const Price limit = *order.limitPrice;
    if (order.side == Side::kBuy) {
        if (open <= limit) {
            return open;
        }
        return low < limit ? std::optional(limit) : std::nullopt;
    }
    if (open >= limit) {
        return open;
    }
    return high > limit ? std::optional(limit) : std::nullopt;
}

void SimulatedExchange::fill(const Order& order, Price price, Timestamp ts) {
    const Money fee = basisPoints(notional(price, order.qty), m_costs.feeBps);
    m_reply(ExchangeReply{ExchangeReply::Kind::kFill, order.id, ts, price, order.qty, fee, {}});
}

void SimulatedExchange::fillMarket(const Order& order, Price reference, Timestamp ts) {
    const Price move =
        Price::fromRaw(basisPoints(Money::fromRaw(reference.raw()), m_costs.slippageBps).raw());
    fill(order, order.side == Side::kBuy ? reference + move : reference - move, ts);
}

void SimulatedExchange::onBarOpen(const Candle& bar) {
    // Swap first: a reply handler may submit new orders, which wait for the
    // next bar.
    std::vector<Working> working;
    working.swap(m_working);
    std::vector<Working> kept;
    for (auto& entry : working) {
        const Order& order = entry.order;
        if (order.type == OrderType::kMarket) {
            fillMarket(order, bar.open, bar.ts);
            continue;
        }
        if (const auto price = limitFill(order, bar.open, bar.low, bar.high)) {
            fill(order, *price, bar.ts);
        } else if (order.validBars > 0 && ++entry.barsSeen >= order.validBars) {
            m_reply(ExchangeReply{ExchangeReply::Kind::kExpired,
                                  order.id,
                                  bar.ts,
                                  {},
                                  {},
                                  {},
                                  "limit " + order.limitPrice->toString() + " not reached in " +
                                      std::to_string(order.validBars) + " bar" +
                                      (order.validBars == 1 ? "" : "s")});
        } else {
            kept.push_back(std::move(entry));
        }
    }
    // what kept working keeps its priority over what was submitted meanwhile
    m_working.insert(m_working.begin(), kept.begin(), kept.end());
}

void SimulatedExchange::settleAtClose(const Candle& bar) {
    std::vector<Working> working;
    working.swap(m_working);
    std::vector<Working> kept;
    for (auto& entry : working) {
        const Order& order = entry.order;
        if (order.type == OrderType::kMarket) {
            fillMarket(order, bar.close, bar.ts);
        } else if (limitFill(order, bar.close, bar.close, bar.close)) {
            fill(order, bar.close, bar.ts);
        } else {
            kept.push_back(std::move(entry));
        }
    }
    m_working.insert(m_working.begin(), kept.begin(), kept.end());
}

void SimulatedExchange::expireWorking(Timestamp ts, const std::string& reason) {
    std::vector<Working> working;
    working.swap(m_working);
    for (const auto& entry : working) {
        m_reply(
            ExchangeReply{ExchangeReply::Kind::kExpired, entry.order.id, ts, {}, {}, {}, reason});
    }
}

}  // namespace causeway::engine
