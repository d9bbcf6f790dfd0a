#include "engine/execution/execution_worker.h"

#include <spdlog/spdlog.h>

#include <QJsonArray>

#include <algorithm>

namespace causeway::engine {

namespace {

QString str(const std::string& text) {
    return QString::fromStdString(text);
}

Price averagePrice(Money notionalSum, Quantity qty) {
    return Price::fromRaw(fixed_detail::divRaw(notionalSum.raw(), qty.raw()));
}

// The price the risk engine judges an order by.
Price riskPrice(const Order& order) {
    if (order.limitPrice && order.type != OrderType::kStopLimit) {
        return *order.limitPrice;
    }
    if (order.stopPrice) {
        return *order.stopPrice;
    }
    return order.decisionPrice.value_or(Price());
}

}  // namespace

ExecutionWorker::ExecutionWorker(ExecutionConnector& connector, LedgerSink& sink, IdGenerator& ids,
                                 Money initialCash, RiskLimits limits)
    : m_connector(connector),
      m_sink(sink),
      m_ids(ids),
      m_risk(std::move(limits)),
      m_cash(initialCash) {
    m_connector.setReplyHandler([this](const ExchangeReply& reply) { onReply(reply); });
}

Quantity ExecutionWorker::position(const std::string& strategy, Symbol symbol) const {
    return m_book.quantity(strategy, symbol);
}

int ExecutionWorker::openOrders(const std::string& strategy, Symbol symbol) const {
    const auto it = m_working.find({strategy, symbol.id()});
    return it == m_working.end() ? 0 : it->second;
}

std::vector<Order> ExecutionWorker::liveOrders() const {
    std::vector<Order> orders;
    for (const auto& [id, ctx] : m_orders) {
        orders.push_back(ctx.order);
    }
    std::sort(orders.begin(), orders.end(),
              [](const Order& a, const Order& b) { return a.seq < b.seq; });
    return orders;
}

std::string ExecutionWorker::openTrade(const ExecutionDirective& directive, const ExecutionLeg& leg,
                                       Timestamp now) {
    TradeRecord trade;
    trade.tradeId = m_ids.next("TRD", now, directive.symbol.name());
    trade.strategy = directive.strategy;
    trade.symbol = directive.symbol;
    trade.side = leg.side;
    trade.qty = leg.qty;
    trade.seq = ++m_seq;
    m_trades[trade.tradeId] = trade;
    m_openTrades[{directive.strategy, directive.symbol.id()}].push_back(trade.tradeId);
    m_sink.write(trade);
    return trade.tradeId;
}

std::optional<std::string> ExecutionWorker::holdingTrade(const Key& key) const {
    const auto open = m_openTrades.find(key);
    if (open == m_openTrades.end() || open->second.empty()) {
        return std::nullopt;
    }
    for (const auto& id : open->second) {
        const auto flows = m_tradeFlows.find(id);
        if (flows != m_tradeFlows.end() && flows->second.entered > flows->second.exited) {
            return id;
        }
    }
    return open->second.back();
}

void ExecutionWorker::forgetOpenTrade(const TradeRecord& trade) {
    const auto open = m_openTrades.find({trade.strategy, trade.symbol.id()});
    if (open != m_openTrades.end()) {
        std::erase(open->second, trade.tradeId);
    }
}

std::vector<ExecutionWorker::OrderContext> ExecutionWorker::legOrders(
    const ExecutionDirective& directive, const ExecutionLeg& leg, const JournalContext& context) {
    OrderContext entry;
    Order& order = entry.order;
    order.strategy = directive.strategy;
    order.symbol = directive.symbol;
    order.side = leg.side;
    order.qty = leg.algorithm == ExecutionAlgorithm::kTwap ? leg.slices.front() : leg.qty;
    order.decisionPrice = directive.decisionPrice;
    entry.reducing = leg.closesPosition;
    entry.causality = directive.causality;
    entry.context = context;
    entry.context.put("order.purpose", std::string(leg.closesPosition ? "exit" : "entry"));
    entry.context.put("order.algorithm", std::string(toString(leg.algorithm)));
    if (leg.algorithm == ExecutionAlgorithm::kLimit) {
        order.type = OrderType::kLimit;
        order.limitPrice = leg.limitPrice;
        order.validBars = leg.validBars;
        entry.context.put("order.limit_price", leg.limitPrice->toDouble());
        entry.context.put("order.valid_bars", static_cast<std::int64_t>(leg.validBars));
    }
    std::vector<OrderContext> orders{entry};

    // the bracket's exits, on the other side, for the entry's quantity
    const auto exit = [&](OrderType type, const char* role) {
        OrderContext ctx = entry;
        ctx.reducing = true;
        ctx.order.side = opposite(leg.side);
        ctx.order.type = type;
        ctx.order.qty = leg.qty;
        ctx.order.limitPrice.reset();
        ctx.order.validBars = 0;
        ctx.context.erase("order");
        ctx.context.put("order.purpose", std::string("exit"));
        ctx.context.put("order.algorithm", std::string("bracket"));
        ctx.context.put("order.role", std::string(role));
        return ctx;
    };
    if (!leg.closesPosition && leg.stopLoss) {
        OrderContext stop = exit(OrderType::kStop, "stop_loss");
        stop.order.stopPrice = leg.stopLoss;
        orders.push_back(std::move(stop));
    }
    if (!leg.closesPosition && leg.trailAmount) {
        OrderContext trail = exit(OrderType::kTrailingStop, "trailing_stop");
        trail.order.trailAmount = leg.trailAmount;
        orders.push_back(std::move(trail));
    }
    if (!leg.closesPosition && leg.takeProfit) {
        OrderContext target = exit(OrderType::kLimit, "take_profit");
        target.order.limitPrice = leg.takeProfit;
        orders.push_back(std::move(target));
    }
    return orders;
}

RiskExposure ExecutionWorker::exposure(Symbol symbol) const {
    RiskExposure exposure;
    exposure.position = m_book.netQuantity(symbol);
    for (const auto& [id, ctx] : m_orders) {
        if (ctx.order.symbol != symbol) {
            continue;
        }
        ++exposure.openOrders;
        if (!ctx.reducing) {
            const Quantity rest = ctx.order.qty - ctx.order.filled;
            (ctx.order.side == Side::kBuy ? exposure.workingBuy : exposure.workingSell) += rest;
        }
    }
    if (const auto close = m_lastClose.find(symbol.id()); close != m_lastClose.end()) {
        exposure.lastPrice = close->second;
    }
    return exposure;
}

RiskVerdict ExecutionWorker::check(const std::vector<OrderContext>& orders, Quantity total) const {
    RiskVerdict verdict;
    RiskExposure exposure = this->exposure(orders.front().order.symbol);
    for (const auto& ctx : orders) {
        OrderIntent intent{ctx.order.strategy,   ctx.order.symbol,
                           ctx.order.side,       ctx.reducing ? ctx.order.qty : total,
                           riskPrice(ctx.order), ctx.reducing};
        if (!ctx.reducing && intent.qty != ctx.order.qty) {
            // a TWAP: the position counts the whole leg, the notional one slice
            OrderIntent slice = intent;
            slice.qty = ctx.order.qty;
            for (auto& breach : m_risk.check(slice, exposure).breaches) {
                if (breach.rule == "max_order_notional") {
                    verdict.breaches.push_back(std::move(breach));
                }
            }
            for (auto& breach : m_risk.check(intent, exposure).breaches) {
                if (breach.rule != "max_order_notional") {
                    verdict.breaches.push_back(std::move(breach));
                }
            }
        } else {
            for (auto& breach : m_risk.check(intent, exposure).breaches) {
                verdict.breaches.push_back(std::move(breach));
            }
        }
        ++exposure.openOrders;  // the bracket's orders count each other
    }
    return verdict;
}

void ExecutionWorker::journalBlocked(const CausalityChain& causality, JournalContext context,
                                     const RiskVerdict& verdict, Timestamp now) {
    QJsonArray breaches;
    for (const auto& breach : verdict.breaches) {
        breaches.append(toJson(breach));
    }
    context.set(QStringLiteral("risk_breaches"), breaches);
    ++m_blockedCount;
    m_sink.write(JournalRecord{"risk_blocked", now, {}, {}, causality, std::move(context)});
}

void ExecutionWorker::execute(const ExecutionDirective& directive, const JournalContext& context,
                              Timestamp now) {
    const Key key{directive.strategy, directive.symbol.id()};
    for (const auto& leg : directive.legs) {
        std::vector<OrderContext> orders = legOrders(directive, leg, context);
        const RiskVerdict verdict = check(orders, leg.qty);
        if (!verdict.allowed()) {
            // a refused close leaves the position's protective exits working
            JournalContext blocked = orders.front().context;
            blocked.set(QStringLiteral("leg"), toJson(leg));
            journalBlocked(directive.causality, blocked, verdict, now);
            continue;
        }
        if (leg.closesPosition) {
            if (const auto holding = holdingTrade(key)) {
                cancelTradeOrders(*holding, now, "replaced by the close of " + directive.id);
            }
        }
        std::string tradeId;
        if (leg.closesPosition) {
            const auto holding = holdingTrade(key);
            if (!holding) {
                spdlog::error("{}: no open trade of {} {} to close; leg not sent", directive.id,
                              directive.strategy, directive.symbol.name());
                continue;
            }
            tradeId = *holding;
        } else {
            tradeId = openTrade(directive, leg, now);
        }
        const auto group = [&](const char* purpose) {
            GroupRecord record{m_ids.next("GRP", now, directive.symbol.name()), tradeId, purpose,
                               now};
            m_sink.write(record);
            return record.groupId;
        };
        OrderContext& first = orders.front();
        first.order.tradeId = tradeId;
        first.order.groupId = group(leg.closesPosition ? "exit" : "entry");
        first.context.put("order.trade_id", tradeId);
        if (leg.algorithm == ExecutionAlgorithm::kTwap) {
            const std::string twapId = m_ids.next("TWP", now, directive.symbol.name());
            Twap twap;
            twap.child = first.order;
            twap.slices = leg.slices;
            twap.causality = first.causality;
            twap.context = first.context;
            m_twaps.emplace(twapId, std::move(twap));
            sendNextSlice(twapId, now);
            continue;
        }
        const std::string entryId = place(std::move(first), now);
        if (orders.size() == 1 || !m_orders.contains(entryId)) {
            continue;  // no bracket, or its entry was refused at once
        }
        const std::string exits = group("exit");
        for (std::size_t i = 1; i < orders.size(); ++i) {
            OrderContext& exit = orders[i];
            exit.order.tradeId = tradeId;
            exit.order.groupId = exits;
            exit.order.parentId = entryId;
            exit.order.ocoGroup = orders.size() > 2 ? exits : std::string();
            exit.context.put("order.trade_id", tradeId);
            exit.context.put("order.parent_id", entryId);
            // the exits' chains name the entry too: one decision, one bracket
            exit.causality.orderIds.push_back(entryId);
            place(std::move(exit), now);
        }
    }
}

std::string ExecutionWorker::place(OrderContext ctx, Timestamp now) {
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
    m_sink.write(JournalRecord{"order", now, order.id, {}, ctx.causality, ctx.context});
    const Order submitted = order;
    const std::string id = order.id;
    m_orders.emplace(id, std::move(ctx));
    m_connector.submit(submitted, now);
    return id;
}

void ExecutionWorker::sendNextSlice(const std::string& twapId, Timestamp now) {
    Twap& twap = m_twaps.at(twapId);
    OrderContext ctx;
    ctx.order = twap.child;
    ctx.order.qty = twap.slices[twap.next];
    ctx.twapId = twapId;
    ctx.causality = twap.causality;
    ctx.context = twap.context;
    ctx.context.put("order.twap_id", twapId);
    ctx.context.put("order.slice", static_cast<std::int64_t>(twap.next + 1));
    ctx.context.put("order.slices", static_cast<std::int64_t>(twap.slices.size()));
    if (twap.next > 0) {
        const RiskVerdict verdict = check({ctx}, ctx.order.qty);
        if (!verdict.allowed()) {
            JournalContext blocked = ctx.context;
            blocked.set(QStringLiteral("twap_slices_not_sent"),
                        static_cast<int>(twap.slices.size() - twap.next));
            journalBlocked(ctx.causality, blocked, verdict, now);
            const std::string tradeId = twap.child.tradeId;
            m_twaps.erase(twapId);
            settleEntry(tradeId);
            return;
        }
    }
    ++twap.next;
    if (twap.next == twap.slices.size()) {
        m_twaps.erase(twapId);
    }
    place(std::move(ctx), now);
}

void ExecutionWorker::cancelTradeOrders(const std::string& tradeId, Timestamp now,
                                        const std::string& why) {
    std::erase_if(m_twaps,
                  [&](const auto& entry) { return entry.second.child.tradeId == tradeId; });
    std::vector<std::string> ids;
    for (const auto& [id, ctx] : m_orders) {
        if (ctx.order.tradeId == tradeId) {
            ids.push_back(id);
        }
    }
    for (const auto& id : ids) {
        cancel(id, now, why);
    }
}

void ExecutionWorker::cancel(const std::string& orderId, Timestamp now, const std::string& why) {
    const auto it = m_orders.find(orderId);
    if (it == m_orders.end()) {
        spdlog::warn("cancel of {} ignored: it is not working", orderId);
        return;
    }
    journal("cancel_requested", now, it->second, QJsonObject{{QStringLiteral("reason"), str(why)}});
    m_connector.cancel(orderId, now);
}

void ExecutionWorker::modify(const std::string& orderId, const OrderAmendment& amendment,
                             Timestamp now, const std::string& why) {
    const auto it = m_orders.find(orderId);
    if (it == m_orders.end()) {
        spdlog::warn("amendment of {} ignored: it is not working", orderId);
        return;
    }
    QJsonObject request{{QStringLiteral("reason"), str(why)}};
    if (amendment.qty) {
        request[QStringLiteral("qty")] = amendment.qty->toDouble();
    }
    if (amendment.limitPrice) {
        request[QStringLiteral("limit_price")] = amendment.limitPrice->toDouble();
    }
    if (amendment.stopPrice) {
        request[QStringLiteral("stop_price")] = amendment.stopPrice->toDouble();
    }
    journal("modify_requested", now, it->second, request);
    m_connector.modify(orderId, amendment, now);
}

void ExecutionWorker::journal(const std::string& kind, Timestamp ts, const OrderContext& ctx,
                              JournalContext context, const std::string& fillId) {
    m_sink.write(JournalRecord{kind, ts, ctx.order.id, fillId, ctx.causality, std::move(context)});
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
        spdlog::error("exchange reply '{}' for order {} that is not working ignored",
                      toString(reply.kind), reply.orderId);
        return;
    }
    OrderContext& ctx = it->second;
    const QJsonObject why{{QStringLiteral("reason"), str(reply.reason)}};
    switch (reply.kind) {
        case ExchangeReply::Kind::kAccepted:
            transition(ctx.order, OrderStatus::kAccepted, reply.ts);
            m_sink.write(OrderRecord{ctx.order});
            return;
        case ExchangeReply::Kind::kRejected:
        case ExchangeReply::Kind::kExpired:
        case ExchangeReply::Kind::kCancelled: {
            const OrderStatus to =
                reply.kind == ExchangeReply::Kind::kRejected  ? OrderStatus::kRejected
                : reply.kind == ExchangeReply::Kind::kExpired ? OrderStatus::kExpired
                                                              : OrderStatus::kCancelled;
            transition(ctx.order, to, reply.ts);
            m_sink.write(OrderRecord{ctx.order});
            QJsonObject context = why;
            if (const auto twap = m_twaps.find(ctx.twapId); twap != m_twaps.end()) {
                context[QStringLiteral("twap_slices_not_sent")] =
                    static_cast<int>(twap->second.slices.size() - twap->second.next);
                m_twaps.erase(twap);
            }
            journal("order_" + toString(to), reply.ts, ctx, context);
            retire(reply.orderId);
            return;
        }
        case ExchangeReply::Kind::kModified:
            onModified(ctx, reply);
            return;
        case ExchangeReply::Kind::kCancelRejected:
        case ExchangeReply::Kind::kModifyRejected:
            spdlog::warn("order {}: {}: {}", reply.orderId, toString(reply.kind), reply.reason);
            journal(toString(reply.kind), reply.ts, ctx, why);
            return;
        case ExchangeReply::Kind::kFill:
            onFill(ctx, reply);
            return;
    }
}

void ExecutionWorker::onModified(OrderContext& ctx, const ExchangeReply& reply) {
    Order& order = ctx.order;
    order.qty = reply.qty;
    order.limitPrice = reply.limitPrice;
    order.stopPrice = reply.stopPrice;
    order.updatedTs = reply.ts;
    m_sink.write(OrderRecord{order});
    if (order.type == OrderType::kTrailingStop && reply.reason == "trailing stop moved") {
        return;  // the ledger keeps where it stands; the journal keeps decisions
    }
    QJsonObject context{{QStringLiteral("reason"), str(reply.reason)},
                        {QStringLiteral("qty"), order.qty.toDouble()}};
    if (order.limitPrice) {
        context[QStringLiteral("limit_price")] = order.limitPrice->toDouble();
    }
    if (order.stopPrice) {
        context[QStringLiteral("stop_price")] = order.stopPrice->toDouble();
    }
    journal("order_modified", reply.ts, ctx, context);
}

void ExecutionWorker::onFill(OrderContext& ctx, const ExchangeReply& reply) {
    Fill fill;
    fill.id = m_ids.next("FIL", reply.ts, ctx.order.symbol.name());
    fill.orderId = ctx.order.id;
    fill.ts = reply.ts;
    fill.price = reply.price;
    fill.qty = reply.qty;
    fill.fee = reply.fee;
    fill.maker = reply.maker;
    fill.seq = ++m_seq;
    ++m_fillCount;
    ctx.order.filled += fill.qty;
    transition(
        ctx.order,
        ctx.order.filled < ctx.order.qty ? OrderStatus::kPartiallyFilled : OrderStatus::kFilled,
        fill.ts);

    const Money value = notional(fill.price, fill.qty);
    m_cash += ctx.order.side == Side::kBuy ? -value : value;
    m_cash -= fill.fee;
    m_fees += fill.fee;
    m_book.apply(ctx.order.strategy, ctx.order.symbol, ctx.order.side, fill.qty, fill.price,
                 fill.fee, fill.ts, fill.id);
    const Position& pos = *m_book.find(ctx.order.strategy, ctx.order.symbol);
    updateTrade(ctx, fill);
    ctx.causality.fillIds.push_back(fill.id);

    m_sink.write(FillRecord{fill});
    m_sink.write(OrderRecord{ctx.order});
    m_sink.write(PositionRecord{ctx.order.strategy,
                                ctx.order.symbol,
                                pos.qty,
                                pos.avgPrice,
                                pos.realizedPnl,
                                pos.fees,
                                fill.ts,
                                pos.realizedPnlFifo,
                                {pos.lots.begin(), pos.lots.end()}});
    JournalContext fillContext;
    fillContext.put("fill_id", fill.id);
    fillContext.put("price", fill.price.toDouble());
    fillContext.put("qty", fill.qty.toDouble());
    fillContext.put("fee", fill.fee.toDouble());
    fillContext.put("liquidity", std::string(fill.maker ? "maker" : "taker"));
    if (ctx.order.decisionPrice) {
        const double decision = ctx.order.decisionPrice->toDouble();
        const double sign = ctx.order.side == Side::kBuy ? 1.0 : -1.0;
        fillContext.put("slippage_bps",
                        sign * (fill.price.toDouble() - decision) / decision * 10'000.0);
    }
    journal("fill", fill.ts, ctx, std::move(fillContext), fill.id);
    if (ctx.order.status != OrderStatus::kFilled) {
        return;
    }
    const std::string twapId = ctx.twapId;
    const std::string orderId = ctx.order.id;
    retire(orderId);
    if (m_twaps.contains(twapId)) {
        sendNextSlice(twapId, reply.ts);
    }
}

void ExecutionWorker::retire(const std::string& orderId) {
    const auto it = m_orders.find(orderId);
    if (it == m_orders.end()) {
        return;
    }
    const Order order = it->second.order;
    const bool entry = !it->second.reducing;
    m_orders.erase(it);
    --m_working[{order.strategy, order.symbol.id()}];
    if (entry) {
        settleEntry(order.tradeId);
    }
}

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
        const bool entryWorking = std::any_of(m_orders.begin(), m_orders.end(), [&](const auto& e) {
            return e.second.order.tradeId == trade.tradeId && !e.second.reducing &&
                   e.second.order.id != ctx.order.id;
        });
        if (flows.exited >= flows.entered && !entryWorking) {
            const Money gain = flows.exitNotional - flows.entryNotional;
            trade.qty = flows.entered;
            trade.pnl = (trade.side == Side::kBuy ? gain : -gain) - trade.fees;
            trade.status = TradeStatus::kClosed;
            m_closedPnls.push_back(*trade.pnl);
            forgetOpenTrade(trade);
        }
    }
    m_sink.write(trade);
}

void ExecutionWorker::settleEntry(const std::string& tradeId) {
    const auto found = m_trades.find(tradeId);
    if (found == m_trades.end() || found->second.status != TradeStatus::kOpen) {
        return;
    }
    TradeRecord& trade = found->second;
    const bool stillWorking = std::any_of(m_orders.begin(), m_orders.end(), [&](const auto& e) {
        return e.second.order.tradeId == tradeId && !e.second.reducing;
    });
    const bool moreSlices = std::any_of(m_twaps.begin(), m_twaps.end(), [&](const auto& entry) {
        return entry.second.child.tradeId == tradeId;
    });
    if (stillWorking || moreSlices) {
        return;
    }
    const TradeFlows& flows = m_tradeFlows[tradeId];
    if (!flows.entered.isZero()) {
        // entered in part: the trade is what was bought or sold
        if (trade.qty != flows.entered) {
            trade.qty = flows.entered;
            m_sink.write(trade);
        }
        return;
    }
    trade.status = TradeStatus::kVoid;
    forgetOpenTrade(trade);
    m_sink.write(trade);
}

Money ExecutionWorker::equity() const {
    return m_cash + m_book.marketValue(m_lastClose);
}

void ExecutionWorker::observeClose(const Candle& bar) {
    m_lastClose[bar.symbol.id()] = bar.close;
}

void ExecutionWorker::markToMarket(const Candle& bar, const Origin& origin) {
    observeClose(bar);
    const Money equity = this->equity();
    // a second mark at the same time (end-of-data exit) replaces the first
    if (!m_equityCurve.empty() && m_lastMarkTs == bar.ts) {
        m_equityCurve.back() = equity.toDouble();
    } else {
        m_equityCurve.push_back(equity.toDouble());
    }
    m_lastMarkTs = bar.ts;
    const auto block = m_risk.observeEquity(bar.ts, equity);
    if (block) {
        CausalityChain chain;
        chain.origin = origin;
        m_sink.write(JournalRecord{"trading_blocked", bar.ts, {}, {}, chain, toJson(*block)});
        if (m_risk.limits().cancelOpenOrdersOnTrip) {
            std::erase_if(m_twaps, [](const auto&) { return true; });
            std::vector<std::string> ids;
            for (const auto& [id, ctx] : m_orders) {
                if (!ctx.reducing) {
                    ids.push_back(id);
                }
            }
            for (const auto& id : ids) {
                cancel(id, bar.ts, "trading blocked by the circuit breaker");
            }
        }
        spdlog::warn("trading blocked at {}: {}", formatIso8601(bar.ts),
                     block->reasons.empty() ? std::string() : block->reasons.front().message);
        if (m_onBlocked) {
            m_onBlocked(*block);
        }
    }
    // the equity mark ends the event's unit of records (see StorageWriter)
    m_sink.write(EquityRecord{bar.ts, m_cash, equity, bar.symbol});
}

void ExecutionWorker::reauthorize(Timestamp ts, const std::string& by, const std::string& symbol) {
    if (!m_risk.blocked()) {
        return;
    }
    m_risk.reauthorize(ts);
    m_sink.write(JournalRecord{"trading_reauthorized",
                               ts,
                               {},
                               {},
                               CausalityChain{},
                               QJsonObject{{QStringLiteral("by"), str(by)},
                                           {QStringLiteral("symbol"), str(symbol)},
                                           {QStringLiteral("equity"), equity().toDouble()}}});
}

}  // namespace causeway::engine
