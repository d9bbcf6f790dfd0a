#pragma once

#include <QJsonArray>
#include <QJsonObject>

#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/fixed_point.h"
#include "engine/core/timestamp.h"
#include "engine/storage/ledger_filter.h"

namespace causeway::engine {
class SqliteDb;
}

namespace causeway::engine {

struct BarRow {
    std::string symbol;
    std::string timeframe;
    Timestamp ts = 0;
    Price open, high, low, close;
    Quantity volume;
};

struct OrderRow {
    std::string orderId;
    std::string tradeId;
    std::string groupId;
    std::string strategy;
    std::string symbol;
    std::string side;  // "buy" | "sell"
    std::string type;  // "market" | "limit" | "stop" | "stop_limit" | "trailing_stop"
    Quantity qty;
    Quantity filledQty;
    std::string status;  // "new" | "accepted" | "filled" | "rejected" | ...
    std::optional<Price> decisionPrice;
    Timestamp createdTs = 0;
    Timestamp updatedTs = 0;
    std::string tif;  // "gtc" | "day" | "ioc" | "fok"
    std::optional<Price> limitPrice;
    std::optional<Price> stopPrice;
    std::optional<Price> trailAmount;
    std::optional<Price> trailBps;
    int validBars = 0;
    std::optional<std::string> parentId;  // a bracket's exit: its entry
    std::optional<std::string> ocoGroup;
};

struct FillRow {
    std::string fillId;
    std::string orderId;
    Timestamp ts = 0;
    Price price;
    Quantity qty;
    Money fee;
    std::string liquidity;  // "maker" | "taker"
};

struct PositionLotRow {
    std::string fillId;
    Timestamp ts = 0;
    Price price;
    Quantity qty;
};

// One strategy's position in one symbol: average cost and FIFO lots.
struct PositionRow {
    std::string strategy;
    std::string symbol;
    Quantity qty;  // signed: short is negative
    Price avgPrice;
    Money realizedPnl;
    Money realizedPnlFifo;
    Money fees;
    Timestamp updatedTs = 0;
    std::vector<PositionLotRow> lots;
};

struct TradeRow {
    std::string tradeId;
    std::string strategy;
    std::string symbol;
    std::string side;    // "long" | "short"
    std::string status;  // "open" | "closed" | "void"
    Quantity qty;
    std::optional<Timestamp> entryTs;
    std::optional<Price> entryPrice;
    std::optional<Timestamp> exitTs;
    std::optional<Price> exitPrice;
    std::optional<Money> pnl;
    Money fees;
    std::vector<std::string> orderIds;
};

// Why an order exists, from the order_causes view (its journal entry of
// kind "order"). Empty optionals: the journal does not say.
struct OrderCause {
    std::string orderId;
    std::string tradeId;
    std::string strategy;
    std::string symbol;
    std::string side;
    std::optional<std::string> originType;  // "candle" | "tick" | "news" | "schedule"
    std::optional<std::string> originId;
    std::optional<std::string> regime;
    std::optional<std::string> algorithm;
    // The decision's signal types in chain order; empty: a decision without
    // signals; nullopt: the context lists no signals at all.
    std::optional<std::vector<std::string>> signalTypes;
};

// One symbol's account marked at a close (a multi-symbol run has a row per
// symbol and close).
struct EquityRow {
    Timestamp ts = 0;
    Money cash;
    Money equity;
    std::string symbol;
};

struct JournalRow {
    std::int64_t entryId = 0;
    std::string kind;  // "order" | "fill" | "decision_rejected" | "order_rejected"
    Timestamp ts = 0;
    std::optional<std::string> orderId;
    std::optional<std::string> fillId;
    QJsonObject causality;
    QJsonObject context;
};

// Read-only view of one run's ledger and journal. Opens its own connection
// (never the writer's), so the GUI and the CLI can read while an engine
// writes. Every method throws StorageError on a database failure.
//
// A run written by an older build is upgraded in place on opening (the
// schema's migrations, one transaction each); one written by a newer build
// is refused, as is a file that is not a run.
class RunReader final {
public:
    explicit RunReader(const std::string& path);
    ~RunReader();
    RunReader(const RunReader&) = delete;
    RunReader& operator=(const RunReader&) = delete;

    std::map<std::string, std::string> runInfo() const;
    // Bars with ts greater than `after`, oldest first.
    std::vector<BarRow> bars(Timestamp after = std::numeric_limits<Timestamp>::min()) const;
    std::vector<OrderRow> orders() const { return listOrders({}); }
    std::optional<OrderRow> order(const std::string& orderId) const;
    std::vector<FillRow> fills(const std::string& orderId = {}) const;
    std::vector<TradeRow> trades(bool closedOnly) const;
    std::vector<EquityRow> equity() const;
    std::vector<PositionRow> positions() const;
    // Each symbol's close of its latest bar: the mark for unrealized pnl.
    std::map<std::string, Price> lastCloses() const;
    std::vector<JournalRow> journal(const std::string& orderId = {}) const;

    // Ledger listings in ledger order; see LedgerFilter. Throw
    // std::invalid_argument for a status or side the listing cannot hold.
    std::vector<OrderRow> listOrders(const LedgerFilter& filter) const;
    std::vector<FillRow> listFills(const LedgerFilter& filter) const;
    std::vector<TradeRow> listTrades(const LedgerFilter& filter) const;

    // The market price when each order reached the exchange (README.md,
    // "Run database"): the open of the symbol's first bar after the order
    // was placed, or the close of the bar it was placed at when it filled
    // in that same instant (the end-of-data exit). Orders with neither are
    // left out.
    std::map<std::string, Price> arrivalPrices() const;
    std::optional<Price> arrivalPrice(const std::string& orderId) const;
    // Every order's cause, in ledger order.
    std::vector<OrderCause> orderCauses() const;

    // `trades --json`: closed round trips (or the trades `filter` keeps).
    QJsonArray tradesJson() const;
    QJsonArray tradesJson(const LedgerFilter& filter) const;
    // `story --json` for one order, with each fill's slippage against the
    // decision price and the arrival price; empty when the order is unknown.
    std::optional<QJsonObject> storyJson(const std::string& orderId) const;
    // SHA-256 over the ledger tables in key order: identical for identical runs.
    std::string ledgerHash() const;

private:
    std::unique_ptr<SqliteDb> m_db;
};

}  // namespace causeway::engine
