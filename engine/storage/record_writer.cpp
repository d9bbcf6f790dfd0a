#include "engine/storage/record_writer.h"

#include "engine/storage/json_text.h"
#include "engine/storage/sqlite_db.h"

namespace causeway::engine {

namespace {

template <class T>
std::optional<std::string> text(const std::optional<T>& value) {
    return value ? std::optional<std::string>(value->toString()) : std::nullopt;
}

std::optional<std::string> nonEmpty(const std::string& value) {
    return value.empty() ? std::nullopt : std::optional(value);
}

}  // namespace

struct RecordWriter::Statements {
    explicit Statements(const SqliteDb& db)
        : runInfo(db,
                  "INSERT INTO run_info(key, value) VALUES (?1, ?2) "
                  "ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
          bar(db,
              "INSERT INTO bars(symbol, timeframe, ts, open, high, low, close, volume) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
              "ON CONFLICT(symbol, timeframe, ts) DO UPDATE SET open = excluded.open, "
              "high = excluded.high, low = excluded.low, close = excluded.close, "
              "volume = excluded.volume"),
          // Upserts, not INSERT OR REPLACE: a replace deletes the row first,
          // which makes SQLite check every child row of the foreign keys.
          trade(db,
                "INSERT INTO trades(trade_id, strategy, symbol, side, status, qty, entry_ts, "
                "entry_price, exit_ts, exit_price, pnl, fees, seq) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13) "
                "ON CONFLICT(trade_id) DO UPDATE SET strategy = excluded.strategy, "
                "symbol = excluded.symbol, side = excluded.side, status = excluded.status, "
                "qty = excluded.qty, entry_ts = excluded.entry_ts, "
                "entry_price = excluded.entry_price, exit_ts = excluded.exit_ts, "
                "exit_price = excluded.exit_price, pnl = excluded.pnl, fees = excluded.fees, "
                "seq = excluded.seq"),
          group(db,
                "INSERT INTO execution_groups(group_id, trade_id, purpose, ts) "
                "VALUES (?1, ?2, ?3, ?4)"),
          order(db,
                "INSERT INTO orders(order_id, trade_id, group_id, strategy, symbol, side, type, "
                "qty, filled_qty, status, decision_price, created_ts, updated_ts, seq, tif, "
                "limit_price, stop_price, trail_amount, trail_bps, valid_bars, parent_id, "
                "oco_group) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
                "?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22) "
                "ON CONFLICT(order_id) DO UPDATE SET trade_id = excluded.trade_id, "
                "group_id = excluded.group_id, strategy = excluded.strategy, "
                "symbol = excluded.symbol, side = excluded.side, type = excluded.type, "
                "qty = excluded.qty, filled_qty = excluded.filled_qty, "
                "status = excluded.status, decision_price = excluded.decision_price, "
                "created_ts = excluded.created_ts, updated_ts = excluded.updated_ts, "
                "seq = excluded.seq, tif = excluded.tif, limit_price = excluded.limit_price, "
                "stop_price = excluded.stop_price, trail_amount = excluded.trail_amount, "
                "trail_bps = excluded.trail_bps, valid_bars = excluded.valid_bars, "
                "parent_id = excluded.parent_id, oco_group = excluded.oco_group"),
          fill(db,
               "INSERT INTO fills(fill_id, order_id, ts, price, qty, fee, seq, liquidity) "
               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
          position(db,
                   "INSERT INTO positions(strategy, symbol, qty, avg_price, realized_pnl, fees, "
                   "updated_ts, realized_pnl_fifo) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) "
                   "ON CONFLICT(strategy, symbol) DO UPDATE SET qty = excluded.qty, "
                   "avg_price = excluded.avg_price, realized_pnl = excluded.realized_pnl, "
                   "fees = excluded.fees, updated_ts = excluded.updated_ts, "
                   "realized_pnl_fifo = excluded.realized_pnl_fifo"),
          clearLots(db, "DELETE FROM position_lots WHERE strategy = ?1 AND symbol = ?2"),
          lot(db,
              "INSERT INTO position_lots(strategy, symbol, lot, fill_id, ts, price, qty) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
          equity(db,
                 "INSERT INTO equity(symbol, ts, cash, equity) VALUES (?1, ?2, ?3, ?4) "
                 "ON CONFLICT(symbol, ts) DO UPDATE SET cash = excluded.cash, "
                 "equity = excluded.equity"),
          journal(db,
                  "INSERT INTO journal(kind, ts, order_id, fill_id, causality, context) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)") {}

    Statement runInfo, bar, trade, group, order, fill, position, clearLots, lot, equity, journal;
};

RecordWriter::RecordWriter(const SqliteDb& db) : m_statements(std::make_unique<Statements>(db)) {}

RecordWriter::~RecordWriter() = default;

std::string RecordWriter::rowKey(const LedgerRecord& record) {
    return std::visit(
        [](const auto& r) -> std::string {
            using T = std::decay_t<decltype(r)>;
            if constexpr (std::is_same_v<T, TradeRecord>) {
                return "T" + r.tradeId;
            } else if constexpr (std::is_same_v<T, OrderRecord>) {
                return "O" + r.order.id;
            } else if constexpr (std::is_same_v<T, PositionRecord>) {
                return "P" + r.strategy + '\x1f' + r.symbol.name();
            } else if constexpr (std::is_same_v<T, EquityRecord>) {
                // the equity table's key: one mark per symbol and close
                return "E" + r.symbol.name() + '\x1f' + std::to_string(r.ts);
            } else if constexpr (std::is_same_v<T, RunInfoRecord>) {
                return "R" + r.key;
            } else {
                return {};
            }
        },
        record);
}

void RecordWriter::write(const LedgerRecord& record) {
    Statements& s = *m_statements;
    std::visit(
        [&](const auto& r) {
            using T = std::decay_t<decltype(r)>;
            if constexpr (std::is_same_v<T, RunInfoRecord>) {
                s.runInfo.bind(1, r.key).bind(2, r.value).step();
                s.runInfo.reset();
            } else if constexpr (std::is_same_v<T, BarRecord>) {
                const Candle& b = r.bar;
                s.bar.bind(1, b.symbol.name()).bind(2, b.timeframe.label()).bind(3, b.ts);
                s.bar.bind(4, b.open.toString()).bind(5, b.high.toString());
                s.bar.bind(6, b.low.toString()).bind(7, b.close.toString());
                s.bar.bind(8, b.volume.toString()).step();
                s.bar.reset();
            } else if constexpr (std::is_same_v<T, TradeRecord>) {
                s.trade.bind(1, r.tradeId).bind(2, r.strategy).bind(3, r.symbol.name());
                s.trade.bind(4, std::string(r.side == Side::kBuy ? "long" : "short"));
                s.trade.bind(5, std::string(toString(r.status))).bind(6, r.qty.toString());
                s.trade.bind(7, r.entryTs).bind(8, text(r.entryPrice)).bind(9, r.exitTs);
                s.trade.bind(10, text(r.exitPrice)).bind(11, text(r.pnl));
                s.trade.bind(12, r.fees.toString()).bind(13, r.seq).step();
                s.trade.reset();
            } else if constexpr (std::is_same_v<T, GroupRecord>) {
                s.group.bind(1, r.groupId).bind(2, r.tradeId).bind(3, r.purpose).bind(4, r.ts);
                s.group.step();
                s.group.reset();
            } else if constexpr (std::is_same_v<T, OrderRecord>) {
                const Order& o = r.order;
                s.order.bind(1, o.id).bind(2, o.tradeId).bind(3, o.groupId).bind(4, o.strategy);
                s.order.bind(5, o.symbol.name()).bind(6, std::string(toString(o.side)));
                s.order.bind(7, toString(o.type)).bind(8, o.qty.toString());
                s.order.bind(9, o.filled.toString()).bind(10, toString(o.status));
                s.order.bind(11, text(o.decisionPrice)).bind(12, o.createdTs);
                s.order.bind(13, o.updatedTs).bind(14, o.seq).bind(15, toString(o.tif));
                s.order.bind(16, text(o.limitPrice)).bind(17, text(o.stopPrice));
                s.order.bind(18, text(o.trailAmount)).bind(19, text(o.trailBps));
                s.order.bind(20, static_cast<std::int64_t>(o.validBars));
                s.order.bind(21, nonEmpty(o.parentId)).bind(22, nonEmpty(o.ocoGroup)).step();
                s.order.reset();
            } else if constexpr (std::is_same_v<T, FillRecord>) {
                const Fill& f = r.fill;
                s.fill.bind(1, f.id).bind(2, f.orderId).bind(3, f.ts).bind(4, f.price.toString());
                s.fill.bind(5, f.qty.toString()).bind(6, f.fee.toString()).bind(7, f.seq);
                s.fill.bind(8, std::string(f.maker ? "maker" : "taker")).step();
                s.fill.reset();
            } else if constexpr (std::is_same_v<T, PositionRecord>) {
                s.position.bind(1, r.strategy).bind(2, r.symbol.name()).bind(3, r.qty.toString());
                s.position.bind(4, r.avgPrice.toString()).bind(5, r.realizedPnl.toString());
                s.position.bind(6, r.fees.toString()).bind(7, r.ts);
                s.position.bind(8, r.realizedPnlFifo.toString()).step();
                s.position.reset();
                s.clearLots.bind(1, r.strategy).bind(2, r.symbol.name()).step();
                s.clearLots.reset();
                std::int64_t index = 0;
                for (const PositionLot& lot : r.lots) {
                    s.lot.bind(1, r.strategy).bind(2, r.symbol.name()).bind(3, index++);
                    s.lot.bind(4, lot.fillId).bind(5, lot.ts).bind(6, lot.price.toString());
                    s.lot.bind(7, lot.qty.toString()).step();
                    s.lot.reset();
                }

            } else if constexpr (std::is_same_v<T, EquityRecord>) {
                s.equity.bind(1, r.symbol.name())
                    .bind(2, r.ts)
                    .bind(3, r.cash.toString())
                    .bind(4, r.equity.toString());
                s.equity.step();
                s.equity.reset();
            } else if constexpr (std::is_same_v<T, JournalRecord>) {
                s.journal.bind(1, r.kind).bind(2, r.ts);
                s.journal.bind(3, nonEmpty(r.orderId)).bind(4, nonEmpty(r.fillId));
                s.journal.bind(5, compactChainJson(r.causality))
                    .bind(6, toCompactJson(r.context.toJson()))
                    .step();
                s.journal.reset();
            }
        },
        record);
}

}  // namespace causeway::engine
