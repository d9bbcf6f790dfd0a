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
    std::string type;  // "market"
    Quantity qty;
    Quantity filledQty;
    std::string status;  // "new" | "accepted" | "filled" | "rejected" | ...
    std::optional<Price> decisionPrice;
    Timestamp createdTs = 0;
    Timestamp updatedTs = 0;
};

struct FillRow {
    std::string fillId;
    std::string orderId;
    Timestamp ts = 0;
    Price price;
    Quantity qty;
    Money fee;
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

struct EquityRow {
    Timestamp ts = 0;
    Money cash;
    Money equity;
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
class RunReader final {
public:
    explicit RunReader(const std::string& path);
    ~RunReader();
    RunReader(const RunReader&) = delete;
    RunReader& operator=(const RunReader&) = delete;

    std::map<std::string, std::string> runInfo() const;
    // Bars with ts greater than `after`, oldest first.
    std::vector<BarRow> bars(Timestamp after = std::numeric_limits<Timestamp>::min()) const;
    std::vector<OrderRow> orders() const;
    std::optional<OrderRow> order(const std::string& orderId) const;
    std::vector<FillRow> fills(const std::string& orderId = {}) const;
    std::vector<TradeRow> trades(bool closedOnly) const;
    std::vector<EquityRow> equity() const;
    std::vector<JournalRow> journal(const std::string& orderId = {}) const;

    // `trades --json`: closed round trips.
    QJsonArray tradesJson() const;
    // `story --json` for one order; empty when the order is unknown.
    std::optional<QJsonObject> storyJson(const std::string& orderId) const;
    // SHA-256 over the ledger tables in key order: identical for identical runs.
    std::string ledgerHash() const;

private:
    std::unique_ptr<SqliteDb> m_db;
};

}  // namespace causeway::engine
