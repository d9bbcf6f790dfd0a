#include "engine/storage/run_verifier.h"

#include <algorithm>

#include "engine/storage/sqlite_db.h"

namespace causeway::engine {

namespace {

Quantity absolute(Quantity q) {
    return q < Quantity() ? -q : q;
}

std::string position(const std::pair<std::string, std::string>& key) {
    return "position " + key.first + "/" + key.second;
}

}  // namespace

RunVerifier::RunVerifier(const std::string& path)
    : m_db(std::make_unique<SqliteDb>(path, SqliteDb::Mode::kReadOnly)) {
    m_db->runSchemaVersion();
}

RunVerifier::~RunVerifier() = default;

void RunVerifier::problem(std::string text) {
    m_report.problems.push_back(std::move(text));
}

template <class T>
T RunVerifier::decimal(const std::string& text, const std::string& where) {
    const auto value = T::parse(text);
    if (!value) {
        problem(where + " is '" + text + "', not a decimal");
        return T();
    }
    return *value;
}

VerifyReport RunVerifier::verify() {
    m_report = VerifyReport{};
    checkIntegrity();
    if (!m_report.integrityErrors.empty()) {
        return m_report;
    }
    // One read transaction: a writer may be appending while we read.
    m_db->exec("BEGIN");
    load();
    checkOrders();
    checkFills();
    checkPositions();
    checkTrades();
    checkEquity();
    m_db->exec("COMMIT");
    return m_report;
}

void RunVerifier::checkIntegrity() {
    Statement q(*m_db, "PRAGMA integrity_check");
    while (q.step()) {
        if (q.text(0) != "ok") {
            m_report.integrityErrors.push_back(q.text(0));
        }
    }
}

void RunVerifier::load() {
    Statement orders(*m_db,
                     "SELECT order_id, trade_id, group_id, strategy, symbol, side, status, qty, "
                     "filled_qty FROM orders ORDER BY seq");
    while (orders.step()) {
        const std::string id = orders.text(0);
        m_orders[id] = {orders.text(1),
                        orders.text(2),
                        orders.text(3),
                        orders.text(4),
                        orders.text(5),
                        orders.text(6),
                        decimal<Quantity>(orders.text(7), "order " + id + ": qty"),
                        decimal<Quantity>(orders.text(8), "order " + id + ": filled_qty")};
    }
    Statement fills(*m_db, "SELECT fill_id, order_id, ts, price, qty, fee FROM fills ORDER BY seq");
    while (fills.step()) {
        const std::string id = fills.text(0);
        m_fills.push_back({id, fills.text(1), fills.int64(2),
                           decimal<Price>(fills.text(3), "fill " + id + ": price"),
                           decimal<Quantity>(fills.text(4), "fill " + id + ": qty"),
                           decimal<Money>(fills.text(5), "fill " + id + ": fee")});
    }
    Statement trades(*m_db,
                     "SELECT trade_id, side, status, qty, pnl, fees FROM trades ORDER BY seq");
    while (trades.step()) {
        const std::string id = trades.text(0);
        Trade trade{id,
                    trades.text(1),
                    trades.text(2),
                    decimal<Quantity>(trades.text(3), "trade " + id + ": qty"),
                    std::nullopt,
                    decimal<Money>(trades.text(5), "trade " + id + ": fees")};
        if (!trades.isNull(4)) {
            trade.pnl = decimal<Money>(trades.text(4), "trade " + id + ": pnl");
        }
        m_trades.push_back(std::move(trade));
    }
    Statement groups(*m_db, "SELECT group_id FROM execution_groups");
    while (groups.step()) {
        m_groups.insert(groups.text(0));
    }
    Statement positions(*m_db, "SELECT strategy, symbol, qty, fees FROM positions");
    while (positions.step()) {
        const PositionKey key{positions.text(0), positions.text(1)};
        m_positions[key] = {decimal<Quantity>(positions.text(2), position(key) + ": qty"),
                            decimal<Money>(positions.text(3), position(key) + ": fees"),
                            {},
                            0};
    }
    Statement lots(*m_db, "SELECT strategy, symbol, lot, qty FROM position_lots");
    while (lots.step()) {
        const PositionKey key{lots.text(0), lots.text(1)};
        const std::string where = position(key) + ": lot " + lots.text(2);
        const auto it = m_positions.find(key);
        if (it == m_positions.end()) {
            problem(where + ": of a position that does not exist");
            continue;
        }
        const Quantity qty = decimal<Quantity>(lots.text(3), where + ": qty");
        if (qty <= Quantity()) {
            problem(where + ": qty " + qty.toString() + " is not positive");
        }
        it->second.lots += qty;
        ++it->second.lotCount;
    }
    loadJournal();
    m_report.orders = static_cast<std::int64_t>(m_orders.size());
    m_report.fills = static_cast<std::int64_t>(m_fills.size());
    m_report.trades = static_cast<std::int64_t>(m_trades.size());
    m_report.positions = static_cast<std::int64_t>(m_positions.size());
}

void RunVerifier::loadJournal() {
    Statement count(*m_db, "SELECT count(*) FROM journal");
    count.step();
    m_report.journalEntries = count.int64(0);

    std::set<std::string> fillIds;
    for (const auto& fill : m_fills) {
        fillIds.insert(fill.id);
    }
    Statement q(*m_db,
                "SELECT entry_id, kind, order_id, fill_id FROM journal "
                "WHERE order_id IS NOT NULL OR fill_id IS NOT NULL ORDER BY entry_id");
    while (q.step()) {
        const std::int64_t entry = q.int64(0);
        const std::string kind = q.text(1);
        const std::string where = "journal entry " + std::to_string(entry) + " (" + kind + ")";
        const std::string orderId = q.isNull(2) ? std::string() : q.text(2);
        const std::string fillId = q.isNull(3) ? std::string() : q.text(3);
        if (!orderId.empty() && !m_orders.contains(orderId)) {
            problem(where + ": order " + orderId + " does not exist");
        }
        if (!fillId.empty() && !fillIds.contains(fillId)) {
            problem(where + ": fill " + fillId + " does not exist");
        }
        if (kind == "order" && !orderId.empty()) {
            ++m_orderEntries[orderId];
        } else if (kind == "fill" && !fillId.empty()) {
            m_fillEntries[fillId].emplace_back(entry, orderId);
        }
    }
}

void RunVerifier::checkOrders() {
    std::map<std::string, Quantity> filled;
    for (const auto& fill : m_fills) {
        filled[fill.orderId] += fill.qty;
    }
    std::set<std::string> tradeIds;
    for (const auto& trade : m_trades) {
        tradeIds.insert(trade.id);
    }
    for (const auto& [id, order] : m_orders) {
        const std::string where = "order " + id;
        const int entries = m_orderEntries.contains(id) ? m_orderEntries.at(id) : 0;
        if (entries == 0) {
            problem(where + ": no journal entry of kind 'order'");
        } else if (entries > 1) {
            problem(where + ": " + std::to_string(entries) + " journal entries of kind 'order'");
        }
        if (!tradeIds.contains(order.tradeId)) {
            problem(where + ": trade " + order.tradeId + " does not exist");
        }
        if (!m_groups.contains(order.groupId)) {
            problem(where + ": execution group " + order.groupId + " does not exist");
        }
        const Quantity sum = filled.contains(id) ? filled.at(id) : Quantity();
        if (order.filled != sum) {
            problem(where + ": filled_qty " + order.filled.toString() + " but its fills sum to " +
                    sum.toString());
        }
        const Quantity zero;
        bool consistent = order.filled <= order.qty && order.filled >= zero;
        if (order.status == "filled") {
            consistent = consistent && order.filled == order.qty;
        } else if (order.status == "partially_filled") {
            consistent = consistent && order.filled > zero && order.filled < order.qty;
        } else if (order.status == "new" || order.status == "accepted") {
            consistent = consistent && order.filled == zero;
        } else if (order.status != "cancelled" && order.status != "rejected" &&
                   order.status != "expired") {
            problem(where + ": unknown status '" + order.status + "'");
            continue;
        }
        if (!consistent) {
            problem(where + ": status " + order.status + " with filled_qty " +
                    order.filled.toString() + " of " + order.qty.toString());
        }
    }
}

void RunVerifier::checkFills() {
    for (const auto& fill : m_fills) {
        const std::string where = "fill " + fill.id;
        if (!m_orders.contains(fill.orderId)) {
            problem(where + ": order " + fill.orderId + " does not exist");
        }
        const auto entries = m_fillEntries.find(fill.id);
        if (entries == m_fillEntries.end()) {
            problem(where + ": no journal entry of kind 'fill'");
            continue;
        }
        for (const auto& [entry, orderId] : entries->second) {
            if (orderId != fill.orderId) {
                problem(where + ": journal entry " + std::to_string(entry) + " names order '" +
                        orderId + "', the fill belongs to " + fill.orderId);
            }
        }
    }
}

void RunVerifier::checkPositions() {
    for (const auto& [key, recorded] : m_positions) {
        const Quantity held = recorded.qty < Quantity() ? -recorded.qty : recorded.qty;
        if (recorded.lots != held) {
            problem(position(key) + ": qty " + recorded.qty.toString() + " but its " +
                    std::to_string(recorded.lotCount) + " open lots hold " +
                    recorded.lots.toString());
        }
    }
    std::map<PositionKey, Position> fromFills;
    for (const auto& fill : m_fills) {
        const auto order = m_orders.find(fill.orderId);
        if (order == m_orders.end()) {
            continue;
        }
        Position& p = fromFills[{order->second.strategy, order->second.symbol}];
        p.qty += order->second.side == "sell" ? -fill.qty : fill.qty;
        p.fees += fill.fee;
    }
    for (const auto& [key, derived] : fromFills) {
        const auto it = m_positions.find(key);
        if (it == m_positions.end()) {
            if (!derived.qty.isZero() || !derived.fees.isZero()) {
                problem(position(key) + ": missing, its fills sum to " + derived.qty.toString());
            }
            continue;
        }
        if (it->second.qty != derived.qty) {
            problem(position(key) + ": qty " + it->second.qty.toString() +
                    " but its fills sum to " + derived.qty.toString());
        }
        if (it->second.fees != derived.fees) {
            problem(position(key) + ": fees " + it->second.fees.toString() +
                    " but its fills' fees sum to " + derived.fees.toString());
        }
    }
    for (const auto& [key, recorded] : m_positions) {
        if (!fromFills.contains(key) && (!recorded.qty.isZero() || !recorded.fees.isZero())) {
            problem(position(key) + ": qty " + recorded.qty.toString() + " but it has no fill");
        }
    }
}

void RunVerifier::checkTrades() {
    struct Flows {
        Quantity entered, exited;
        Money entryNotional, exitNotional, fees;
        bool anyFill = false;
    };
    std::map<std::string, Flows> flows;
    std::map<std::string, const Trade*> tradeById;
    for (const auto& trade : m_trades) {
        tradeById[trade.id] = &trade;
    }
    for (const auto& fill : m_fills) {
        const auto order = m_orders.find(fill.orderId);
        if (order == m_orders.end() || !tradeById.contains(order->second.tradeId)) {
            continue;
        }
        const Trade& trade = *tradeById.at(order->second.tradeId);
        Flows& f = flows[trade.id];
        f.anyFill = true;
        f.fees += fill.fee;
        const bool entry = (order->second.side == "buy") == (trade.side == "long");
        (entry ? f.entered : f.exited) += fill.qty;
        (entry ? f.entryNotional : f.exitNotional) += notional(fill.price, fill.qty);
    }
    for (const auto& trade : m_trades) {
        const std::string where = "trade " + trade.id;
        const Flows f = flows.contains(trade.id) ? flows.at(trade.id) : Flows{};
        if (trade.fees != f.fees) {
            problem(where + ": fees " + trade.fees.toString() + " but its fills' fees sum to " +
                    f.fees.toString());
        }
        if (trade.status == "closed") {
            if (f.entered != f.exited || f.entered != trade.qty) {
                problem(where + ": closed with " + f.entered.toString() + " entered and " +
                        f.exited.toString() + " exited of " + trade.qty.toString());
            }
            const Money gain = f.exitNotional - f.entryNotional;
            const Money pnl = (trade.side == "long" ? gain : -gain) - f.fees;
            if (!trade.pnl) {
                problem(where + ": closed without pnl");
            } else if (*trade.pnl != pnl) {
                problem(where + ": pnl " + trade.pnl->toString() + " but its fills give " +
                        pnl.toString());
            }
        } else if (trade.status == "void") {
            if (f.anyFill) {
                problem(where + ": void but it has fills");
            }
        } else if (trade.status == "open") {
            if (!f.entered.isZero() && f.exited >= f.entered) {
                problem(where + ": open but " + f.exited.toString() + " of " +
                        f.entered.toString() + " exited");
            }
        } else {
            problem(where + ": unknown status '" + trade.status + "'");
        }
    }
}

namespace {

// Each symbol's starting cash: the initial cash with one symbol; with
// several, run_info's symbol_cash ("SP500=50000,MSFT=50000", a backtest's
// equal shares). Empty when the run does not say.
std::map<std::string, std::string> startingCash(const std::vector<std::string>& symbols,
                                                const std::string& initial,
                                                const std::string& shares) {
    std::map<std::string, std::string> cash;
    if (symbols.size() == 1) {
        cash[symbols.front()] = initial;
        return cash;
    }
    std::size_t start = 0;
    while (start < shares.size()) {
        const auto comma = std::min(shares.find(',', start), shares.size());
        const std::string part = shares.substr(start, comma - start);
        if (const auto eq = part.find('='); eq != std::string::npos) {
            cash[part.substr(0, eq)] = part.substr(eq + 1);
        }
        start = comma + 1;
    }
    return cash;
}

}  // namespace

void RunVerifier::checkEquity() {
    Statement count(*m_db, "SELECT count(*) FROM equity");
    count.step();
    m_report.equityRows = count.int64(0);
    Statement symbols(*m_db, "SELECT symbol FROM bars UNION SELECT symbol FROM orders");
    std::vector<std::string> symbolNames;
    while (symbols.step()) {
        symbolNames.push_back(symbols.text(0));
    }
    const auto info = [&](const char* key) -> std::optional<std::string> {
        Statement q(*m_db, "SELECT value FROM run_info WHERE key = ?1");
        q.bind(1, std::string(key));
        return q.step() ? std::optional<std::string>(q.text(0)) : std::nullopt;
    };
    const auto initial = info("initial_cash");
    if (!initial || symbolNames.empty()) {
        return;  // no starting point
    }
    const auto cash = startingCash(symbolNames, *initial, info("symbol_cash").value_or(""));
    for (const std::string& symbol : symbolNames) {
        if (!cash.contains(symbol)) {
            return;  // several executors whose shares of the cash the run does not say
        }
    }
    for (const std::string& symbol : symbolNames) {
        const auto start = Money::parse(cash.at(symbol));
        if (!start) {
            problem("run_info's starting cash of " + symbol + " is '" + cash.at(symbol) +
                    "', not a decimal");
            return;
        }
        checkSymbolEquity(symbol, *start, symbolNames.size() > 1);
    }
    m_report.equityChecked = true;
}

void RunVerifier::checkSymbolEquity(const std::string& symbol, Money initial, bool named) {
    std::vector<const Fill*> byTime;
    for (const auto& fill : m_fills) {
        if (const auto order = m_orders.find(fill.orderId);
            order != m_orders.end() && order->second.symbol == symbol) {
            byTime.push_back(&fill);
        }
    }
    std::stable_sort(byTime.begin(), byTime.end(),
                     [](const Fill* a, const Fill* b) { return a->ts < b->ts; });
    std::map<Timestamp, std::string> closes;
    Statement bars(*m_db, "SELECT ts, close FROM bars WHERE symbol = ?1");
    bars.bind(1, symbol);
    while (bars.step()) {
        closes.emplace(bars.int64(0), bars.text(1));
    }
    struct Mark {
        Timestamp ts;
        std::string cash, equity;
    };
    std::vector<Mark> marks;
    Statement rows(*m_db, "SELECT ts, cash, equity FROM equity WHERE symbol = ?1 ORDER BY ts");
    rows.bind(1, symbol);
    while (rows.step()) {
        marks.push_back({rows.int64(0), rows.text(1), rows.text(2)});
    }
    Money cash = initial;
    Quantity held;
    std::size_t next = 0;
    for (std::size_t m = 0; m < marks.size(); ++m) {
        // A mark is the bar's close: the fills before the next bar are in it
        // (trade prints inside a bar fill after the bar's own time).
        const Timestamp ts = marks[m].ts;
        const auto inBar = [&](Timestamp fillTs) {
            return m + 1 < marks.size() ? fillTs < marks[m + 1].ts : true;
        };
        for (; next < byTime.size() && inBar(byTime[next]->ts); ++next) {
            const Fill& fill = *byTime[next];
            const bool sell = m_orders.at(fill.orderId).side == "sell";
            const Money value = notional(fill.price, fill.qty);
            cash += sell ? value : -value;
            cash -= fill.fee;
            held += sell ? -fill.qty : fill.qty;
        }
        const std::string where =
            "equity" + (named ? " of " + symbol : std::string()) + " at " + formatIso8601(ts);
        const Money recordedCash = decimal<Money>(marks[m].cash, where + ": cash");
        if (recordedCash != cash) {
            problem(where + ": cash " + recordedCash.toString() +
                    " but the initial cash and the fills give " + cash.toString());
        }
        const auto bar = closes.find(ts);
        if (bar == closes.end()) {
            continue;
        }
        const Price close = decimal<Price>(bar->second, where + ": close");
        const Money value = notional(close, absolute(held));
        const Money equity = cash + (held < Quantity() ? -value : value);
        const Money recordedEquity = decimal<Money>(marks[m].equity, where + ": equity");
        if (recordedEquity != equity) {
            problem(where + ": equity " + recordedEquity.toString() +
                    " but cash and the position at the close give " + equity.toString());
        }
    }
}

}  // namespace causeway::engine
