#include "engine/storage/run_reader.h"

#include <QCryptographicHash>
#include <QJsonDocument>

#include <algorithm>
#include <stdexcept>

#include "engine/storage/schema.h"
#include "engine/storage/slippage.h"
#include "engine/storage/sqlite_db.h"
#include "engine/storage/storage_error.h"

namespace causeway::engine {

namespace {

template <class T>
T parseExact(const Statement& row, int column, const SqliteDb& db) {
    const std::string text = row.text(column);
    const auto value = T::parse(text);
    if (!value) {
        throw StorageError(db.path() + ": corrupt decimal '" + text + "' in the ledger");
    }
    return *value;
}

template <class T>
std::optional<T> parseOptional(const Statement& row, int column, const SqliteDb& db) {
    if (row.isNull(column)) {
        return std::nullopt;
    }
    return parseExact<T>(row, column, db);
}

QJsonObject parseJson(const std::string& text) {
    return QJsonDocument::fromJson(QByteArray::fromStdString(text)).object();
}

QString str(const std::string& text) {
    return QString::fromStdString(text);
}
QString iso(Timestamp ts) {
    return str(formatIso8601(ts));
}

constexpr const char* kOrderColumns =
    "SELECT order_id, trade_id, group_id, strategy, symbol, side, type, qty, filled_qty, status, "
    "decision_price, created_ts, updated_ts, tif, limit_price, stop_price, trail_amount, "
    "trail_bps, valid_bars, parent_id, oco_group FROM orders ";

std::optional<std::string> optionalText(const Statement& q, int column) {
    return q.isNull(column) ? std::nullopt : std::optional(q.text(column));
}

OrderRow readOrder(const Statement& q, const SqliteDb& db) {
    return {q.text(0),
            q.text(1),
            q.text(2),
            q.text(3),
            q.text(4),
            q.text(5),
            q.text(6),
            parseExact<Quantity>(q, 7, db),
            parseExact<Quantity>(q, 8, db),
            q.text(9),
            parseOptional<Price>(q, 10, db),
            q.int64(11),
            q.int64(12),
            q.text(13),
            parseOptional<Price>(q, 14, db),
            parseOptional<Price>(q, 15, db),
            parseOptional<Price>(q, 16, db),
            parseOptional<Price>(q, 17, db),
            static_cast<int>(q.int64(18)),
            optionalText(q, 19),
            optionalText(q, 20)};
}

void requireOneOf(const std::optional<std::string>& value, const char* what, const char* listing,
                  std::initializer_list<const char*> valid) {
    if (!value) {
        return;
    }
    std::string expected;
    for (const char* v : valid) {
        if (*value == v) {
            return;
        }
        expected += (expected.empty() ? "" : ", ") + std::string(v);
    }
    throw std::invalid_argument("invalid " + std::string(what) + " '" + *value + "' for " +
                                listing + ": expected one of " + expected);
}

// Binds symbol, strategy, status, side, from, to as ?1..?6.
void bindFilter(Statement& q, const LedgerFilter& f) {
    q.bind(1, f.symbol).bind(2, f.strategy).bind(3, f.status).bind(4, f.side);
    q.bind(5, f.from).bind(6, f.to);
}

FillRow readFill(const Statement& q, const SqliteDb& db) {
    return {q.text(0),
            q.text(1),
            q.int64(2),
            parseExact<Price>(q, 3, db),
            parseExact<Quantity>(q, 4, db),
            parseExact<Money>(q, 5, db),
            q.text(6)};
}

// ?1 an order id, or NULL for every order. Columns: order id, the open of
// the first bar after the order was placed, and the close of the bar it was
// placed at when it also filled then.
constexpr const char* kArrivalSql =
    "SELECT o.order_id, "
    "  (SELECT b.open FROM bars AS b WHERE b.symbol = o.symbol AND b.ts > o.created_ts "
    "   ORDER BY b.ts LIMIT 1), "
    "  CASE WHEN EXISTS (SELECT 1 FROM fills AS f WHERE f.order_id = o.order_id "
    "                    AND f.ts = o.created_ts) "
    "  THEN (SELECT b.close FROM bars AS b WHERE b.symbol = o.symbol AND b.ts = o.created_ts "
    "        ORDER BY b.timeframe LIMIT 1) END "
    "FROM orders AS o WHERE ?1 IS NULL OR o.order_id = ?1";

std::optional<Price> readArrival(const Statement& q, const SqliteDb& db) {
    if (const auto sameBarClose = parseOptional<Price>(q, 2, db)) {
        return sameBarClose;
    }
    return parseOptional<Price>(q, 1, db);
}

}  // namespace

RunReader::RunReader(const std::string& path) {
    m_db = std::make_unique<SqliteDb>(path, SqliteDb::Mode::kReadOnly);
    if (m_db->runSchemaVersion() < schema::kVersion) {
        m_db.reset();
        SqliteDb(path, SqliteDb::Mode::kReadWrite).migrate();
        m_db = std::make_unique<SqliteDb>(path, SqliteDb::Mode::kReadOnly);
    }
}

RunReader::~RunReader() = default;

std::map<std::string, std::string> RunReader::runInfo() const {
    std::map<std::string, std::string> info;
    Statement q(*m_db, "SELECT key, value FROM run_info");
    while (q.step()) {
        info[q.text(0)] = q.text(1);
    }
    return info;
}

std::vector<BarRow> RunReader::bars(Timestamp after) const {
    std::vector<BarRow> rows;
    Statement q(*m_db,
                "SELECT symbol, timeframe, ts, open, high, low, close, volume FROM bars WHERE ts > "
                "?1 ORDER BY ts");
    q.bind(1, after);
    while (q.step()) {
        rows.push_back({q.text(0), q.text(1), q.int64(2), parseExact<Price>(q, 3, *m_db),
                        parseExact<Price>(q, 4, *m_db), parseExact<Price>(q, 5, *m_db),
                        parseExact<Price>(q, 6, *m_db), parseExact<Quantity>(q, 7, *m_db)});
    }
    return rows;
}

std::vector<OrderRow> RunReader::listOrders(const LedgerFilter& filter) const {
    requireOneOf(
        filter.status, "status", "orders",
        {"new", "accepted", "partially_filled", "filled", "cancelled", "rejected", "expired"});
    requireOneOf(filter.side, "side", "orders", {"buy", "sell"});
    std::vector<OrderRow> rows;
    Statement q(*m_db, (std::string(kOrderColumns) +
                        "WHERE (?1 IS NULL OR symbol = ?1) AND (?2 IS NULL OR strategy = ?2) "
                        "AND (?3 IS NULL OR status = ?3) AND (?4 IS NULL OR side = ?4) "
                        "AND (?5 IS NULL OR created_ts >= ?5) AND (?6 IS NULL OR created_ts < ?6) "
                        "ORDER BY seq")
                           .c_str());
    bindFilter(q, filter);
    while (q.step()) {
        rows.push_back(readOrder(q, *m_db));
    }
    return rows;
}

std::optional<OrderRow> RunReader::order(const std::string& orderId) const {
    Statement q(*m_db, (std::string(kOrderColumns) + "WHERE order_id = ?1").c_str());
    q.bind(1, orderId);
    if (!q.step()) {
        return std::nullopt;
    }
    return readOrder(q, *m_db);
}

std::vector<FillRow> RunReader::fills(const std::string& orderId) const {
    std::vector<FillRow> rows;
    Statement q(*m_db,
                "SELECT fill_id, order_id, ts, price, qty, fee, liquidity FROM fills "
                "WHERE ?1 IS NULL OR order_id = ?1 ORDER BY seq");
    q.bind(1, orderId.empty() ? std::nullopt : std::optional(orderId));
    while (q.step()) {
        rows.push_back(readFill(q, *m_db));
    }
    return rows;
}

std::vector<FillRow> RunReader::listFills(const LedgerFilter& filter) const {
    if (filter.status) {
        throw std::invalid_argument("fills have no status to filter by");
    }
    requireOneOf(filter.side, "side", "fills", {"buy", "sell"});
    std::vector<FillRow> rows;
    Statement q(
        *m_db,
        "SELECT f.fill_id, f.order_id, f.ts, f.price, f.qty, f.fee, f.liquidity FROM fills AS f "
        "JOIN orders AS o ON o.order_id = f.order_id "
        "WHERE (?1 IS NULL OR o.symbol = ?1) AND (?2 IS NULL OR o.strategy = ?2) "
        "AND ?3 IS NULL AND (?4 IS NULL OR o.side = ?4) "
        "AND (?5 IS NULL OR f.ts >= ?5) AND (?6 IS NULL OR f.ts < ?6) ORDER BY f.seq");
    bindFilter(q, filter);
    while (q.step()) {
        rows.push_back(readFill(q, *m_db));
    }
    return rows;
}

std::vector<TradeRow> RunReader::trades(bool closedOnly) const {
    LedgerFilter filter;
    if (closedOnly) {
        filter.status = "closed";
    }
    return listTrades(filter);
}

std::vector<TradeRow> RunReader::listTrades(const LedgerFilter& filter) const {
    requireOneOf(filter.status, "status", "trades", {"open", "closed", "void"});
    requireOneOf(filter.side, "side", "trades", {"long", "short"});
    std::vector<TradeRow> rows;
    Statement q(*m_db,
                "SELECT trade_id, strategy, symbol, side, status, qty, entry_ts, entry_price, "
                "exit_ts, exit_price, pnl, fees FROM trades "
                "WHERE (?1 IS NULL OR symbol = ?1) AND (?2 IS NULL OR strategy = ?2) "
                "AND (?3 IS NULL OR status = ?3) AND (?4 IS NULL OR side = ?4) "
                "AND (?5 IS NULL OR entry_ts >= ?5) AND (?6 IS NULL OR entry_ts < ?6) "
                "ORDER BY seq");
    bindFilter(q, filter);
    Statement orderIds(*m_db, "SELECT order_id FROM orders WHERE trade_id = ?1 ORDER BY seq");
    while (q.step()) {
        TradeRow row{q.text(0),
                     q.text(1),
                     q.text(2),
                     q.text(3),
                     q.text(4),
                     parseExact<Quantity>(q, 5, *m_db),
                     q.isNull(6) ? std::nullopt : std::optional(q.int64(6)),
                     parseOptional<Price>(q, 7, *m_db),
                     q.isNull(8) ? std::nullopt : std::optional(q.int64(8)),
                     parseOptional<Price>(q, 9, *m_db),
                     parseOptional<Money>(q, 10, *m_db),
                     parseExact<Money>(q, 11, *m_db),
                     {}};
        orderIds.bind(1, row.tradeId);
        while (orderIds.step()) {
            row.orderIds.push_back(orderIds.text(0));
        }
        orderIds.reset();
        rows.push_back(std::move(row));
    }
    return rows;
}

std::vector<EquityRow> RunReader::equity() const {
    std::vector<EquityRow> rows;
    Statement q(*m_db, "SELECT ts, cash, equity, symbol FROM equity ORDER BY ts, symbol");
    while (q.step()) {
        rows.push_back({q.int64(0), parseExact<Money>(q, 1, *m_db), parseExact<Money>(q, 2, *m_db),
                        q.text(3)});
    }
    return rows;
}

std::vector<PositionRow> RunReader::positions() const {
    std::vector<PositionRow> rows;
    Statement q(*m_db,
                "SELECT strategy, symbol, qty, avg_price, realized_pnl, realized_pnl_fifo, fees, "
                "updated_ts FROM positions ORDER BY strategy, symbol");
    Statement lots(*m_db,
                   "SELECT fill_id, ts, price, qty FROM position_lots "
                   "WHERE strategy = ?1 AND symbol = ?2 ORDER BY lot");
    while (q.step()) {
        PositionRow row{q.text(0),
                        q.text(1),
                        parseExact<Quantity>(q, 2, *m_db),
                        parseExact<Price>(q, 3, *m_db),
                        parseExact<Money>(q, 4, *m_db),
                        parseExact<Money>(q, 5, *m_db),
                        parseExact<Money>(q, 6, *m_db),
                        q.int64(7),
                        {}};
        lots.bind(1, row.strategy).bind(2, row.symbol);
        while (lots.step()) {
            row.lots.push_back({lots.text(0), lots.int64(1), parseExact<Price>(lots, 2, *m_db),
                                parseExact<Quantity>(lots, 3, *m_db)});
        }
        lots.reset();
        rows.push_back(std::move(row));
    }
    return rows;
}

std::map<std::string, Price> RunReader::lastCloses() const {
    std::map<std::string, Price> closes;
    Statement q(*m_db,
                "SELECT b.symbol, b.close FROM bars AS b "
                "WHERE b.ts = (SELECT max(ts) FROM bars WHERE symbol = b.symbol)");
    while (q.step()) {
        closes[q.text(0)] = parseExact<Price>(q, 1, *m_db);
    }
    return closes;
}

std::vector<JournalRow> RunReader::journal(const std::string& orderId) const {
    std::vector<JournalRow> rows;
    Statement q(*m_db,
                "SELECT entry_id, kind, ts, order_id, fill_id, causality, context FROM journal "
                "WHERE ?1 IS NULL OR order_id = ?1 ORDER BY entry_id");
    q.bind(1, orderId.empty() ? std::nullopt : std::optional(orderId));
    while (q.step()) {
        rows.push_back({q.int64(0), q.text(1), q.int64(2),
                        q.isNull(3) ? std::nullopt : std::optional(q.text(3)),
                        q.isNull(4) ? std::nullopt : std::optional(q.text(4)), parseJson(q.text(5)),
                        parseJson(q.text(6))});
    }
    return rows;
}

std::map<std::string, Price> RunReader::arrivalPrices() const {
    std::map<std::string, Price> prices;
    Statement q(*m_db, kArrivalSql);
    q.bindNull(1);
    while (q.step()) {
        if (const auto price = readArrival(q, *m_db)) {
            prices.emplace(q.text(0), *price);
        }
    }
    return prices;
}

std::optional<Price> RunReader::arrivalPrice(const std::string& orderId) const {
    Statement q(*m_db, kArrivalSql);
    q.bind(1, orderId);
    return q.step() ? readArrival(q, *m_db) : std::nullopt;
}

std::vector<OrderCause> RunReader::orderCauses() const {
    std::vector<OrderCause> causes;
    Statement q(
        *m_db,
        "SELECT order_id, trade_id, strategy, symbol, side, origin_type, origin_id, regime, "
        "algorithm, signal_count, signal_types FROM order_causes ORDER BY seq");
    while (q.step()) {
        OrderCause cause{q.text(0),          q.text(1),          q.text(2),
                         q.text(3),          q.text(4),          optionalText(q, 5),
                         optionalText(q, 6), optionalText(q, 7), optionalText(q, 8),
                         std::nullopt};
        if (!q.isNull(9)) {
            std::vector<std::string> types;
            if (q.int64(9) > 0) {
                const std::string list = q.text(10);
                for (std::size_t start = 0;;) {
                    const std::size_t comma = std::min(list.find(',', start), list.size());
                    types.push_back(list.substr(start, comma - start));
                    if (comma == list.size()) {
                        break;
                    }
                    start = comma + 1;
                }
            }
            cause.signalTypes = std::move(types);
        }
        causes.push_back(std::move(cause));
    }
    return causes;
}

QJsonArray RunReader::tradesJson() const {
    LedgerFilter closed;
    closed.status = "closed";
    return tradesJson(closed);
}

QJsonArray RunReader::tradesJson(const LedgerFilter& filter) const {
    QJsonArray array;
    for (const auto& t : listTrades(filter)) {
        QJsonArray orderIds;
        for (const auto& id : t.orderIds) {
            orderIds.append(str(id));
        }
        array.append(QJsonObject{
            {QStringLiteral("trade_id"), str(t.tradeId)},
            {QStringLiteral("strategy"), str(t.strategy)},
            {QStringLiteral("symbol"), str(t.symbol)},
            {QStringLiteral("side"), str(t.side)},
            {QStringLiteral("qty"), t.qty.toDouble()},
            {QStringLiteral("entry_time"), iso(t.entryTs.value_or(0))},
            {QStringLiteral("entry_price"), t.entryPrice ? t.entryPrice->toDouble() : 0.0},
            {QStringLiteral("exit_time"), iso(t.exitTs.value_or(0))},
            {QStringLiteral("exit_price"), t.exitPrice ? t.exitPrice->toDouble() : 0.0},
            {QStringLiteral("pnl"), t.pnl ? t.pnl->toDouble() : 0.0},
            {QStringLiteral("fees"), t.fees.toDouble()},
            {QStringLiteral("order_ids"), orderIds},
        });
    }
    return array;
}

std::optional<QJsonObject> RunReader::storyJson(const std::string& orderId) const {
    const auto order = this->order(orderId);
    if (!order) {
        return std::nullopt;
    }
    QJsonObject causality;
    QJsonObject context;
    std::map<std::string, double> slippage;
    QJsonArray events;  // what happened to the order besides its fills
    for (const auto& entry : journal(orderId)) {
        if (entry.kind != "order" && entry.kind != "fill") {
            QJsonObject event = entry.context;
            event[QStringLiteral("kind")] = str(entry.kind);
            event[QStringLiteral("time")] = iso(entry.ts);
            events.append(event);
        } else if (entry.kind == "order") {
            causality = entry.causality;
            context = entry.context;
        } else if (entry.kind == "fill") {
            causality = entry.causality;  // the latest chain carries the fill ids too
            if (entry.fillId && entry.context.contains(QStringLiteral("slippage_bps"))) {
                slippage[*entry.fillId] =
                    entry.context.value(QStringLiteral("slippage_bps")).toDouble();
            }
        }
    }
    const std::optional<Price> arrival = arrivalPrice(orderId);
    QJsonArray fillArray;
    for (const auto& f : fills(orderId)) {
        QJsonObject fill{{QStringLiteral("fill_id"), str(f.fillId)},
                         {QStringLiteral("time"), iso(f.ts)},
                         {QStringLiteral("price"), f.price.toDouble()},
                         {QStringLiteral("qty"), f.qty.toDouble()},
                         {QStringLiteral("fee"), f.fee.toDouble()},
                         {QStringLiteral("liquidity"), str(f.liquidity)}};
        if (order->decisionPrice) {
            fill[QStringLiteral("slippage")] = (f.price - *order->decisionPrice).toDouble();
            fill[QStringLiteral("slippage_bps")] =
                slippageBps(order->side, *order->decisionPrice, f.price);
        } else if (const auto it = slippage.find(f.fillId); it != slippage.end()) {
            fill[QStringLiteral("slippage_bps")] = it->second;
        }
        fill[QStringLiteral("arrival_price")] =
            arrival ? QJsonValue(arrival->toDouble()) : QJsonValue();
        fill[QStringLiteral("arrival_slippage_bps")] =
            arrival ? QJsonValue(slippageBps(order->side, *arrival, f.price)) : QJsonValue();
        fillArray.append(fill);
    }
    QJsonObject story{
        {QStringLiteral("order_id"), str(order->orderId)},
        {QStringLiteral("trade_id"), str(order->tradeId)},
        {QStringLiteral("causality"), causality},
        {QStringLiteral("context"), context},
        {QStringLiteral("origin"), causality.value(QStringLiteral("origin"))},
        {QStringLiteral("signals"), context.value(QStringLiteral("signals"))},
        {QStringLiteral("risks"), context.value(QStringLiteral("risks"))},
        {QStringLiteral("directive"), context.value(QStringLiteral("directive"))},
        {QStringLiteral("plans"), context.value(QStringLiteral("plans"))},
        {QStringLiteral("order"),
         QJsonObject{
             {QStringLiteral("symbol"), str(order->symbol)},
             {QStringLiteral("strategy"), str(order->strategy)},
             {QStringLiteral("side"), str(order->side)},
             {QStringLiteral("type"), str(order->type)},
             {QStringLiteral("qty"), order->qty.toDouble()},
             {QStringLiteral("filled_qty"), order->filledQty.toDouble()},
             {QStringLiteral("status"), str(order->status)},
             {QStringLiteral("decision_price"),
              order->decisionPrice ? QJsonValue(order->decisionPrice->toDouble()) : QJsonValue()},
             {QStringLiteral("arrival_price"),
              arrival ? QJsonValue(arrival->toDouble()) : QJsonValue()},
             {QStringLiteral("created_time"), iso(order->createdTs)},
             {QStringLiteral("updated_time"), iso(order->updatedTs)},
             {QStringLiteral("time_in_force"), str(order->tif)}}},
        {QStringLiteral("fills"), fillArray},
        {QStringLiteral("events"), events},
    };
    QJsonObject terms = story.value(QStringLiteral("order")).toObject();
    const auto put = [&](const char* key, const std::optional<Price>& price) {
        if (price) {
            terms[QLatin1String(key)] = price->toDouble();
        }
    };
    put("limit_price", order->limitPrice);
    put("stop_price", order->stopPrice);
    put("trail_amount", order->trailAmount);
    put("trail_bps", order->trailBps);
    if (order->validBars > 0) {
        terms[QStringLiteral("valid_bars")] = order->validBars;
    }
    if (order->parentId) {
        terms[QStringLiteral("parent_id")] = str(*order->parentId);
    }
    if (order->ocoGroup) {
        terms[QStringLiteral("oco_group")] = str(*order->ocoGroup);
    }
    story[QStringLiteral("order")] = terms;
    return story;
}

std::string RunReader::ledgerHash() const {
    // Every ledger table, in key order, each value with its length so that
    // no two different ledgers serialize alike. The journal is left out on
    // purpose: it records why, not what, and holds floating-point context.
    static constexpr const char* kTables[][2] = {
        {"trades", "trade_id"},
        {"execution_groups", "group_id"},
        {"orders", "order_id"},
        {"fills", "fill_id"},
        {"positions", "strategy, symbol"},
        {"equity", "symbol, ts"},
        {"position_lots", "strategy, symbol, lot"},
    };
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const auto& [table, key] : kTables) {
        hash.addData(QByteArray(table));
        const std::string sql = std::string("SELECT * FROM ") + table + " ORDER BY " + key;
        Statement q(*m_db, sql.c_str());
        while (q.step()) {
            std::string row;
            for (int c = 0; c < q.columnCount(); ++c) {
                const std::string value = q.isNull(c) ? std::string("\x01") : q.text(c);
                row += std::to_string(value.size()) + ':' + value + '|';
            }
            row += '\n';
            hash.addData(QByteArrayView(row.data(), static_cast<qsizetype>(row.size())));
        }
    }
    return hash.result().toHex().toStdString();
}

}  // namespace causeway::engine
