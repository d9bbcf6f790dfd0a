#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "engine/execution/ledger_sink.h"

namespace causeway::engine {

class RecordWriter;
class SqliteDb;

struct StorageWriterOptions {
    // Records per transaction (rounded up to whole units, see below): the
    // most a kill can lose besides what waits for its flush.
    int batchSize = 1'000;
    // The longest a complete unit waits before it is written.
    std::chrono::milliseconds flushInterval{50};
    // Continue the run already at the path (a resumed session; an older
    // schema is migrated) instead of replacing it; created when absent.
    bool append = false;
};

// The storage writer thread.
//
// Executors hand it records without waiting: each producing thread has its
// own lane, and write() only appends to that lane's current block of
// records under the lane's own lock, which the writer takes just long
// enough to move the filled blocks out (pointer swaps). The producer never
// waits for a transaction, never moves earlier records, and producers never
// contend with each other.
//
// Records reach the database in units: everything an executor writes for
// one event ends with the EquityRecord of its mark-to-market (a run's
// RunInfoRecords are units by themselves), and a transaction holds whole
// units only. A kill therefore leaves the ledger and the journal as they
// were after some event, every order with its journal entry, every fill
// with its order update and position. A unit that never ends (more than
// kMaxOpenUnit records) is written as it stands, so memory stays bounded.
//
// The thread writes a batch when a lane holds batchSize records or
// flushInterval has passed, one transaction per batch, in WAL mode with
// synchronous=NORMAL: a commit is durable against a process kill; against a
// power cut the last commits may be lost, never the database.
class StorageWriter final : public LedgerSink {
public:
    static constexpr std::size_t kMaxOpenUnit = 100'000;

    // Creates the database at `path` with the current schema, replacing any
    // earlier run there (unless options.append). The new file is built aside and renamed into
    // place, so `path` never holds a half-created database. Throws StorageError.
    explicit StorageWriter(const std::string& path, StorageWriterOptions options = {});
    ~StorageWriter() override;
    StorageWriter(const StorageWriter&) = delete;
    StorageWriter& operator=(const StorageWriter&) = delete;

    // Any thread. Throws std::logic_error after finish().
    void write(LedgerRecord record) override;
    // Blocks until every complete unit written so far is in the database.
    // For readers that need it (tests, a "save now"); never on an engine
    // thread. Returns the first storage error, if any.
    std::optional<std::string> flush();
    // Writes everything queued (unfinished units too), stops the thread and
    // closes the database. Returns the first storage error met, if any;
    // after an error nothing more is written, so the file keeps a
    // consistent prefix of the run.
    std::optional<std::string> finish();

    std::int64_t rowsWritten() const { return m_rows.load(std::memory_order_relaxed); }
    std::int64_t transactions() const { return m_transactions.load(std::memory_order_relaxed); }

private:
    struct Lane;

    Lane& laneOfThisThread();
    void run();
    // Moves every lane's records to its pending list and writes the
    // complete units (all of them when `final`).
    void drain(bool final);
    void writeUnits(std::vector<Lane*>& lanes, bool final);
    // One transaction.
    void commit(const std::vector<const LedgerRecord*>& batch);

    const std::uint64_t m_id;
    const std::string m_path;
    const StorageWriterOptions m_options;
    std::unique_ptr<SqliteDb> m_db;
    std::unique_ptr<RecordWriter> m_records;

    std::mutex m_lanesMutex;
    std::vector<std::unique_ptr<Lane>> m_lanes;
    std::map<std::thread::id, Lane*> m_laneByThread;

    // The writer thread's wake-up: a full lane, a flush request, finish().
    std::mutex m_wakeMutex;
    std::condition_variable m_wake;
    std::condition_variable m_flushed;
    bool m_batchReady = false;
    bool m_closing = false;
    std::uint64_t m_flushRequested = 0;
    std::uint64_t m_flushDone = 0;
    std::optional<std::string> m_error;  // under m_wakeMutex

    std::atomic_bool m_finished{false};
    std::atomic<std::int64_t> m_rows{0};
    std::atomic<std::int64_t> m_transactions{0};
    std::thread m_thread;
};

}  // namespace causeway::engine
