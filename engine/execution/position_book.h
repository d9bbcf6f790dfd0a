#pragma once

#include <deque>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/fixed_point.h"
#include "engine/core/symbol.h"
#include "engine/core/timestamp.h"
#include "engine/strategy/dtos.h"

namespace causeway::engine {

// An open lot: what one fill opened and has not been closed yet.
struct PositionLot {
    std::string fillId;
    Timestamp ts = 0;
    Price price;
    Quantity qty;  // > 0; the position's sign says long or short
};

// One strategy's position in one symbol, kept two ways at once: average
// cost (what is open carries its exact cost; a reducing fill takes its share
// of it) and FIFO lots (a reducing fill closes the oldest lots first). Both
// agree on the quantity, and on realized + unrealized exactly when flat and
// but for the rounding of each lot's value at a mark otherwise; they differ
// in when profit counts as realized.
struct Position {
    Quantity qty;           // signed: short is negative
    Price avgPrice;         // cost / |qty|, rounded to 8 decimals
    Money cost;             // exact cost of what is open (positive for longs and shorts)
    Money realizedPnl;      // average cost
    Money realizedPnlFifo;  // FIFO lots
    Money fees;
    std::deque<PositionLot> lots;

    // Against a mark price: value of the open quantity (negative short) and
    // its profit against the average cost.
    Money marketValue(Price mark) const;
    Money unrealizedPnl(Price mark) const;
};

// What one fill did to a position.
struct PositionChange {
    Quantity closed;  // of the position held before
    Money realized;   // average cost
    Money realizedFifo;
    bool flipped = false;  // went through zero
};

// All positions, by strategy and symbol.
class PositionBook final {
public:
    using Key = std::pair<std::string, std::uint32_t>;  // strategy, symbol id

    PositionChange apply(const std::string& strategy, Symbol symbol, Side side, Quantity qty,
                         Price price, Money fee, Timestamp ts, const std::string& fillId);

    const Position* find(const std::string& strategy, Symbol symbol) const;
    Quantity quantity(const std::string& strategy, Symbol symbol) const;
    // The symbol's position over every strategy.
    Quantity netQuantity(Symbol symbol) const;
    // Every strategy's value at its symbol's mark; symbols without a mark
    // count nothing.
    Money marketValue(const std::map<std::uint32_t, Price>& marks) const;
    const std::map<Key, Position>& all() const { return m_positions; }

    // Restores a recovered position as it was recorded (its cost from the
    // average price when not given).
    void restore(const std::string& strategy, Symbol symbol, Position position);

private:
    std::map<Key, Position> m_positions;
};

}  // namespace causeway::engine
