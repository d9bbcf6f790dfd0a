#include "engine/storage/sqlite_db.h"

#include <sqlite3.h>

#include <iterator>

#include "engine/storage/schema.h"
#include "engine/storage/storage_error.h"

namespace causeway::engine {

SqliteDb::SqliteDb(const std::string& path, Mode mode) : m_path(path) {
    int flags = SQLITE_OPEN_NOMUTEX;
    switch (mode) {
        case Mode::kCreate:
            flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
            break;
        case Mode::kReadWrite:
            flags |= SQLITE_OPEN_READWRITE;
            break;
        case Mode::kReadOnly:
            flags |= SQLITE_OPEN_READONLY;
            break;
    }
    if (sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr) != SQLITE_OK) {
        const std::string message = m_db ? sqlite3_errmsg(m_db) : "out of memory";
        sqlite3_close(m_db);
        m_db = nullptr;
        throw StorageError(path + ": cannot open database: " + message);
    }
    sqlite3_busy_timeout(m_db, 5000);
    if (mode != Mode::kReadOnly) {
        exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
    }
}

SqliteDb::~SqliteDb() {
    sqlite3_close(m_db);
}

void SqliteDb::fail(std::string_view what) const {
    throw StorageError(m_path + ": " + std::string(what) + ": " + sqlite3_errmsg(m_db));
}

void SqliteDb::exec(const char* sql) {
    char* error = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        const std::string message = error ? error : "unknown error";
        sqlite3_free(error);
        throw StorageError(m_path + ": " + message);
    }
}

int SqliteDb::userVersion() {
    Statement query(*this, "PRAGMA user_version");
    query.step();
    return static_cast<int>(query.int64(0));
}

namespace {
[[noreturn]] void refuseNewer(const std::string& path, int version) {
    throw StorageError(path + ": database schema version " + std::to_string(version) +
                       " is newer than this build's " + std::to_string(schema::kVersion));
}
}  // namespace

int SqliteDb::runSchemaVersion() {
    const int version = userVersion();
    if (version > schema::kVersion) {
        refuseNewer(m_path, version);
    }
    Statement tables(
        *this,
        "SELECT count(*) FROM sqlite_master WHERE type='table' AND name IN ('orders','journal')");
    tables.step();
    if (version < 1 || tables.int64(0) != 2) {
        throw StorageError(m_path + ": not a Causeway run database (no ledger tables)");
    }
    return version;
}

void SqliteDb::migrate() {
    const int current = userVersion();
    if (current > schema::kVersion) {
        refuseNewer(m_path, current);
    }
    static_assert(std::size(schema::kMigrations) == schema::kVersion);
    for (int version = current; version < schema::kVersion; ++version) {
        exec("BEGIN IMMEDIATE");
        try {
            exec(schema::kMigrations[version]);
            exec(("PRAGMA user_version = " + std::to_string(version + 1)).c_str());
            exec("COMMIT");
        } catch (...) {
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
            throw;
        }
    }
}

Statement::Statement(const SqliteDb& db, const char* sql) : m_db(db) {
    if (sqlite3_prepare_v2(db.handle(), sql, -1, &m_stmt, nullptr) != SQLITE_OK) {
        db.fail(std::string("cannot prepare '") + sql + "'");
    }
}

Statement::~Statement() {
    sqlite3_finalize(m_stmt);
}

Statement& Statement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

Statement& Statement::bind(int index, const std::string& value) {
    sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()),
                      SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bindNull(int index) {
    sqlite3_bind_null(m_stmt, index);
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    m_db.fail("statement failed");
}

void Statement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

int Statement::columnCount() const {
    return sqlite3_column_count(m_stmt);
}

bool Statement::isNull(int column) const {
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

std::int64_t Statement::int64(int column) const {
    return sqlite3_column_int64(m_stmt, column);
}

std::string Statement::text(int column) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    return data ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, column)))
                : std::string();
}

}  // namespace causeway::engine
