#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

#include "engine/storage/run_reader.h"
#include "engine/storage/schema.h"
#include "engine/storage/sqlite_db.h"
#include "engine/storage/storage_error.h"
#include "engine/storage/storage_writer.h"
#include "test_storage_fixture.h"

using namespace causeway::engine;
using storage_fixture::day;

namespace {

// Counts what it passes on, so a test knows how many rows to expect.
class CountingSink final : public LedgerSink {
public:
    explicit CountingSink(LedgerSink& next) : m_next(next) {}
    void write(LedgerRecord record) override {
        ++m_count;
        m_next.write(std::move(record));
    }
    std::int64_t count() const { return m_count; }

private:
    LedgerSink& m_next;
    std::int64_t m_count = 0;
};

BarRecord bar(const std::string& symbol, Timestamp ts) {
    const Price p = Price::fromInt(10);
    return {Candle{Symbol(symbol), MessageType::kCandle, kNoMetadata, ts, *Timeframe::parse("1m"),
                   p, p, p, p, Quantity::fromInt(1)}};
}

EquityRecord mark(Timestamp ts) {
    return {ts, Money::fromInt(1000), Money::fromInt(1000), Symbol("SYN")};
}

int count(const std::string& path, const char* sql) {
    SqliteDb db(path, SqliteDb::Mode::kReadOnly);
    Statement q(db, sql);
    q.step();
    return static_cast<int>(q.int64(0));
}

const char* text(const std::optional<std::string>& error) {
    return error ? error->c_str() : "no error";
}

#define VERIFY_NO_ERROR(call)            \
    do {                                 \
        const auto error_ = (call);      \
        QVERIFY2(!error_, text(error_)); \
    } while (false)

}  // namespace

class TestStorageWriter final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string path(const char* name) const {
        return m_dir.filePath(QLatin1String(name)).toStdString();
    }

private Q_SLOTS:
    void writesARunThatReadsBack() {
        const std::string file = path("run.sqlite");
        StorageWriter writer(file);
        CountingSink counting(writer);
        storage_fixture::ScenarioWriter(counting).write();
        VERIFY_NO_ERROR(writer.finish());
        QCOMPARE(writer.rowsWritten(), counting.count());

        const RunReader reader(file);
        QCOMPARE(reader.runInfo().at("initial_cash"), std::string("1000"));
        QCOMPARE(reader.bars().size(), std::size_t{6});
        QCOMPARE(reader.orders().size(), std::size_t{5});
        QCOMPARE(reader.fills().size(), std::size_t{4});
        QCOMPARE(reader.trades(false).size(), std::size_t{3});
        QCOMPARE(reader.journal().size(), std::size_t{11});
        // the end-of-data mark replaced the first one of day 6
        const auto equity = reader.equity();
        QCOMPARE(equity.size(), std::size_t{6});
        QCOMPARE(equity.back().cash.toString(), std::string("1003.912"));
        // an order written three times is one row with its last state
        QCOMPARE(reader.order("ORD_T1_ENTRY")->status, std::string("filled"));
        QCOMPARE(reader.order("ORD_T3_ENTRY")->status, std::string("rejected"));
        QVERIFY(!QFile::exists(QString::fromStdString(file + ".new")));
    }

    // A unit (everything up to an EquityRecord) is written whole or not at
    // all: a kill can never leave an order without its journal entry.
    void writesWholeUnitsOnly() {
        const std::string file = path("units.sqlite");
        StorageWriter writer(file);
        writer.write(bar("AAA", day(1)));
        writer.write(mark(day(1)));
        writer.write(bar("AAA", day(2)));  // the next unit, not finished
        VERIFY_NO_ERROR(writer.flush());
        QCOMPARE(count(file, "SELECT count(*) FROM bars"), 1);
        QCOMPARE(count(file, "SELECT count(*) FROM equity"), 1);

        writer.write(mark(day(2)));
        VERIFY_NO_ERROR(writer.flush());
        QCOMPARE(count(file, "SELECT count(*) FROM bars"), 2);

        writer.write(bar("AAA", day(3)));
        VERIFY_NO_ERROR(writer.finish());  // finish writes the unfinished unit too
        QCOMPARE(count(file, "SELECT count(*) FROM bars"), 3);
    }

    // Each producing thread has its own lane: units of different threads
    // never mix, and each thread's records keep their order.
    void keepsEachThreadsOrder() {
        const std::string file = path("threads.sqlite");
        constexpr int kUnits = 2'000;
        StorageWriter writer(file,
                             {.batchSize = 64, .flushInterval = std::chrono::milliseconds(1)});
        const auto produce = [&](const std::string& kind, Timestamp base) {
            for (int i = 0; i < kUnits; ++i) {
                writer.write(JournalRecord{kind, base + i, {}, {}, {}, {}});
                writer.write(mark(base + i));
            }
        };
        std::thread a(produce, "a", 0);
        std::thread b(produce, "b", 1'000'000);
        a.join();
        b.join();
        VERIFY_NO_ERROR(writer.finish());
        QCOMPARE(writer.rowsWritten(), std::int64_t{4 * kUnits});
        QCOMPARE(count(file, "SELECT count(*) FROM equity"), 2 * kUnits);
        // in each lane, journal entries went in as written
        QCOMPARE(count(file,
                       "SELECT count(*) FROM journal AS x JOIN journal AS y ON x.kind = y.kind "
                       "AND x.entry_id < y.entry_id AND x.ts > y.ts"),
                 0);
    }

    // No transaction holds more than batch size records, rounded up to a
    // whole unit: ten units of two records in batches of three take at least
    // five transactions.
    void batchesByUnits() {
        const std::string file = path("batches.sqlite");
        StorageWriter writer(file, {.batchSize = 3, .flushInterval = std::chrono::hours(1)});
        for (int i = 0; i < 10; ++i) {
            writer.write(bar("AAA", day(1) + i));
            writer.write(mark(day(1) + i));
        }
        VERIFY_NO_ERROR(writer.flush());
        QVERIFY2(writer.transactions() >= 5, std::to_string(writer.transactions()).c_str());
        QCOMPARE(writer.rowsWritten(), std::int64_t{20});
        VERIFY_NO_ERROR(writer.finish());
    }

    // After a failed batch nothing more is written: the file keeps the run
    // up to the last good unit and finish() reports the error.
    void stopsAtTheFirstError() {
        const std::string file = path("error.sqlite");
        StorageWriter writer(file);
        writer.write(bar("AAA", day(1)));
        writer.write(mark(day(1)));
        VERIFY_NO_ERROR(writer.flush());

        Fill orphan;
        orphan.id = "FIL_ORPHAN";
        orphan.orderId = "ORD_NONE";
        writer.write(FillRecord{orphan});
        writer.write(mark(day(2)));
        const auto error = writer.flush();
        QVERIFY(error.has_value());
        QVERIFY2(error->find("FOREIGN KEY constraint failed") != std::string::npos, error->c_str());
        QVERIFY(error->starts_with(file + ": "));

        writer.write(bar("AAA", day(3)));
        writer.write(mark(day(3)));
        QCOMPARE(writer.finish().value_or(""), *error);
        QCOMPARE(count(file, "SELECT count(*) FROM bars"), 1);
        QCOMPARE(count(file, "SELECT count(*) FROM equity"), 1);
        QCOMPARE(count(file, "SELECT count(*) FROM fills"), 0);
    }

    void refusesWritesAfterFinish() {
        StorageWriter writer(path("finished.sqlite"));
        VERIFY_NO_ERROR(writer.finish());
        QVERIFY_THROWS_EXCEPTION(std::logic_error, writer.write(mark(day(1))));
    }

    // A new run replaces an earlier file and its WAL: SQLite must never
    // replay an old WAL onto the new database.
    void replacesAnEarlierRun() {
        const std::string file = path("replace.sqlite");
        for (const char* suffix : {"", "-wal", "-shm"}) {
            QFile stale(QString::fromStdString(file + suffix));
            QVERIFY(stale.open(QIODevice::WriteOnly));
            stale.write("left over from an earlier run, not a database");
        }
        StorageWriter writer(file);
        writer.write(bar("AAA", day(1)));
        writer.write(mark(day(1)));
        VERIFY_NO_ERROR(writer.finish());
        QCOMPARE(count(file, "SELECT count(*) FROM bars"), 1);
        QCOMPARE(count(file, "PRAGMA user_version"), schema::kVersion);
    }

    void refusesAnUnwritablePlace() {
        const std::string file = path("no/such/dir/run.sqlite");
        try {
            StorageWriter writer(file);
            QFAIL("a database in a missing directory was created");
        } catch (const StorageError& error) {
            QCOMPARE(std::string(error.what()),
                     file + ": cannot open database: unable to open database file");
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument,
                                 StorageWriter(path("zero.sqlite"), {.batchSize = 0}));
    }
};

QTEST_APPLESS_MAIN(TestStorageWriter)
#include "test_storage_writer.moc"
