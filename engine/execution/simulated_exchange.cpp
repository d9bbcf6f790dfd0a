#include "engine/execution/simulated_exchange.h"

#include <algorithm>
#include <cmath>

namespace causeway::engine {

namespace {

std::int64_t utcDay(Timestamp ts) {
    return ts >= 0 ? ts / kNanosPerDay : (ts - kNanosPerDay + 1) / kNanosPerDay;
}

std::string dayText(std::int64_t day) {
    return formatIso8601(day * kNanosPerDay).substr(0, 10);
}

std::string bars(int n) {
    return std::to_string(n) + (n == 1 ? " bar" : " bars");
}

// FNV-1a: a stable hash, so injected rejections repeat run after run.
double unitHash(const std::string& text) {
    std::uint64_t hash = 14695981039346656037ULL;
    for (const char c : text) {
        hash ^= static_cast<unsigned char>(c);
        hash *= 1099511628211ULL;
    }
    return static_cast<double>(hash >> 11) / static_cast<double>(1ULL << 53);
}

ExchangeReply status(ExchangeReply::Kind kind, const std::string& orderId, Timestamp ts,
                     std::string reason = {}) {
    ExchangeReply r;
    r.kind = kind;
    r.orderId = orderId;
    r.ts = ts;
    r.reason = std::move(reason);
    return r;
}

// The order's terms after an amendment took effect.
ExchangeReply amended(const Order& order, Timestamp ts, std::string reason) {
    ExchangeReply r = status(ExchangeReply::Kind::kModified, order.id, ts, std::move(reason));
    r.qty = order.qty;
    r.limitPrice = order.limitPrice;
    r.stopPrice = order.stopPrice;
    return r;
}

bool isBuy(const Order& order) {
    return order.side == Side::kBuy;
}

// Market-like fills pay the slippage: market orders and triggered stops.
bool paysSlippage(OrderType type) {
    return type == OrderType::kMarket || type == OrderType::kStop ||
           type == OrderType::kTrailingStop;
}

}  // namespace

void SimulatedExchange::reply(ExchangeReply reply) {
    if (m_reply) {
        m_reply(reply);
    }
}

std::optional<std::string> SimulatedExchange::injectedRejection(const Order& order) {
    ++m_submitted;
    if (m_config.rejectIf) {
        if (auto reason = m_config.rejectIf(order)) {
            return reason;
        }
    }
    if (m_config.rejectEvery > 0 && m_submitted % m_config.rejectEvery == 0) {
        const int n = m_config.rejectEvery;
        const char* suffix = "th";
        if (n % 100 < 11 || n % 100 > 13) {
            suffix = n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
        }
        return n == 1 ? std::string("injected rejection: every order")
                      : "injected rejection: every " + std::to_string(n) + suffix + " order";
    }
    if (m_config.rejectRate > 0.0 && unitHash(order.id) < m_config.rejectRate) {
        return "injected rejection: rate " + Quantity::fromDouble(m_config.rejectRate).toString();
    }
    return std::nullopt;
}

std::size_t SimulatedExchange::working() const {
    std::size_t count = 0;
    for (const auto* list : {&m_working, &m_pending}) {
        for (const auto& w : *list) {
            count += w.done ? 0 : 1;
        }
    }
    return count;
}

SimulatedExchange::Working* SimulatedExchange::find(const std::string& orderId) {
    for (auto* list : {&m_working, &m_pending}) {
        for (auto& w : *list) {
            if (!w.done && w.order.id == orderId) {
                return &w;
            }
        }
    }
    return nullptr;
}

void SimulatedExchange::submit(const Order& order, Timestamp now) {
    auto reason = invalidOrderReason(order);
    Working* entry = order.parentId.empty() ? nullptr : find(order.parentId);
    if (!reason && !order.parentId.empty() && !entry && !m_brackets.contains(order.parentId)) {
        reason = "its entry " + order.parentId + " is not working";
    }
    if (!reason) {
        reason = injectedRejection(order);
    }
    if (reason) {
        reply(status(ExchangeReply::Kind::kRejected, order.id, now, *reason));
        return;
    }
    Working w;
    w.order = order;
    w.order.filled = Quantity();
    w.arrival = std::max(now, m_clock) + m_config.latency;
    if (order.type == OrderType::kTrailingStop && order.parentId.empty()) {
        w.extreme = m_last;  // a bracket's trailing exit starts at its entry's fill
    }
    if (entry) {
        m_brackets.try_emplace(order.parentId, Bracket{entry->order.filled, {}, false});
    }
    m_pending.push_back(std::move(w));
    reply(status(ExchangeReply::Kind::kAccepted, order.id, now));
}

void SimulatedExchange::cancel(const std::string& orderId, Timestamp now) {
    Working* w = find(orderId);
    if (!w) {
        reply(status(ExchangeReply::Kind::kCancelRejected, orderId, now,
                     "order " + orderId + " is not working"));
        return;
    }
    finish(*w, ExchangeReply::Kind::kCancelled, now, "cancelled on request");
}

void SimulatedExchange::modify(const std::string& orderId, const OrderAmendment& amendment,
                               Timestamp now) {
    Working* w = find(orderId);
    const auto refuse = [&](const std::string& why) {
        reply(status(ExchangeReply::Kind::kModifyRejected, orderId, now, why));
    };
    if (!w) {
        refuse("order " + orderId + " is not working");
        return;
    }
    Order changed = w->order;
    if (amendment.qty) {
        if (*amendment.qty <= changed.filled) {
            refuse("new quantity " + amendment.qty->toString() + " is not above the filled " +
                   changed.filled.toString());
            return;
        }
        changed.qty = *amendment.qty;
    }
    const auto applies = [&](bool allowed, const char* what) {
        if (!allowed) {
            refuse(std::string("a ") + toString(changed.type) + " order has no " + what);
        }
        return allowed;
    };
    if (amendment.limitPrice) {
        if (!applies(changed.limitPrice.has_value(), "limit price")) {
            return;
        }
        changed.limitPrice = amendment.limitPrice;
    }
    if (amendment.stopPrice) {
        if (!applies(changed.type == OrderType::kStop || changed.type == OrderType::kStopLimit,
                     "stop price")) {
            return;
        }
        changed.stopPrice = amendment.stopPrice;
    }
    if (auto invalid = invalidOrderReason(changed)) {
        refuse(*invalid);
        return;
    }
    w->order = changed;
    reply(amended(changed, now, "amended on request"));
}

Quantity SimulatedExchange::available(const Working& w) const {
    Quantity rest = w.order.qty - w.order.filled;
    if (!w.order.parentId.empty()) {
        const auto it = m_brackets.find(w.order.parentId);
        const Quantity open =
            it == m_brackets.end() ? Quantity() : it->second.entered - it->second.exited;
        rest = std::min(rest, open);
    }
    return rest;
}

std::optional<PathPoint> SimulatedExchange::activation(const Working& w,
                                                       const Market& market) const {
    if (w.from) {
        return w.from;
    }
    if (w.arrival <= market.start) {
        return market.path->start();
    }
    if (market.duration > 0 && w.arrival < market.start + market.duration) {
        const double share =
            static_cast<double>(w.arrival - market.start) / static_cast<double>(market.duration);
        return market.path->pointAt(share * market.path->end());
    }
    return std::nullopt;
}

std::optional<SimulatedExchange::Hit> SimulatedExchange::evaluate(Working& w, const Market& market,
                                                                  PathPoint from) const {
    const Order& order = w.order;
    const bool buy = isBuy(order);
    const auto marketPrice = [&](PathPoint at) {
        if (market.path->size() == 1) {
            // a tick: the buyer pays the ask, the seller gets the bid
            const auto& quote = buy ? market.ask : market.bid;
            return quote.value_or(at.price);
        }
        return at.price;
    };
    const auto limitFrom = [&](PathPoint start, Price limit, bool rested) -> std::optional<Hit> {
        if (buy ? start.price <= limit : start.price >= limit) {
            // at a bar's open a gap fills a resting limit there; a trade
            // through a limit resting among ticks fills it at the limit
            const bool tick = market.path->size() == 1 && market.duration == 0;
            return Hit{start, tick && rested ? limit : start.price, rested, !rested};
        }
        // a resting limit fills once the market trades through it
        if (const auto reach = market.path->firstReach(start, limit, buy, true)) {
            return Hit{*reach, limit, true, false};
        }
        return std::nullopt;
    };
    switch (order.type) {
        case OrderType::kMarket:
            return Hit{from, marketPrice(from), false, true};
        case OrderType::kLimit:
            return limitFrom(from, *order.limitPrice, w.rested);
        case OrderType::kStop: {
            const auto trigger = market.path->firstReach(from, *order.stopPrice, !buy);
            if (!trigger) {
                return std::nullopt;
            }
            return Hit{*trigger, marketPrice(*trigger), false, true};
        }
        case OrderType::kStopLimit: {
            PathPoint start = from;
            bool rested = w.rested && w.triggered;
            if (!w.triggered) {
                const auto trigger = market.path->firstReach(from, *order.stopPrice, !buy);
                if (!trigger) {
                    return std::nullopt;
                }
                w.triggeredAt = trigger->t;
                start = *trigger;
                rested = false;
            }
            return limitFrom(start, *order.limitPrice, rested);
        }
        case OrderType::kTrailingStop:
            return evaluateTrailing(w, market, from);
    }
    return std::nullopt;
}

Price SimulatedExchange::trailingStop(const Order& order, Price extreme) {
    const Price distance =
        order.trailAmount ? *order.trailAmount : basisPoints(extreme, *order.trailBps);
    return isBuy(order) ? extreme + distance : extreme - distance;
}

std::optional<SimulatedExchange::Hit> SimulatedExchange::evaluateTrailing(const Working& w,
                                                                          const Market& market,
                                                                          PathPoint from) const {
    // A sell stop trails below the highest price, a buy stop above the lowest.
    const bool buy = isBuy(w.order);
    const auto better = [&](Price a, Price b) { return buy ? std::min(a, b) : std::max(a, b); };
    Price extreme = better(w.extreme.value_or(from.price), from.price);
    const auto through = [&](Price price, Price stop) {
        return buy ? price >= stop : price <= stop;
    };
    if (through(from.price, trailingStop(w.order, extreme))) {
        return Hit{from, from.price, false, true};
    }
    std::optional<Hit> hit;
    market.path->forEachSegment(from, [&](PathPoint a, PathPoint b) {
        const bool favourable = buy ? b.price < a.price : b.price > a.price;
        if (favourable) {
            extreme = better(extreme, b.price);
            return true;
        }
        const Price stop = trailingStop(w.order, extreme);
        if (through(b.price, stop)) {
            const PathPoint at = PricePath::crossing(a, b, stop);
            hit = Hit{at, stop, false, true};
            return false;
        }
        return true;
    });
    return hit;
}

SimulatedExchange::Market SimulatedExchange::marketAt(const PricePath& path, Timestamp ts,
                                                      Timestamp duration,
                                                      std::optional<Quantity> volume) const {
    Market market;
    market.path = &path;
    market.ts = ts;
    market.start = ts;
    market.duration = duration;
    if (volume && m_config.participation > 0.0) {
        market.budget = Quantity::fromRaw(fixed_detail::mulRaw(
            volume->raw(), Quantity::fromDouble(m_config.participation).raw()));
    }
    return market;
}

void SimulatedExchange::onBar(const Candle& bar) {
    onBar(bar, PricePath::ofBar(bar));
}

void SimulatedExchange::onBar(const Candle& bar, const PricePath& path) {
    Market market = marketAt(path, bar.ts, bar.timeframe.nanos, bar.volume);
    process(market, false);
    m_clock = bar.ts + bar.timeframe.nanos;
    m_last = bar.close;
}

void SimulatedExchange::onTick(const Tick& tick) {
    const PricePath path = PricePath::single(tick.price);
    Market market = marketAt(path, tick.ts, 0, tick.size);
    market.bid = tick.bid;
    market.ask = tick.ask;
    process(market, false);
    m_clock = std::max(m_clock, tick.ts);
    m_last = tick.price;
}

void SimulatedExchange::onBarTicks(const Candle& bar, std::span<const Tick> ticks) {
    for (const Tick& tick : ticks) {
        onTick(tick);
    }
    m_clock = std::max(m_clock, bar.ts + bar.timeframe.nanos);
    m_last = bar.close;
}

void SimulatedExchange::settleAtClose(const Candle& bar) {
    const PricePath path = PricePath::single(bar.close);
    Market market = marketAt(path, bar.ts, 0, std::nullopt);
    process(market, true);
}

void SimulatedExchange::mergePending() {
    for (auto& w : m_pending) {
        m_working.push_back(std::move(w));
    }
    m_pending.clear();
}

void SimulatedExchange::process(Market& market, bool settle) {
    mergePending();
    m_processing = true;
    const std::int64_t today = utcDay(market.start);
    for (auto& w : m_working) {
        if (!settle && !w.done && w.day && *w.day < today) {
            finish(w, ExchangeReply::Kind::kExpired, market.ts,
                   "day order expired at the end of " + dayText(*w.day));
        }
    }
    while (!market.budget || *market.budget > Quantity()) {
        Working* best = nullptr;
        std::optional<Hit> bestHit;
        for (auto& w : m_working) {
            if (w.done || available(w) <= Quantity()) {
                continue;
            }
            const auto from = settle ? std::optional(market.path->start()) : activation(w, market);
            if (!from) {
                continue;
            }
            w.seen = true;
            w.barFrom = *from;
            const bool once = w.order.tif == TimeInForce::kIoc || w.order.tif == TimeInForce::kFok;
            auto hit = evaluate(w, market, *from);
            if (once && (!hit || hit->at.t > from->t)) {
                finish(w, ExchangeReply::Kind::kExpired, market.ts,
                       toString(w.order.tif) + ": could not fill where it reached the book");
                continue;
            }
            if (hit && (!bestHit || hit->at.t < bestHit->at.t)) {
                best = &w;
                bestHit = hit;
            }
        }
        if (!best) {
            break;
        }
        execute(*best, *bestHit, market);
    }
    // ioc / fok orders that reached the book here had their one chance, also
    // when the bar's volume was taken before them
    for (auto& w : m_working) {
        const bool once = w.order.tif == TimeInForce::kIoc || w.order.tif == TimeInForce::kFok;
        if (once && !w.done && !settle && activation(w, market)) {
            finish(w, ExchangeReply::Kind::kExpired, market.ts,
                   toString(w.order.tif) + ": could not fill where it reached the book");
        }
    }
    m_processing = false;
    if (!settle) {
        endOfBar(market);
    }
    compact();
}

void SimulatedExchange::execute(Working& w, const Hit& hit, Market& market) {
    Quantity qty = available(w);
    if (market.budget) {
        qty = std::min(qty, *market.budget);
    }
    const Quantity rest = w.order.qty - w.order.filled;
    if (w.order.tif == TimeInForce::kFok && qty < rest) {
        finish(w, ExchangeReply::Kind::kExpired, market.ts,
               "fok: only " + qty.toString() + " of " + rest.toString() + " could fill");
        return;
    }
    Price price = hit.price;
    if (paysSlippage(w.order.type)) {
        const Price move = basisPoints(price, Price::fromRaw(m_config.slippageBps.raw()));
        price = isBuy(w.order) ? price + move : price - move;
    }
    const Money fee =
        basisPoints(notional(price, qty), hit.maker ? m_config.makerFeeBps : m_config.takerFeeBps);
    w.order.filled += qty;
    if (market.budget) {
        *market.budget -= qty;
    }
    if (w.order.filled >= w.order.qty) {
        w.done = true;
    }
    ExchangeReply fill = status(ExchangeReply::Kind::kFill, w.order.id, market.ts);
    fill.price = price;
    fill.qty = qty;
    fill.fee = fee;
    fill.maker = hit.maker;
    reply(fill);
    afterFill(w, qty, hit, market);
    if (!w.done && w.order.tif == TimeInForce::kIoc) {
        finish(w, ExchangeReply::Kind::kExpired, market.ts,
               "ioc: " + (w.order.qty - w.order.filled).toString() +
                   " could not fill where it reached the book");
    }
}

void SimulatedExchange::afterFill(Working& w, Quantity qty, const Hit& hit, Market& market) {
    const std::string id = w.order.id;
    if (const auto entry = m_brackets.find(id); entry != m_brackets.end()) {
        entry->second.entered += qty;
        for (auto& child : m_working) {
            if (!child.done && child.order.parentId == id) {
                child.from = hit.at;  // the exits protect the position from the fill on
            }
        }
        if (w.done) {
            entry->second.entryDone = true;
            settleBracket(id, market.ts);
        }
    }
    if (!w.order.parentId.empty()) {
        m_brackets[w.order.parentId].exited += qty;
    }
    if (w.order.ocoGroup.empty()) {
        return;
    }
    // One order of an OCO group filled: the others shrink by as much, and
    // leave the book when nothing of them is left.
    const std::string group = w.order.ocoGroup;
    for (auto& sibling : m_working) {
        if (sibling.done || sibling.order.ocoGroup != group || sibling.order.id == id) {
            continue;
        }
        const Quantity reduced = sibling.order.qty - qty;
        if (reduced <= sibling.order.filled) {
            finish(sibling, ExchangeReply::Kind::kCancelled, market.ts, "oco: " + id + " filled");
            continue;
        }
        sibling.order.qty = reduced;
        reply(amended(sibling.order, market.ts, "oco: " + id + " filled " + qty.toString()));
    }
    settleBracket(w.order.parentId, market.ts);
}

void SimulatedExchange::settleBracket(const std::string& entryId, Timestamp ts) {
    const auto it = m_brackets.find(entryId);
    if (it == m_brackets.end() || !it->second.entryDone) {
        return;
    }
    const Bracket& bracket = it->second;
    const Quantity open = bracket.entered - bracket.exited;
    for (auto* list : {&m_working, &m_pending}) {
        for (auto& child : *list) {
            if (child.done || child.order.parentId != entryId) {
                continue;
            }
            if (open <= Quantity()) {
                finish(child, ExchangeReply::Kind::kCancelled, ts,
                       bracket.entered.isZero() ? "its entry " + entryId + " ended without a fill"
                                                : "the position it protected is closed");
            } else if (child.order.qty - child.order.filled > open) {
                // the entry filled in part: the exits cover what it filled
                child.order.qty = child.order.filled + open;
                reply(amended(child.order, ts,
                              "its entry " + entryId + " filled " + bracket.entered.toString()));
            }
        }
    }
}

void SimulatedExchange::finish(Working& w, ExchangeReply::Kind kind, Timestamp ts,
                               const std::string& reason) {
    if (w.done) {
        return;
    }
    w.done = true;
    reply(status(kind, w.order.id, ts, reason));
    if (const auto entry = m_brackets.find(w.order.id); entry != m_brackets.end()) {
        entry->second.entryDone = true;
        settleBracket(w.order.id, ts);
    }
}

void SimulatedExchange::endOfBar(const Market& market) {
    for (auto& w : m_working) {
        const bool seen = w.seen;
        w.seen = false;
        const std::optional<PathPoint> from = w.barFrom;
        w.barFrom.reset();
        w.from.reset();
        if (w.done || !seen) {
            continue;
        }
        if (w.triggeredAt) {
            w.triggered = true;
            w.triggeredAt.reset();
        }
        if (w.order.tif == TimeInForce::kDay && !w.day) {
            w.day = utcDay(market.start);
        }
        if (w.order.type == OrderType::kTrailingStop) {
            const bool buy = isBuy(w.order);
            const auto start = from.value_or(market.path->start());
            Price extreme = w.extreme.value_or(start.price);
            extreme = buy ? std::min(extreme, start.price) : std::max(extreme, start.price);
            market.path->forEachSegment(start, [&](PathPoint, PathPoint b) {
                extreme = buy ? std::min(extreme, b.price) : std::max(extreme, b.price);
                return true;
            });
            w.extreme = extreme;
            const Price stop = trailingStop(w.order, extreme);
            if (w.order.stopPrice != stop) {
                w.order.stopPrice = stop;
                reply(amended(w.order, market.ts, "trailing stop moved"));
            }
        }
        w.rested = true;
        ++w.barsSeen;
        if (w.order.validBars > 0 && w.barsSeen >= w.order.validBars) {
            std::string what = "not filled";
            if (w.order.type == OrderType::kLimit) {
                what = "limit " + w.order.limitPrice->toString() + " not reached";
            } else if (w.order.stopPrice) {
                what = "stop " + w.order.stopPrice->toString() + " not reached";
            }
            finish(w, ExchangeReply::Kind::kExpired, market.ts,
                   what + " in " + bars(w.order.validBars));
        }
    }
}

void SimulatedExchange::compact() {
    std::erase_if(m_working, [](const Working& w) { return w.done; });
    std::erase_if(m_pending, [](const Working& w) { return w.done; });
    std::erase_if(m_brackets, [&](const auto& entry) {
        if (!entry.second.entryDone) {
            return false;
        }
        for (const auto* list : {&m_working, &m_pending}) {
            for (const auto& w : *list) {
                if (w.order.parentId == entry.first) {
                    return false;
                }
            }
        }
        return true;
    });
}

void SimulatedExchange::expireWorking(Timestamp ts, const std::string& reason) {
    mergePending();
    for (auto& w : m_working) {
        finish(w, ExchangeReply::Kind::kExpired, ts, reason);
    }
    compact();
}

}  // namespace causeway::engine
