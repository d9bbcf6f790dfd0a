#pragma once

#include <optional>
#include <string>

#include "engine/core/fixed_point.h"
#include "engine/core/symbol.h"
#include "engine/core/timestamp.h"
#include "engine/strategy/dtos.h"

namespace causeway::engine {

enum class OrderType { kMarket, kLimit };
enum class OrderStatus {
    kNew,
    kAccepted,
    kPartiallyFilled,
    kFilled,
    kCancelled,
    kRejected,
    kExpired
};

std::string toString(OrderType type);
std::string toString(OrderStatus status);
bool isTerminal(OrderStatus status);
// The order state machine: new -> accepted -> partially filled -> filled,
// and cancelled / rejected / expired from any live state.
bool canTransition(OrderStatus from, OrderStatus to);

struct Order {
    std::string id;
    std::string tradeId;
    std::string groupId;
    std::string strategy;
    Symbol symbol;
    Side side = Side::kBuy;
    OrderType type = OrderType::kMarket;
    Quantity qty;
    Quantity filled;
    OrderStatus status = OrderStatus::kNew;
    std::optional<Price> decisionPrice;
    std::optional<Price> limitPrice;  // kLimit
    // kLimit: the bars it works before it expires; 0 until cancelled
    int validBars = 0;
    Timestamp createdTs = 0;
    Timestamp updatedTs = 0;
    std::int64_t seq = 0;
};

struct Fill {
    std::string id;
    std::string orderId;
    Timestamp ts = 0;
    Price price;
    Quantity qty;
    Money fee;
    std::int64_t seq = 0;
};

// What an exchange (simulated or real) says about an order.
struct ExchangeReply {
    // kExpired: the order can no longer fill (end of data, end of its time
    // in force) and leaves the book.
    enum class Kind { kAccepted, kFill, kRejected, kExpired };
    Kind kind = Kind::kAccepted;
    std::string orderId;
    Timestamp ts = 0;
    Price price;
    Quantity qty;
    Money fee;
    std::string reason;
};

}  // namespace causeway::engine
