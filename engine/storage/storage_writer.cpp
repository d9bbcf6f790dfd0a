#include "engine/storage/storage_writer.h"

#include <QJsonDocument>

#include <filesystem>

#include "engine/storage/sqlite_db.h"
#include "engine/storage/storage_error.h"

namespace causeway::engine {

namespace {

std::string json(const QJsonObject& object) {
    return QJsonDocument(object).toJson(QJsonDocument::Compact).toStdString();
}

template <class T>
std::optional<std::string> text(const std::optional<T>& value) {
    return value ? std::optional<std::string>(value->toString()) : std::nullopt;
}

}  // namespace

struct StorageWriter::Statements {
    explicit Statements(const SqliteDb& db)
        : runInfo(db, "INSERT OR REPLACE INTO run_info(key, value) VALUES (?1, ?2)"),
          bar(db,
              "INSERT OR REPLACE INTO bars(symbol, timeframe, ts, open, high, low, close, volume) "
              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
          trade(db,
                "INSERT OR REPLACE INTO trades(trade_id, strategy, symbol, side, status, qty, "
                "entry_ts, "
                "entry_price, exit_ts, exit_price, pnl, fees, seq) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"),
          group(db,
                "INSERT INTO execution_groups(group_id, trade_id, purpose, ts) VALUES (?1, ?2, ?3, "
                "?4)"),
          order(db,
                "INSERT OR REPLACE INTO orders(order_id, trade_id, group_id, strategy, symbol, "
                "side, type, "
                "qty, filled_qty, status, decision_price, created_ts, updated_ts, seq) "
                "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)"),
          fill(db,
               "INSERT INTO fills(fill_id, order_id, ts, price, qty, fee, seq) "
               "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
          position(db,
                   "INSERT OR REPLACE INTO positions(strategy, symbol, qty, avg_price, "
                   "realized_pnl, fees, "
                   "updated_ts) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"),
          equity(db, "INSERT OR REPLACE INTO equity(ts, cash, equity) VALUES (?1, ?2, ?3)"),
          journal(db,
                  "INSERT INTO journal(kind, ts, order_id, fill_id, causality, context) "
                  "VALUES (?1, ?2, ?3, ?4, ?5, ?6)") {}

    Statement runInfo, bar, trade, group, order, fill, position, equity, journal;
};

StorageWriter::StorageWriter(const std::string& path) : m_path(path) {
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
        std::filesystem::remove(path + suffix, ignored);
    }
    m_db = std::make_unique<SqliteDb>(path, SqliteDb::Mode::kCreate);
    m_db->migrate();
    m_statements = std::make_unique<Statements>(*m_db);
    m_thread = std::thread([this] { run(); });
}

StorageWriter::~StorageWriter() {
    finish();
}

void StorageWriter::write(LedgerRecord record) {
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back(std::move(record));
    }
    m_wake.notify_one();
}

std::optional<std::string> StorageWriter::finish() {
    {
        std::lock_guard lock(m_mutex);
        m_closing = true;
    }
    m_wake.notify_one();
    if (m_thread.joinable()) {
        m_thread.join();
    }
    m_statements.reset();
    m_db.reset();
    std::lock_guard lock(m_mutex);
    return m_error;
}

std::int64_t StorageWriter::rowsWritten() const {
    std::lock_guard lock(m_mutex);
    return m_rows;
}

void StorageWriter::run() {
    std::vector<LedgerRecord> batch;
    while (true) {
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] { return m_closing || !m_queue.empty(); });
            if (m_queue.empty() && m_closing) {
                return;
            }
            batch.swap(m_queue);
        }
        try {
            writeBatch(batch);
            std::lock_guard lock(m_mutex);
            m_rows += static_cast<std::int64_t>(batch.size());
        } catch (const StorageError& error) {
            std::lock_guard lock(m_mutex);
            if (!m_error) {
                m_error = error.what();
            }
        }
        batch.clear();
    }
}

void StorageWriter::writeBatch(const std::vector<LedgerRecord>& batch) {
    Statements& s = *m_statements;
    m_db->exec("BEGIN");
    try {
        for (const auto& record : batch) {
            std::visit(
                [&](const auto& r) {
                    using T = std::decay_t<decltype(r)>;
                    if constexpr (std::is_same_v<T, RunInfoRecord>) {
                        s.runInfo.bind(1, r.key).bind(2, r.value).step();
                        s.runInfo.reset();
                    } else if constexpr (std::is_same_v<T, BarRecord>) {
                        const Candle& b = r.bar;
                        s.bar.bind(1, b.symbol.name()).bind(2, b.timeframe.label()).bind(3, b.ts);
                        s.bar.bind(4, b.open.toString())
                            .bind(5, b.high.toString())
                            .bind(6, b.low.toString());
                        s.bar.bind(7, b.close.toString()).bind(8, b.volume.toString()).step();
                        s.bar.reset();
                    } else if constexpr (std::is_same_v<T, TradeRecord>) {
                        s.trade.bind(1, r.tradeId).bind(2, r.strategy).bind(3, r.symbol.name());
                        s.trade.bind(4, std::string(r.side == Side::kBuy ? "long" : "short"));
                        s.trade.bind(5, std::string(toString(r.status)))
                            .bind(6, r.qty.toString());
                        s.trade.bind(7, r.entryTs).bind(8, text(r.entryPrice)).bind(9, r.exitTs);
                        s.trade.bind(10, text(r.exitPrice))
                            .bind(11, text(r.pnl))
                            .bind(12, r.fees.toString());
                        s.trade.bind(13, r.seq).step();
                        s.trade.reset();
                    } else if constexpr (std::is_same_v<T, GroupRecord>) {
                        s.group.bind(1, r.groupId)
                            .bind(2, r.tradeId)
                            .bind(3, r.purpose)
                            .bind(4, r.ts)
                            .step();
                        s.group.reset();
                    } else if constexpr (std::is_same_v<T, OrderRecord>) {
                        const Order& o = r.order;
                        s.order.bind(1, o.id)
                            .bind(2, o.tradeId)
                            .bind(3, o.groupId)
                            .bind(4, o.strategy);
                        s.order.bind(5, o.symbol.name()).bind(6, std::string(toString(o.side)));
                        s.order.bind(7, toString(o.type))
                            .bind(8, o.qty.toString())
                            .bind(9, o.filled.toString());
                        s.order.bind(10, toString(o.status)).bind(11, text(o.decisionPrice));
                        s.order.bind(12, o.createdTs).bind(13, o.updatedTs).bind(14, o.seq).step();
                        s.order.reset();
                    } else if constexpr (std::is_same_v<T, FillRecord>) {
                        const Fill& f = r.fill;
                        s.fill.bind(1, f.id)
                            .bind(2, f.orderId)
                            .bind(3, f.ts)
                            .bind(4, f.price.toString());
                        s.fill.bind(5, f.qty.toString())
                            .bind(6, f.fee.toString())
                            .bind(7, f.seq)
                            .step();
                        s.fill.reset();
                    } else if constexpr (std::is_same_v<T, PositionRecord>) {
                        s.position.bind(1, r.strategy)
                            .bind(2, r.symbol.name())
                            .bind(3, r.qty.toString());
                        s.position.bind(4, r.avgPrice.toString()).bind(5, r.realizedPnl.toString());
                        s.position.bind(6, r.fees.toString()).bind(7, r.ts).step();
                        s.position.reset();
                    } else if constexpr (std::is_same_v<T, EquityRecord>) {
                        s.equity.bind(1, r.ts)
                            .bind(2, r.cash.toString())
                            .bind(3, r.equity.toString())
                            .step();
                        s.equity.reset();
                    } else if constexpr (std::is_same_v<T, JournalRecord>) {
                        s.journal.bind(1, r.kind).bind(2, r.ts);
                        s.journal.bind(3,
                                       r.orderId.empty() ? std::nullopt : std::optional(r.orderId));
                        s.journal.bind(4,
                                       r.fillId.empty() ? std::nullopt : std::optional(r.fillId));
                        s.journal.bind(5, json(r.causality)).bind(6, json(r.context)).step();
                        s.journal.reset();
                    }
                },
                record);
        }
        m_db->exec("COMMIT");
    } catch (...) {
        try {
            m_db->exec("ROLLBACK");
        } catch (const StorageError&) {
            // the original error is the one worth reporting
        }
        throw;
    }
}

}  // namespace causeway::engine
