#pragma once

#include <memory>
#include <string>

#include "engine/execution/ledger_sink.h"

namespace causeway::engine {

class SqliteDb;

// Turns ledger and journal records into rows: one prepared statement per
// table, upserts for the rows an executor writes again as they change
// (trades, orders, positions, equity marks, run info), inserts for the rest.
// Runs inside the caller's transaction; throws StorageError.
class RecordWriter final {
public:
    explicit RecordWriter(const SqliteDb& db);
    ~RecordWriter();
    RecordWriter(const RecordWriter&) = delete;
    RecordWriter& operator=(const RecordWriter&) = delete;

    void write(const LedgerRecord& record);

    // The row a record replaces when written again; empty for rows only
    // ever inserted (and bars, which an executor writes once).
    static std::string rowKey(const LedgerRecord& record);

private:
    struct Statements;
    std::unique_ptr<Statements> m_statements;
};

}  // namespace causeway::engine
