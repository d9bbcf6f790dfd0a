#include "engine/execution/order.h"

#include "engine/execution/ledger_sink.h"

namespace causeway::engine {

std::string toString(OrderType type) {
    switch (type) {
        case OrderType::kMarket:
            return "market";
        case OrderType::kLimit:
            return "limit";
    }
    return "unknown";
}

std::string toString(OrderStatus status) {
    switch (status) {
        case OrderStatus::kNew:
            return "new";
        case OrderStatus::kAccepted:
            return "accepted";
        case OrderStatus::kPartiallyFilled:
            return "partially_filled";
        case OrderStatus::kFilled:
            return "filled";
        case OrderStatus::kCancelled:
            return "cancelled";
        case OrderStatus::kRejected:
            return "rejected";
        case OrderStatus::kExpired:
            return "expired";
    }
    return "unknown";
}

bool isTerminal(OrderStatus status) {
    return status == OrderStatus::kFilled || status == OrderStatus::kCancelled ||
           status == OrderStatus::kRejected || status == OrderStatus::kExpired;
}

bool canTransition(OrderStatus from, OrderStatus to) {
    if (isTerminal(from)) {
        return false;
    }
    switch (to) {
        case OrderStatus::kNew:
            return false;
        case OrderStatus::kAccepted:
            return from == OrderStatus::kNew;
        case OrderStatus::kPartiallyFilled:
        case OrderStatus::kFilled:
            return from == OrderStatus::kAccepted || from == OrderStatus::kPartiallyFilled;
        case OrderStatus::kCancelled:
        case OrderStatus::kRejected:
        case OrderStatus::kExpired:
            return true;
    }
    return false;
}

const char* toString(TradeStatus status) {
    switch (status) {
        case TradeStatus::kOpen:
            return "open";
        case TradeStatus::kClosed:
            return "closed";
        case TradeStatus::kVoid:
            return "void";
    }
    return "unknown";
}

}  // namespace causeway::engine
