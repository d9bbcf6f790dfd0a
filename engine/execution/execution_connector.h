#pragma once

#include <functional>
#include <string>

#include "engine/execution/order.h"

namespace causeway::engine {

// How orders leave the engine: a real exchange or the simulator. Replies
// (acceptance, fills, rejections, expiries, cancels, amendments) come back
// through the reply handler, on the executor's thread.
class ExecutionConnector {
public:
    using ReplyHandler = std::function<void(const ExchangeReply&)>;
    virtual ~ExecutionConnector() = default;
    virtual void setReplyHandler(ReplyHandler handler) = 0;
    virtual void submit(const Order& order, Timestamp now) = 0;
    virtual void cancel(const std::string& orderId, Timestamp now) = 0;
    virtual void modify(const std::string& orderId, const OrderAmendment& amendment,
                        Timestamp now) = 0;
};

}  // namespace causeway::engine
