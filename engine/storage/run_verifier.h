#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/fixed_point.h"
#include "engine/core/timestamp.h"

namespace causeway::engine {

class SqliteDb;

struct VerifyReport {
    // PRAGMA integrity_check lines other than "ok". When there are any, the
    // ledger is not reconciled: nothing read from it could be trusted.
    std::vector<std::string> integrityErrors;
    // What does not reconcile, one line each, naming the rows.
    std::vector<std::string> problems;
    std::int64_t orders = 0;
    std::int64_t fills = 0;
    std::int64_t trades = 0;
    std::int64_t positions = 0;
    std::int64_t journalEntries = 0;
    std::int64_t equityRows = 0;
    // Cash and equity could be derived: the initial cash in run_info, and with
    // several symbols each one's share (symbol_cash).
    bool equityChecked = false;

    bool ok() const { return integrityErrors.empty() && problems.empty(); }
};

// `causeway-cli verify`: SQLite's integrity check, then the ledger against
// itself and against the journal, in one read snapshot:
// - every order has exactly one journal entry of kind "order", its trade and
//   its execution group; its filled quantity is the sum of its fills and
//   agrees with its status;
// - every fill belongs to an order and has its journal entry of kind "fill"
//   naming that order; every journal entry's order and fill exist;
// - each position's quantity is the signed sum of its fills, its fees their
//   sum;
// - each trade's fees are its fills' fees; a closed trade exited what it
//   entered and its pnl is exit notional - entry notional (negated for a
//   short) - fees; a void trade has no fill, an open one is not fully exited;
// - with the starting cash in run_info (initial_cash; with several symbols
//   each one's share in symbol_cash), every symbol's equity row's cash is
//   its starting cash moved by its fills up to its time, and its equity that
//   cash plus its position at the bar's close.
// Reads only; throws StorageError when the file cannot be read as a run.
class RunVerifier final {
public:
    explicit RunVerifier(const std::string& path);
    ~RunVerifier();
    RunVerifier(const RunVerifier&) = delete;
    RunVerifier& operator=(const RunVerifier&) = delete;

    VerifyReport verify();

private:
    struct Order {
        std::string tradeId;
        std::string groupId;
        std::string strategy;
        std::string symbol;
        std::string side;
        std::string status;
        Quantity qty;
        Quantity filled;
    };
    struct Fill {
        std::string id;
        std::string orderId;
        Timestamp ts = 0;
        Price price;
        Quantity qty;
        Money fee;
    };
    struct Trade {
        std::string id;
        std::string side;
        std::string status;
        Quantity qty;
        std::optional<Money> pnl;
        Money fees;
    };
    struct Position {
        Quantity qty;
        Money fees;
        Quantity lots;  // the open lots' quantities summed
        std::int64_t lotCount = 0;
    };
    using PositionKey = std::pair<std::string, std::string>;  // strategy, symbol

    void checkIntegrity();
    void load();
    void loadJournal();
    void checkOrders();
    void checkFills();
    void checkPositions();
    void checkTrades();
    void checkEquity();
    void checkSymbolEquity(const std::string& symbol, Money initial, bool named);
    template <class T>
    T decimal(const std::string& text, const std::string& where);
    void problem(std::string text);

    std::unique_ptr<SqliteDb> m_db;
    VerifyReport m_report;
    std::map<std::string, Order> m_orders;
    std::vector<Fill> m_fills;  // ledger order
    std::vector<Trade> m_trades;
    std::set<std::string> m_groups;
    std::map<PositionKey, Position> m_positions;
    std::map<std::string, int> m_orderEntries;  // journal entries of kind "order" per order
    std::map<std::string, std::vector<std::pair<std::int64_t, std::string>>>
        m_fillEntries;  // fill id -> (entry id, order id) of kind "fill"
};

}  // namespace causeway::engine
