#include "engine/lab/run_collector.h"

#include <algorithm>

namespace causeway::engine {

std::optional<Price> arrivalPrice(const std::vector<Candle>& bars, const Order& order,
                                  Timestamp fillTs) {
    const auto after =
        std::upper_bound(bars.begin(), bars.end(), order.createdTs,
                         [](Timestamp ts, const Candle& bar) { return ts < bar.ts; });
    if (fillTs == order.createdTs && after != bars.begin() &&
        std::prev(after)->ts == order.createdTs) {
        return std::prev(after)->close;
    }
    if (after == bars.end()) {
        return std::nullopt;
    }
    return after->open;
}

void RunCollector::write(LedgerRecord record) {
    if (const auto* order = std::get_if<OrderRecord>(&record)) {
        m_orders[order->order.id] = order->order;
    } else if (const auto* fill = std::get_if<FillRecord>(&record)) {
        onFill(fill->fill);
    } else if (const auto* trade = std::get_if<TradeRecord>(&record)) {
        if (trade->status == TradeStatus::kClosed && trade->entryTs && trade->exitTs &&
            trade->entryPrice && trade->exitPrice && trade->pnl) {
            TradeOutcome& outcome = m_closed[trade->tradeId];
            outcome = TradeOutcome{trade->tradeId,
                                   trade->strategy,
                                   trade->symbol.name(),
                                   trade->side == Side::kBuy,
                                   trade->qty.toDouble(),
                                   *trade->entryTs,
                                   *trade->exitTs,
                                   trade->entryPrice->toDouble(),
                                   trade->exitPrice->toDouble(),
                                   trade->pnl->toDouble(),
                                   trade->fees.toDouble()};
            m_closedOrder.try_emplace(trade->tradeId, m_closedCount++);
        }
    } else if (const auto* position = std::get_if<PositionRecord>(&record)) {
        m_open[position->strategy] = !position->qty.isZero();
    } else if (const auto* mark = std::get_if<EquityRecord>(&record)) {
        const bool inMarket =
            std::any_of(m_open.begin(), m_open.end(), [](const auto& open) { return open.second; });
        if (!m_equity.empty() && m_equity.back().ts == mark->ts) {
            m_equity.back() = {mark->ts, mark->equity.toDouble(), inMarket};
        } else {
            m_equity.push_back({mark->ts, mark->equity.toDouble(), inMarket});
        }
    }
    if (m_next) {
        m_next->write(std::move(record));
    }
}

void RunCollector::onFill(const Fill& fill) {
    FillCost cost;
    cost.ts = fill.ts;
    cost.notional = fill.price.toDouble() * fill.qty.toDouble();
    cost.fee = fill.fee.toDouble();
    if (const auto order = m_orders.find(fill.orderId); order != m_orders.end()) {
        if (const auto arrival = arrivalPrice(m_bars, order->second, fill.ts)) {
            const double move = (fill.price - *arrival).toDouble();
            cost.slippageCost =
                (order->second.side == Side::kBuy ? move : -move) * fill.qty.toDouble();
        }
    }
    m_fills.push_back(cost);
}

std::vector<TradeOutcome> RunCollector::trades() const {
    std::vector<TradeOutcome> trades(m_closedOrder.size());
    for (const auto& [id, index] : m_closedOrder) {
        trades[static_cast<std::size_t>(index)] = m_closed.at(id);
    }
    return trades;
}

}  // namespace causeway::engine
