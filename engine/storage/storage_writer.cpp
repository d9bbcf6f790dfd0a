#include "engine/storage/storage_writer.h"

#include <pthread.h>

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <unordered_map>

#include "engine/storage/record_writer.h"
#include "engine/storage/sqlite_db.h"
#include "engine/storage/storage_error.h"

namespace causeway::engine {

namespace {

std::atomic<std::uint64_t> g_nextWriterId{1};

// The calling thread's lane of the writer it last wrote to: one compare on
// the hot path instead of a map lookup under a lock.
struct LaneCache {
    std::uint64_t writer = 0;
    void* lane = nullptr;
};
thread_local LaneCache t_lane;

// The last record an executor writes for one event (its mark-to-market), or
// a record that stands alone.
bool endsUnit(const LedgerRecord& record) {
    return std::holds_alternative<EquityRecord>(record) ||
           std::holds_alternative<RunInfoRecord>(record);
}

void removeDatabaseFiles(const std::string& path) {
    std::error_code ignored;
    // The WAL first: SQLite would replay an orphaned one onto a new file.
    for (const char* suffix : {"-wal", "-shm", "-journal", ""}) {
        std::filesystem::remove(path + suffix, ignored);
    }
}

// Builds the schema in `building` and closes it (SQLite checkpoints and
// removes the WAL on the last close), so the file can be renamed alone.
void createSchema(const std::string& building, const std::string& path) {
    try {
        SqliteDb db(building, SqliteDb::Mode::kCreate);
        db.migrate();
    } catch (const StorageError& error) {
        removeDatabaseFiles(building);
        std::string message = error.what();
        if (message.starts_with(building)) {
            message.replace(0, building.size(), path);
        }
        throw StorageError(message);
    }
}

}  // namespace

// Records queue in blocks of fixed capacity: an append never moves earlier
// records (a growing vector moves all of them, on the engine thread), and
// blocks the writer has emptied come back for reuse.
constexpr std::size_t kBlockRecords = 256;
// Emptied blocks a lane keeps for reuse; more are freed after a burst.
constexpr std::size_t kSpareBlocks = 64;

struct StorageWriter::Lane {
    using Block = std::vector<LedgerRecord>;

    // Under `mutex`: the producer appends, the writer takes.
    std::mutex mutex;
    std::unique_ptr<Block> current;
    std::vector<std::unique_ptr<Block>> full;
    std::vector<std::unique_ptr<Block>> spare;
    std::size_t queued = 0;  // records since the writer last took them
    // The writer thread's side.
    std::vector<std::unique_ptr<Block>> taken;
    std::vector<LedgerRecord> pending;  // taken, not written yet
    std::size_t complete = 0;           // pending[0, complete) is whole units

    // Producer side, under `mutex`.
    void append(LedgerRecord&& record) {
        if (!current || current->size() == kBlockRecords) {
            if (current) {
                full.push_back(std::move(current));
            }
            if (spare.empty()) {
                current = std::make_unique<Block>();
                current->reserve(kBlockRecords);
            } else {
                current = std::move(spare.back());
                spare.pop_back();
            }
        }
        current->push_back(std::move(record));
        ++queued;
    }
};

StorageWriter::StorageWriter(const std::string& path, StorageWriterOptions options)
    : m_id(g_nextWriterId.fetch_add(1, std::memory_order_relaxed)),
      m_path(path),
      m_options(options) {
    if (options.batchSize < 1 || options.flushInterval.count() < 1) {
        throw std::invalid_argument("storage writer: batch size and flush interval must be >= 1");
    }
    if (options.append && std::filesystem::exists(path)) {
        m_db = std::make_unique<SqliteDb>(path, SqliteDb::Mode::kReadWrite);
        m_db->runSchemaVersion();  // refuses a file that is not a run
        m_db->migrate();
    } else {
        const std::string building = path + ".new";
        removeDatabaseFiles(building);
        createSchema(building, path);
        std::error_code error;
        for (const char* suffix : {"-wal", "-shm", "-journal"}) {
            std::filesystem::remove(path + suffix, error);
        }
        std::filesystem::rename(building, path, error);
        if (error) {
            removeDatabaseFiles(building);
            throw StorageError(path + ": cannot create database: " + error.message());
        }
        m_db = std::make_unique<SqliteDb>(path, SqliteDb::Mode::kReadWrite);
    }
    // A larger page cache and fewer checkpoints: the ledger's indexes are
    // updated all over, and each checkpoint rewrites and syncs what the WAL
    // holds.
    m_db->exec("PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=10000;");
    m_records = std::make_unique<RecordWriter>(*m_db);
    m_thread = std::thread([this] {
        pthread_setname_np(pthread_self(), "storage-writer");
        run();
    });
}

StorageWriter::~StorageWriter() {
    finish();
}

StorageWriter::Lane& StorageWriter::laneOfThisThread() {
    if (t_lane.writer == m_id) {
        return *static_cast<Lane*>(t_lane.lane);
    }
    std::lock_guard lock(m_lanesMutex);
    Lane*& lane = m_laneByThread[std::this_thread::get_id()];
    if (!lane) {
        m_lanes.push_back(std::make_unique<Lane>());
        lane = m_lanes.back().get();
    }
    t_lane = {m_id, lane};
    return *lane;
}

void StorageWriter::write(LedgerRecord record) {
    if (m_finished.load(std::memory_order_relaxed)) {
        throw std::logic_error("storage writer for " + m_path + ": write after finish");
    }
    Lane& lane = laneOfThisThread();
    bool full = false;
    {
        std::lock_guard lock(lane.mutex);
        lane.append(std::move(record));
        full = lane.queued == static_cast<std::size_t>(m_options.batchSize);
    }
    if (full) {
        // once per batch, not per record
        {
            std::lock_guard lock(m_wakeMutex);
            m_batchReady = true;
        }
        m_wake.notify_one();
    }
}

std::optional<std::string> StorageWriter::flush() {
    std::unique_lock lock(m_wakeMutex);
    if (m_closing) {
        return m_error;
    }
    const std::uint64_t target = ++m_flushRequested;
    m_wake.notify_one();
    m_flushed.wait(lock, [&] { return m_flushDone >= target; });
    return m_error;
}

std::optional<std::string> StorageWriter::finish() {
    m_finished.store(true, std::memory_order_relaxed);
    {
        std::lock_guard lock(m_wakeMutex);
        m_closing = true;
    }
    m_wake.notify_one();
    if (m_thread.joinable()) {
        m_thread.join();
    }
    m_records.reset();
    m_db.reset();
    std::lock_guard lock(m_wakeMutex);
    return m_error;
}

void StorageWriter::run() {
    std::unique_lock lock(m_wakeMutex);
    while (true) {
        m_wake.wait_for(lock, m_options.flushInterval, [this] {
            return m_closing || m_batchReady || m_flushRequested > m_flushDone;
        });
        const bool closing = m_closing;
        const std::uint64_t flushTarget = m_flushRequested;
        m_batchReady = false;
        lock.unlock();
        drain(closing);
        lock.lock();
        m_flushDone = flushTarget;
        m_flushed.notify_all();
        if (closing) {
            return;
        }
    }
}

void StorageWriter::drain(bool final) {
    std::vector<Lane*> lanes;
    {
        std::lock_guard lock(m_lanesMutex);
        for (const auto& lane : m_lanes) {
            lanes.push_back(lane.get());
        }
    }
    for (Lane* lane : lanes) {
        {
            std::lock_guard lock(lane->mutex);
            lane->taken.swap(lane->full);
            if (lane->current && !lane->current->empty()) {
                lane->taken.push_back(std::move(lane->current));
            }
            lane->queued = 0;
        }
        const std::size_t scanFrom = lane->pending.size();
        for (const auto& block : lane->taken) {
            std::move(block->begin(), block->end(), std::back_inserter(lane->pending));
            block->clear();
        }
        {
            std::lock_guard lock(lane->mutex);
            for (auto& block : lane->taken) {
                if (lane->spare.size() < kSpareBlocks) {
                    lane->spare.push_back(std::move(block));
                }
            }
        }
        lane->taken.clear();
        for (std::size_t i = scanFrom; i < lane->pending.size(); ++i) {
            if (endsUnit(lane->pending[i])) {
                lane->complete = i + 1;
            }
        }
        if (final || lane->pending.size() - lane->complete > kMaxOpenUnit) {
            lane->complete = lane->pending.size();
        }
    }
    writeUnits(lanes, final);
}

void StorageWriter::writeUnits(std::vector<Lane*>& lanes, bool final) {
    bool failed = false;
    {
        std::lock_guard lock(m_wakeMutex);
        failed = m_error.has_value();
    }
    if (!failed) {
        const auto batchSize = static_cast<std::size_t>(m_options.batchSize);
        std::vector<const LedgerRecord*> batch;
        try {
            for (Lane* lane : lanes) {
                for (std::size_t i = 0; i < lane->complete; ++i) {
                    batch.push_back(&lane->pending[i]);
                    const bool unitEnds = endsUnit(lane->pending[i]) || i + 1 == lane->complete;
                    if (unitEnds && batch.size() >= batchSize) {
                        commit(batch);
                        batch.clear();
                    }
                }
            }
            if (!batch.empty()) {
                commit(batch);
            }
        } catch (const StorageError& error) {
            try {
                m_db->exec("ROLLBACK");
            } catch (const StorageError&) {
                // the original error is the one worth reporting
            }
            std::lock_guard lock(m_wakeMutex);
            m_error = error.what();
        }
    }
    // Written, or dropped after a failure: a later unit must not land on top
    // of a missing one.
    for (Lane* lane : lanes) {
        const auto end = final
                             ? lane->pending.end()
                             : lane->pending.begin() + static_cast<std::ptrdiff_t>(lane->complete);
        lane->pending.erase(lane->pending.begin(), end);
        lane->complete = 0;
    }
}

void StorageWriter::commit(const std::vector<const LedgerRecord*>& batch) {
    // A row written several times in one batch (an order placed, accepted
    // and filled; the position after every fill) is written once, in its
    // last state, where it first appears: the committed result is the same,
    // and a parent row still comes before its children.
    std::vector<std::string> keys;
    keys.reserve(batch.size());
    std::unordered_map<std::string, std::size_t> latest;
    for (std::size_t i = 0; i < batch.size(); ++i) {
        keys.push_back(RecordWriter::rowKey(*batch[i]));
        if (!keys.back().empty()) {
            latest[keys.back()] = i;
        }
    }
    constexpr std::size_t kWritten = std::numeric_limits<std::size_t>::max();
    m_db->exec("BEGIN");
    for (std::size_t i = 0; i < batch.size(); ++i) {
        if (keys[i].empty()) {
            m_records->write(*batch[i]);
            continue;
        }
        std::size_t& last = latest.at(keys[i]);
        if (last != kWritten) {
            m_records->write(*batch[last]);
            last = kWritten;
        }
    }
    m_db->exec("COMMIT");
    m_rows.fetch_add(static_cast<std::int64_t>(batch.size()));
    m_transactions.fetch_add(1);
}

}  // namespace causeway::engine
