#pragma once

#include <optional>
#include <string>

#include "engine/core/fixed_point.h"
#include "engine/core/symbol.h"
#include "engine/core/timestamp.h"
#include "engine/strategy/dtos.h"

namespace causeway::engine {

// market        fills at the market as soon as it reaches the book
// limit         fills at its limit or better
// stop          becomes a market order once the market trades at or through
//               its stop (a buy stop above, a sell stop below the market)
// stop_limit    becomes a limit order at its limit once its stop trades
// trailing_stop a stop that follows the market at a distance (trailAmount in
//               price, or trailBps of the best price since it was placed):
//               a sell stop trails below the highest price, a buy stop above
//               the lowest
enum class OrderType { kMarket, kLimit, kStop, kStopLimit, kTrailingStop };

// gtc  good till cancelled (or validBars bars, when given)
// day  good for the UTC day on which it can first execute
// ioc  immediate or cancel: what can fill when it reaches the book fills,
//      the rest is cancelled
// fok  fill or kill: all of it when it reaches the book, or nothing
enum class TimeInForce { kGtc, kDay, kIoc, kFok };

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
std::string toString(TimeInForce tif);
std::string toString(OrderStatus status);
std::optional<OrderType> orderTypeFromString(std::string_view text);
std::optional<TimeInForce> timeInForceFromString(std::string_view text);
std::optional<OrderStatus> orderStatusFromString(std::string_view text);
bool isTerminal(OrderStatus status);
// The order state machine: new -> accepted -> partially filled -> filled;
// new -> rejected; cancelled / expired from any live state but new. Every
// other change, and any change out of a terminal state, is illegal.
bool canTransition(OrderStatus from, OrderStatus to);

struct Order {
    std::string id;
    std::string tradeId;
    std::string groupId;
    std::string strategy;
    Symbol symbol;
    Side side = Side::kBuy;
    OrderType type = OrderType::kMarket;
    TimeInForce tif = TimeInForce::kGtc;
    Quantity qty;
    Quantity filled;
    OrderStatus status = OrderStatus::kNew;
    std::optional<Price> decisionPrice;
    std::optional<Price> limitPrice;   // limit, stop_limit
    std::optional<Price> stopPrice;    // stop, stop_limit; trailing_stop: where it stands now
    std::optional<Price> trailAmount;  // trailing_stop, in price ...
    std::optional<Price> trailBps;     // ... or in bp of the best price
    // The bars it works before it expires; 0: no limit.
    int validBars = 0;
    // A bracket's exits: held by the exchange until `parentId` (the entry)
    // fills, then working for the quantity the entry filled. Orders sharing
    // an `ocoGroup` cancel each other: a fill of one reduces the others.
    std::string parentId;
    std::string ocoGroup;
    Timestamp createdTs = 0;
    Timestamp updatedTs = 0;
    std::int64_t seq = 0;
};

// Checks what an exchange needs to work the order (prices for its type,
// a positive quantity). Empty when it is fine, else why not.
std::optional<std::string> invalidOrderReason(const Order& order);

// A change of a working order; unset fields stay as they are. The quantity
// is the new total, more than has filled (to keep no more, cancel).
struct OrderAmendment {
    std::optional<Quantity> qty;
    std::optional<Price> limitPrice;
    std::optional<Price> stopPrice;
};

struct Fill {
    std::string id;
    std::string orderId;
    Timestamp ts = 0;
    Price price;
    Quantity qty;
    Money fee;
    bool maker = false;  // a resting order filled at its limit
    std::int64_t seq = 0;
};

// What an exchange (simulated or real) says about an order.
struct ExchangeReply {
    // kExpired: the order can no longer fill (end of data, end of its time
    // in force) and leaves the book. kCancelled: it left the book on request,
    // or because an order of its OCO group filled. kModified: an amendment
    // took effect (qty, limitPrice, stopPrice carry the order's terms now).
    // kCancelRejected / kModifyRejected: the request came too late or was
    // invalid; the order is as it was.
    enum class Kind {
        kAccepted,
        kFill,
        kRejected,
        kExpired,
        kCancelled,
        kModified,
        kCancelRejected,
        kModifyRejected
    };
    Kind kind = Kind::kAccepted;
    std::string orderId;
    Timestamp ts = 0;
    Price price;
    Quantity qty;
    Money fee;
    std::string reason;
    bool maker = false;
    std::optional<Price> limitPrice;  // kModified
    std::optional<Price> stopPrice;   // kModified; a trailing stop's move
};

const char* toString(ExchangeReply::Kind kind);

}  // namespace causeway::engine
