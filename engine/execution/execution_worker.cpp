#include "engine/execution/execution_worker.h"

#include <spdlog/spdlog.h>

#include <QJsonArray>

#include <algorithm>

namespace causeway::engine {

namespace {
QString str(const std::string& text) {
    return QString::fromStdString(text);
}

Quantity absolute(Quantity q) {
    return q < Quantity() ? -q : q;
}
}  // namespace

ExecutionWorker::ExecutionWorker(ExecutionConnector& connector, LedgerSink& sink, IdGenerator& ids,
                                 Money initialCash)
    : m_connector(connector), m_sink(sink), m_ids(ids), m_cash(initialCash) {
    m_connector.setReplyHandler([this](const ExchangeReply& reply) { onReply(reply); });
}

Quantity ExecutionWorker::position(const std::string& strategy, Symbol symbol) const {
    const auto it = m_positions.find({strategy, symbol.id()});
    return it == m_positions.end() ? Quantity() : it->second.qty;
}

int ExecutionWorker::openOrders(const std::string& strategy, Symbol symbol) const {
    const auto it = m_working.find({strategy, symbol.id()});
    return it == m_working.end() ? 0 : it->second;
}

void ExecutionWorker::execute(const ExecutionDirective& directive, const QJsonObject& context,
                              Timestamp now) {
    const Key key{directive.strategy, directive.symbol.id()};
    for (const auto& leg : directive.legs) {
        std::string tradeId;
        if (leg.closesPosition) {
            tradeId = m_openTrade.at(key);
        } else {
            tradeId = m_ids.next("TRD", now, directive.symbol.name());
            TradeRecord trade;
            trade.tradeId = tradeId;
            trade.strategy = directive.strategy;
            trade.symbol = directive.symbol;
            trade.side = leg.side;
            trade.qty = leg.qty;
            trade.seq = ++m_seq;
            m_trades[tradeId] = trade;
            m_openTrade[key] = tradeId;
            m_sink.write(trade);
        }
        GroupRecord group{m_ids.next("GRP", now, directive.symbol.name()), tradeId,
                          leg.closesPosition ? "exit" : "entry", now};
        m_sink.write(group);

        OrderContext ctx;
        Order& order = ctx.order;
        order.tradeId = tradeId;
        order.groupId = group.groupId;
        order.strategy = directive.strategy;
        order.symbol = directive.symbol;
        order.side = leg.side;
        order.qty = leg.qty;
        order.decisionPrice = directive.decisionPrice;
        ctx.causality = directive.causality;
        ctx.context = context;
        QJsonObject orderInfo{
            {QStringLiteral("purpose"), str(group.purpose)},
            {QStringLiteral("trade_id"), str(tradeId)},
            {QStringLiteral("algorithm"), QString::fromLatin1(toString(leg.algorithm))}};
        switch (leg.algorithm) {
            case ExecutionAlgorithm::kMarket:
                break;
            case ExecutionAlgorithm::kLimit:
                order.type = OrderType::kLimit;
                order.limitPrice = leg.limitPrice;
                order.validBars = leg.validBars;
                orderInfo[QStringLiteral("limit_price")] = leg.limitPrice->toDouble();
                orderInfo[QStringLiteral("valid_bars")] = leg.validBars;
                break;
            case ExecutionAlgorithm::kTwap: {
                const std::string twapId = m_ids.next("TWP", now, directive.symbol.name());
                Twap twap;
                twap.child = order;
                twap.slices = leg.slices;
                twap.causality = ctx.causality;
                twap.context = ctx.context;
                twap.context[QStringLiteral("order")] = orderInfo;
                m_twaps.emplace(twapId, std::move(twap));
                sendNextSlice(twapId, now);
                continue;
            }
        }
        ctx.context[QStringLiteral("order")] = orderInfo;
        place(std::move(ctx), now);
    }
}

void ExecutionWorker::place(OrderContext ctx, Timestamp now) {
    Order& order = ctx.order;
    order.id = m_ids.next("ORD", now, order.symbol.name());
    order.createdTs = order.updatedTs = now;
    order.seq = ++m_seq;
    ctx.causality.orderIds.push_back(order.id);
    if (const auto twap = m_twaps.find(ctx.twapId); twap != m_twaps.end()) {
        // the slices of one TWAP share one chain: each adds its order id
        twap->second.causality.orderIds.push_back(order.id);
    }
    ++m_orderCount;
    ++m_working[{order.strategy, order.symbol.id()}];

    m_sink.write(OrderRecord{order});
    m_sink.write(JournalRecord{"order", now, order.id, {}, ctx.causality.toJson(), ctx.context});
    const Order submitted = order;
    m_orders.emplace(order.id, std::move(ctx));
    m_connector.submit(submitted, now);
}

void ExecutionWorker::sendNextSlice(const std::string& twapId, Timestamp now) {
    Twap& twap = m_twaps.at(twapId);
    OrderContext ctx;
    ctx.order = twap.child;
    ctx.order.qty = twap.slices[twap.next];
    ctx.twapId = twapId;
    ctx.causality = twap.causality;
    ctx.context = twap.context;
    QJsonObject orderInfo = ctx.context.value(QStringLiteral("order")).toObject();
    orderInfo[QStringLiteral("twap_id")] = str(twapId);
    orderInfo[QStringLiteral("slice")] = static_cast<int>(twap.next + 1);
    orderInfo[QStringLiteral("slices")] = static_cast<int>(twap.slices.size());
    ctx.context[QStringLiteral("order")] = orderInfo;
    ++twap.next;
    if (twap.next == twap.slices.size()) {
        m_twaps.erase(twapId);
    }
    place(std::move(ctx), now);
}

void ExecutionWorker::transition(Order& order, OrderStatus to, Timestamp ts) {
    if (!canTransition(order.status, to)) {
        spdlog::error("order {}: illegal transition {} -> {} refused", order.id,
                      toString(order.status), toString(to));
        return;
    }
    order.status = to;
    order.updatedTs = ts;
}

void ExecutionWorker::onReply(const ExchangeReply& reply) {
    const auto it = m_orders.find(reply.orderId);
    if (it == m_orders.end()) {
        spdlog::error("exchange reply for unknown order {} ignored", reply.orderId);
        return;
    }
    OrderContext& ctx = it->second;
    const Key key{ctx.order.strategy, ctx.order.symbol.id()};
    switch (reply.kind) {
        case ExchangeReply::Kind::kAccepted:
            transition(ctx.order, OrderStatus::kAccepted, reply.ts);
            m_sink.write(OrderRecord{ctx.order});
            return;
        case ExchangeReply::Kind::kRejected:
        case ExchangeReply::Kind::kExpired: {
            const bool rejected = reply.kind == ExchangeReply::Kind::kRejected;
            transition(ctx.order, rejected ? OrderStatus::kRejected : OrderStatus::kExpired,
                       reply.ts);
            --m_working[key];
            m_sink.write(OrderRecord{ctx.order});
            QJsonObject why{{QStringLiteral("reason"), str(reply.reason)}};
            if (const auto twap = m_twaps.find(ctx.twapId); twap != m_twaps.end()) {
                why[QStringLiteral("twap_slices_not_sent")] =
                    static_cast<int>(twap->second.slices.size() - twap->second.next);
                m_twaps.erase(twap);
            }
            m_sink.write(JournalRecord{rejected ? "order_rejected" : "order_expired",
                                       reply.ts,
                                       ctx.order.id,
                                       {},
                                       ctx.causality.toJson(),
                                       why});
            settleEntry(ctx.order.tradeId);
            return;
        }
        case ExchangeReply::Kind::kFill:
            break;
    }
    Fill fill;
    fill.id = m_ids.next("FIL", reply.ts, ctx.order.symbol.name());
    fill.orderId = ctx.order.id;
    fill.ts = reply.ts;
    fill.price = reply.price;
    fill.qty = reply.qty;
    fill.fee = reply.fee;
    fill.seq = ++m_seq;
    ++m_fillCount;
    ctx.order.filled += fill.qty;
    transition(
        ctx.order,
        ctx.order.filled < ctx.order.qty ? OrderStatus::kPartiallyFilled : OrderStatus::kFilled,
        fill.ts);
    if (isTerminal(ctx.order.status)) {
        --m_working[key];
    }
    applyFill(ctx, fill);
    updateTrade(ctx, fill);
    ctx.causality.fillIds.push_back(fill.id);

    m_sink.write(FillRecord{fill});
    m_sink.write(OrderRecord{ctx.order});
    QJsonObject fillContext{
        {QStringLiteral("fill_id"), str(fill.id)},
        {QStringLiteral("price"), fill.price.toDouble()},
        {QStringLiteral("qty"), fill.qty.toDouble()},
        {QStringLiteral("fee"), fill.fee.toDouble()},
    };
    if (ctx.order.decisionPrice) {
        const double decision = ctx.order.decisionPrice->toDouble();
        const double sign = ctx.order.side == Side::kBuy ? 1.0 : -1.0;
        fillContext[QStringLiteral("slippage_bps")] =
            sign * (fill.price.toDouble() - decision) / decision * 10'000.0;
    }
    m_sink.write(
        JournalRecord{"fill", fill.ts, ctx.order.id, fill.id, ctx.causality.toJson(), fillContext});
    if (ctx.order.status == OrderStatus::kFilled && m_twaps.contains(ctx.twapId)) {
        sendNextSlice(ctx.twapId, reply.ts);
    }
}

void ExecutionWorker::applyFill(OrderContext& ctx, const Fill& fill) {
    const Key key{ctx.order.strategy, ctx.order.symbol.id()};
    PositionState& pos = m_positions[key];
    const Quantity signedQty = ctx.order.side == Side::kBuy ? fill.qty : -fill.qty;
    const Money value = notional(fill.price, fill.qty);
    m_cash += ctx.order.side == Side::kBuy ? -value : value;
    m_cash -= fill.fee;
    m_fees += fill.fee;
    pos.fees += fill.fee;

    const bool reduces = !pos.qty.isZero() && ((pos.qty > Quantity()) != (signedQty > Quantity()));
    if (reduces) {
        const Quantity closed = std::min(absolute(pos.qty), fill.qty);
        const Money gain = notional(fill.price, closed) - notional(pos.avgPrice, closed);
        pos.realizedPnl += pos.qty > Quantity() ? gain : -gain;
        pos.qty += signedQty;
        if (absolute(signedQty) > closed) {
            pos.avgPrice = fill.price;  // flipped through zero: the rest opens at this price
        } else if (pos.qty.isZero()) {
            pos.avgPrice = Price();
        }
    } else {
        // average cost: (old value + new value) / new quantity
        const Quantity newQty = absolute(pos.qty) + fill.qty;
        const Money total = notional(pos.avgPrice, absolute(pos.qty)) + value;
        pos.avgPrice = Price::fromRaw(fixed_detail::divRaw(total.raw(), newQty.raw()));
        pos.qty += signedQty;
    }
    m_sink.write(PositionRecord{ctx.order.strategy, ctx.order.symbol, pos.qty, pos.avgPrice,
                                pos.realizedPnl, pos.fees, fill.ts});
}

namespace {

Price averagePrice(Money notionalSum, Quantity qty) {
    return Price::fromRaw(fixed_detail::divRaw(notionalSum.raw(), qty.raw()));
}

}  // namespace

void ExecutionWorker::updateTrade(const OrderContext& ctx, const Fill& fill) {
    TradeRecord& trade = m_trades.at(ctx.order.tradeId);
    TradeFlows& flows = m_tradeFlows[trade.tradeId];
    trade.fees += fill.fee;
    const Money value = notional(fill.price, fill.qty);
    if (ctx.order.side == trade.side) {
        flows.entered += fill.qty;
        flows.entryNotional += value;
        ++flows.entryFills;
        if (!trade.entryTs) {
            trade.entryTs = fill.ts;
        }
        trade.entryPrice =
            flows.entryFills == 1 ? fill.price : averagePrice(flows.entryNotional, flows.entered);
    } else {
        flows.exited += fill.qty;
        flows.exitNotional += value;
        ++flows.exitFills;
        trade.exitTs = fill.ts;
        trade.exitPrice =
            flows.exitFills == 1 ? fill.price : averagePrice(flows.exitNotional, flows.exited);
        if (flows.exited >= flows.entered) {
            const Money gain = flows.exitNotional - flows.entryNotional;
            trade.qty = flows.entered;
            trade.pnl = (trade.side == Side::kBuy ? gain : -gain) - trade.fees;
            trade.status = TradeStatus::kClosed;
            m_closedPnls.push_back(*trade.pnl);
            const Key key{trade.strategy, trade.symbol.id()};
            if (m_openTrade[key] == trade.tradeId) {
                m_openTrade.erase(key);
            }
        }
    }
    m_sink.write(trade);
}

void ExecutionWorker::settleEntry(const std::string& tradeId) {
    TradeRecord& trade = m_trades.at(tradeId);
    if (trade.status != TradeStatus::kOpen) {
        return;
    }
    const bool stillWorking = std::any_of(m_orders.begin(), m_orders.end(), [&](const auto& entry) {
        const Order& order = entry.second.order;
        return order.tradeId == tradeId && order.side == trade.side && !isTerminal(order.status);
    });
    const bool moreSlices = std::any_of(m_twaps.begin(), m_twaps.end(), [&](const auto& entry) {
        return entry.second.child.tradeId == tradeId;
    });
    if (stillWorking || moreSlices) {
        return;
    }
    const Quantity entered = m_tradeFlows[tradeId].entered;
    if (!entered.isZero()) {
        // entered in part: the trade is what was bought or sold
        if (trade.qty != entered) {
            trade.qty = entered;
            m_sink.write(trade);
        }
        return;
    }
    trade.status = TradeStatus::kVoid;
    const Key key{trade.strategy, trade.symbol.id()};
    if (const auto open = m_openTrade.find(key);
        open != m_openTrade.end() && open->second == tradeId) {
        m_openTrade.erase(open);
    }
    m_sink.write(trade);
}

Money ExecutionWorker::equity() const {
    Money equity = m_cash;
    for (const auto& [key, pos] : m_positions) {
        const auto close = m_lastClose.find(key.second);
        if (!pos.qty.isZero() && close != m_lastClose.end()) {
            const Money value = notional(close->second, absolute(pos.qty));
            equity += pos.qty > Quantity() ? value : -value;
        }
    }
    return equity;
}

void ExecutionWorker::observeClose(const Candle& bar) {
    m_lastClose[bar.symbol.id()] = bar.close;
}

void ExecutionWorker::markToMarket(const Candle& bar) {
    observeClose(bar);
    const Money equity = this->equity();
    // a second mark at the same time (end-of-data exit) replaces the first
    if (!m_equityCurve.empty() && m_lastMarkTs == bar.ts) {
        m_equityCurve.back() = equity.toDouble();
    } else {
        m_equityCurve.push_back(equity.toDouble());
    }
    m_lastMarkTs = bar.ts;
    m_sink.write(EquityRecord{bar.ts, m_cash, equity});
}

}  // namespace causeway::engine
