#pragma once

#include <QJsonObject>

#include <string>
#include <variant>
#include <vector>

#include "engine/core/market_data.h"
#include "engine/execution/order.h"
#include "engine/execution/position_book.h"
#include "engine/strategy/journal_context.h"

namespace causeway::engine {

// Rows on their way to the ledger (reality) and the journal (causality).
// Trades, orders and positions are written again whenever they change.

struct RunInfoRecord {
    std::string key;
    std::string value;
};

struct BarRecord {
    Candle bar;
};

// open: entered, not yet exited; closed: a complete round trip; void: the
// entry order ended (rejected, expired) without any fill.
enum class TradeStatus { kOpen, kClosed, kVoid };
const char* toString(TradeStatus status);

struct TradeRecord {
    std::string tradeId;
    std::string strategy;
    Symbol symbol;
    Side side = Side::kBuy;  // entry side: buy = long
    TradeStatus status = TradeStatus::kOpen;
    Quantity qty;
    std::optional<Timestamp> entryTs;
    std::optional<Price> entryPrice;
    std::optional<Timestamp> exitTs;
    std::optional<Price> exitPrice;
    std::optional<Money> pnl;
    Money fees;
    std::int64_t seq = 0;
};

struct GroupRecord {
    std::string groupId;
    std::string tradeId;
    std::string purpose;  // "entry" | "exit"
    Timestamp ts = 0;
};

struct OrderRecord {
    Order order;
};

struct FillRecord {
    Fill fill;
};

struct PositionRecord {
    std::string strategy;
    Symbol symbol;
    Quantity qty;
    Price avgPrice;
    Money realizedPnl;  // average cost
    Money fees;
    Timestamp ts = 0;
    Money realizedPnlFifo;
    std::vector<PositionLot> lots;  // open, oldest first
};

// The account of one executor (its symbol) marked at a close.
struct EquityRecord {
    Timestamp ts = 0;
    Money cash;
    Money equity;
    Symbol symbol;
};

struct JournalRecord {
    // order, fill, decision_rejected, risk_blocked, order_rejected,
    // order_expired, order_cancelled, order_modified, cancel_requested,
    // modify_requested, cancel_rejected, modify_rejected, trading_blocked,
    // trading_reauthorized
    std::string kind;
    Timestamp ts = 0;
    std::string orderId;
    std::string fillId;
    CausalityChain causality;
    JournalContext context;  // JSON only on the writer's thread
};

using LedgerRecord = std::variant<RunInfoRecord, BarRecord, TradeRecord, GroupRecord, OrderRecord,
                                  FillRecord, PositionRecord, EquityRecord, JournalRecord>;

// Where executors hand their records. Implementations must not block the
// caller on disk.
class LedgerSink {
public:
    virtual ~LedgerSink() = default;
    virtual void write(LedgerRecord record) = 0;
};

}  // namespace causeway::engine
