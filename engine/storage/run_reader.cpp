#include "engine/storage/run_reader.h"

#include <QCryptographicHash>
#include <QJsonDocument>

#include <cmath>

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

}  // namespace

RunReader::RunReader(const std::string& path) {
    m_db = std::make_unique<SqliteDb>(path, SqliteDb::Mode::kReadOnly);
    // a run file missing the ledger is not a run file
    Statement check(
        *m_db,
        "SELECT count(*) FROM sqlite_master WHERE type='table' AND name IN ('orders','journal')");
    check.step();
    if (check.int64(0) != 2) {
        throw StorageError(path + ": not a Causeway run database (no ledger tables)");
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

namespace {
constexpr const char* kOrderColumns =
    "SELECT order_id, trade_id, group_id, strategy, symbol, side, type, qty, filled_qty, status, "
    "decision_price, created_ts, updated_ts FROM orders ";

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
            q.int64(12)};
}
}  // namespace

std::vector<OrderRow> RunReader::orders() const {
    std::vector<OrderRow> rows;
    Statement q(*m_db, (std::string(kOrderColumns) + "ORDER BY seq").c_str());
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
                "SELECT fill_id, order_id, ts, price, qty, fee FROM fills "
                "WHERE ?1 IS NULL OR order_id = ?1 ORDER BY seq");
    q.bind(1, orderId.empty() ? std::nullopt : std::optional(orderId));
    while (q.step()) {
        rows.push_back({q.text(0), q.text(1), q.int64(2), parseExact<Price>(q, 3, *m_db),
                        parseExact<Quantity>(q, 4, *m_db), parseExact<Money>(q, 5, *m_db)});
    }
    return rows;
}

std::vector<TradeRow> RunReader::trades(bool closedOnly) const {
    std::vector<TradeRow> rows;
    Statement q(
        *m_db,
        "SELECT trade_id, strategy, symbol, side, status, qty, entry_ts, entry_price, exit_ts, "
        "exit_price, pnl, fees FROM trades WHERE ?1 = 0 OR status = 'closed' ORDER BY seq");
    q.bind(1, std::int64_t{closedOnly ? 1 : 0});
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
    Statement q(*m_db, "SELECT ts, cash, equity FROM equity ORDER BY ts");
    while (q.step()) {
        rows.push_back(
            {q.int64(0), parseExact<Money>(q, 1, *m_db), parseExact<Money>(q, 2, *m_db)});
    }
    return rows;
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

QJsonArray RunReader::tradesJson() const {
    QJsonArray array;
    for (const auto& t : trades(true)) {
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
    for (const auto& entry : journal(orderId)) {
        if (entry.kind == "order") {
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
    QJsonArray fillArray;
    for (const auto& f : fills(orderId)) {
        QJsonObject fill{{QStringLiteral("fill_id"), str(f.fillId)},
                         {QStringLiteral("time"), iso(f.ts)},
                         {QStringLiteral("price"), f.price.toDouble()},
                         {QStringLiteral("qty"), f.qty.toDouble()},
                         {QStringLiteral("fee"), f.fee.toDouble()}};
        if (order->decisionPrice) {
            fill[QStringLiteral("slippage")] = (f.price - *order->decisionPrice).toDouble();
        }
        if (const auto it = slippage.find(f.fillId); it != slippage.end()) {
            fill[QStringLiteral("slippage_bps")] = it->second;
        }
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
             {QStringLiteral("created_time"), iso(order->createdTs)},
             {QStringLiteral("updated_time"), iso(order->updatedTs)}}},
        {QStringLiteral("fills"), fillArray},
    };
    return story;
}

std::string RunReader::ledgerHash() const {
    // Every ledger table, in key order, each value with its length so that
    // no two different ledgers serialize alike. The journal is left out on
    // purpose: it records why, not what, and holds floating-point context.
    static constexpr const char* kTables[][2] = {
        {"trades", "trade_id"}, {"execution_groups", "group_id"},  {"orders", "order_id"},
        {"fills", "fill_id"},   {"positions", "strategy, symbol"}, {"equity", "ts"},
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
