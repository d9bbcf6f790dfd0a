#include "engine/execution/position_book.h"

#include <algorithm>

namespace causeway::engine {

namespace {

Quantity absolute(Quantity q) {
    return q < Quantity() ? -q : q;
}

// The profit of closing `qty` bought (long) or sold (short) at `open` at
// `close`.
Money gain(bool longPosition, Price open, Price close, Quantity qty) {
    const Money difference = notional(close, qty) - notional(open, qty);
    return longPosition ? difference : -difference;
}

}  // namespace

Money Position::marketValue(Price mark) const {
    const Money value = notional(mark, absolute(qty));
    return qty < Quantity() ? -value : value;
}

Money Position::unrealizedPnl(Price mark) const {
    const Money value = notional(mark, absolute(qty));
    return qty > Quantity() ? value - cost : cost - value;
}

namespace {

Price averageOf(Money cost, Quantity qty) {
    return qty.isZero() ? Price() : Price::fromRaw(fixed_detail::divRaw(cost.raw(), qty.raw()));
}

}  // namespace

PositionChange PositionBook::apply(const std::string& strategy, Symbol symbol, Side side,
                                   Quantity qty, Price price, Money fee, Timestamp ts,
                                   const std::string& fillId) {
    Position& pos = m_positions[{strategy, symbol.id()}];
    pos.fees += fee;
    const Quantity signedQty = side == Side::kBuy ? qty : -qty;
    PositionChange change;
    const bool reduces = !pos.qty.isZero() && ((pos.qty > Quantity()) != (side == Side::kBuy));
    if (!reduces) {
        pos.cost += notional(price, qty);
        pos.qty += signedQty;
        pos.avgPrice = averageOf(pos.cost, absolute(pos.qty));
        pos.lots.push_back({fillId, ts, price, qty});
        return change;
    }
    const bool wasLong = pos.qty > Quantity();
    const Quantity held = absolute(pos.qty);
    change.closed = std::min(held, qty);
    // the closed part's share of the cost; all of it when all closes, so a
    // round trip realizes its exact cash flow
    const Money closedCost =
        change.closed == held
            ? pos.cost
            : Money::fromRaw(fixed_detail::divRaw(
                  fixed_detail::mulRaw(pos.cost.raw(), change.closed.raw()), held.raw()));
    const Money proceeds = notional(price, change.closed);
    change.realized = wasLong ? proceeds - closedCost : closedCost - proceeds;
    pos.cost -= closedCost;
    Quantity toClose = change.closed;
    while (toClose > Quantity() && !pos.lots.empty()) {
        PositionLot& lot = pos.lots.front();
        const Quantity part = std::min(lot.qty, toClose);
        change.realizedFifo += gain(wasLong, lot.price, price, part);
        lot.qty -= part;
        toClose -= part;
        if (lot.qty.isZero()) {
            pos.lots.pop_front();
        }
    }
    pos.realizedPnl += change.realized;
    pos.realizedPnlFifo += change.realizedFifo;
    pos.qty += signedQty;
    if (qty > change.closed) {
        // through zero: the rest opens at this price
        change.flipped = true;
        pos.cost = notional(price, qty - change.closed);
        pos.avgPrice = price;
        pos.lots.push_back({fillId, ts, price, qty - change.closed});
    } else if (pos.qty.isZero()) {
        pos.cost = Money();
        pos.avgPrice = Price();
    }
    return change;
}

const Position* PositionBook::find(const std::string& strategy, Symbol symbol) const {
    const auto it = m_positions.find({strategy, symbol.id()});
    return it == m_positions.end() ? nullptr : &it->second;
}

Quantity PositionBook::quantity(const std::string& strategy, Symbol symbol) const {
    const Position* pos = find(strategy, symbol);
    return pos ? pos->qty : Quantity();
}

Quantity PositionBook::netQuantity(Symbol symbol) const {
    Quantity net;
    for (const auto& [key, pos] : m_positions) {
        if (key.second == symbol.id()) {
            net += pos.qty;
        }
    }
    return net;
}

Money PositionBook::marketValue(const std::map<std::uint32_t, Price>& marks) const {
    Money value;
    for (const auto& [key, pos] : m_positions) {
        const auto mark = marks.find(key.second);
        if (!pos.qty.isZero() && mark != marks.end()) {
            value += pos.marketValue(mark->second);
        }
    }
    return value;
}

void PositionBook::restore(const std::string& strategy, Symbol symbol, Position position) {
    if (position.cost.isZero() && !position.qty.isZero()) {
        position.cost = notional(position.avgPrice, absolute(position.qty));
    }
    m_positions[{strategy, symbol.id()}] = std::move(position);
}

}  // namespace causeway::engine
