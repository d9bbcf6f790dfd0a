#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/execution/ledger_sink.h"

namespace causeway::engine {

class SqliteDb;

// The storage writer thread. Executors hand it records without waiting:
// write() only appends to a queue under a short lock. The thread drains the
// queue in batches, one transaction per batch, so throughput grows with load
// and a kill loses at most the batch in flight.
class StorageWriter final : public LedgerSink {
public:
    // Creates the database at `path` (replacing any earlier run there) with
    // the current schema. Throws StorageError.
    explicit StorageWriter(const std::string& path);
    ~StorageWriter() override;

    void write(LedgerRecord record) override;
    // Writes everything queued, stops the thread and closes the database.
    // Returns the first storage error met while writing, if any.
    std::optional<std::string> finish();
    std::int64_t rowsWritten() const;

private:
    struct Statements;

    void run();
    void writeBatch(const std::vector<LedgerRecord>& batch);

    std::string m_path;
    std::unique_ptr<SqliteDb> m_db;
    std::unique_ptr<Statements> m_statements;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::vector<LedgerRecord> m_queue;
    bool m_closing = false;
    std::optional<std::string> m_error;
    std::int64_t m_rows = 0;
    std::thread m_thread;
};

}  // namespace causeway::engine
