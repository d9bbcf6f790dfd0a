#include "engine/execution/order.h"

#include <array>
#include <utility>

#include "engine/execution/ledger_sink.h"

namespace causeway::engine {

namespace {

constexpr std::array<std::pair<OrderType, const char*>, 5> kOrderTypes{{
    {OrderType::kMarket, "market"},
    {OrderType::kLimit, "limit"},
    {OrderType::kStop, "stop"},
    {OrderType::kStopLimit, "stop_limit"},
    {OrderType::kTrailingStop, "trailing_stop"},
}};

constexpr std::array<std::pair<TimeInForce, const char*>, 4> kTimesInForce{{
    {TimeInForce::kGtc, "gtc"},
    {TimeInForce::kDay, "day"},
    {TimeInForce::kIoc, "ioc"},
    {TimeInForce::kFok, "fok"},
}};

constexpr std::array<std::pair<OrderStatus, const char*>, 7> kStatuses{{
    {OrderStatus::kNew, "new"},
    {OrderStatus::kAccepted, "accepted"},
    {OrderStatus::kPartiallyFilled, "partially_filled"},
    {OrderStatus::kFilled, "filled"},
    {OrderStatus::kCancelled, "cancelled"},
    {OrderStatus::kRejected, "rejected"},
    {OrderStatus::kExpired, "expired"},
}};

template <class T, std::size_t N>
std::string nameOf(const std::array<std::pair<T, const char*>, N>& table, T value) {
    for (const auto& [key, name] : table) {
        if (key == value) {
            return name;
        }
    }
    return "unknown";
}

template <class T, std::size_t N>
std::optional<T> valueOf(const std::array<std::pair<T, const char*>, N>& table,
                         std::string_view text) {
    for (const auto& [key, name] : table) {
        if (text == name) {
            return key;
        }
    }
    return std::nullopt;
}

}  // namespace

std::string toString(OrderType type) {
    return nameOf(kOrderTypes, type);
}

std::string toString(TimeInForce tif) {
    return nameOf(kTimesInForce, tif);
}

std::string toString(OrderStatus status) {
    return nameOf(kStatuses, status);
}

std::optional<OrderType> orderTypeFromString(std::string_view text) {
    return valueOf(kOrderTypes, text);
}

std::optional<TimeInForce> timeInForceFromString(std::string_view text) {
    return valueOf(kTimesInForce, text);
}

std::optional<OrderStatus> orderStatusFromString(std::string_view text) {
    return valueOf(kStatuses, text);
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
        case OrderStatus::kRejected:
            return from == OrderStatus::kNew;
        case OrderStatus::kPartiallyFilled:
        case OrderStatus::kFilled:
        case OrderStatus::kCancelled:
        case OrderStatus::kExpired:
            return from == OrderStatus::kAccepted || from == OrderStatus::kPartiallyFilled;
    }
    return false;
}

std::optional<std::string> invalidOrderReason(const Order& order) {
    const auto positive = [](const std::optional<Price>& price) {
        return price && *price > Price();
    };
    if (order.qty <= Quantity()) {
        return "quantity " + order.qty.toString() + " is not positive";
    }
    switch (order.type) {
        case OrderType::kMarket:
            break;
        case OrderType::kLimit:
            if (!positive(order.limitPrice)) {
                return std::string("a limit order needs a positive limit price");
            }
            break;
        case OrderType::kStop:
            if (!positive(order.stopPrice)) {
                return std::string("a stop order needs a positive stop price");
            }
            break;
        case OrderType::kStopLimit:
            if (!positive(order.stopPrice) || !positive(order.limitPrice)) {
                return std::string("a stop-limit order needs a positive stop and limit price");
            }
            break;
        case OrderType::kTrailingStop:
            if (order.trailAmount.has_value() == order.trailBps.has_value() ||
                !positive(order.trailAmount ? order.trailAmount : order.trailBps)) {
                return std::string(
                    "a trailing stop needs one positive trail: an amount or basis points");
            }
            break;
    }
    if (order.validBars < 0) {
        return "valid bars " + std::to_string(order.validBars) + " is negative";
    }
    return std::nullopt;
}

const char* toString(ExchangeReply::Kind kind) {
    switch (kind) {
        case ExchangeReply::Kind::kAccepted:
            return "accepted";
        case ExchangeReply::Kind::kFill:
            return "fill";
        case ExchangeReply::Kind::kRejected:
            return "rejected";
        case ExchangeReply::Kind::kExpired:
            return "expired";
        case ExchangeReply::Kind::kCancelled:
            return "cancelled";
        case ExchangeReply::Kind::kModified:
            return "modified";
        case ExchangeReply::Kind::kCancelRejected:
            return "cancel_rejected";
        case ExchangeReply::Kind::kModifyRejected:
            return "modify_rejected";
    }
    return "unknown";
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
