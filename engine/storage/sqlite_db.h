#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace causeway::engine {

// Thin RAII layer over the SQLite C API; every failure is a StorageError
// naming the database and SQLite's message. One instance per thread.
class SqliteDb final {
public:
    enum class Mode { kCreate, kReadWrite, kReadOnly };

    SqliteDb(const std::string& path, Mode mode);
    ~SqliteDb();
    SqliteDb(const SqliteDb&) = delete;
    SqliteDb& operator=(const SqliteDb&) = delete;

    sqlite3* handle() const { return m_db; }
    const std::string& path() const { return m_path; }
    void exec(const char* sql);
    int userVersion();
    // Brings the schema to schema::kVersion, one transaction per step;
    // refuses a newer database.
    void migrate();
    // The schema version of a run database; refuses a file that is not one
    // (no ledger) or is newer than this build. Reads only.
    int runSchemaVersion();
    [[noreturn]] void fail(std::string_view what) const;

private:
    sqlite3* m_db = nullptr;
    std::string m_path;
};

class Statement final {
public:
    Statement(const SqliteDb& db, const char* sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, const std::string& value);
    Statement& bindNull(int index);
    template <class T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bindNull(index);
    }
    // True while a row is available.
    bool step();
    void reset();

    int columnCount() const;
    bool isNull(int column) const;
    std::int64_t int64(int column) const;
    std::string text(int column) const;

private:
    const SqliteDb& m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

}  // namespace causeway::engine
