#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <filesystem>
#include <iterator>

#include "engine/storage/run_analysis.h"
#include "engine/storage/run_reader.h"
#include "engine/storage/run_verifier.h"
#include "engine/storage/schema.h"
#include "engine/storage/sqlite_db.h"
#include "engine/storage/storage_error.h"
#include "engine/storage/storage_writer.h"
#include "test_storage_fixture.h"

using namespace causeway::engine;

namespace {

// Every released schema version, frozen as it shipped: kHistory[i] takes a
// database from version i to i + 1. schema.h's migrations must keep
// producing exactly these, and a database of each version must migrate to
// the current one with its data intact. When schema::kVersion grows, the
// version before it is released history: copy its step here.
constexpr const char* kHistory[] = {
    // v1
    R"SQL(
CREATE TABLE run_info (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE bars (
    symbol    TEXT    NOT NULL,
    timeframe TEXT    NOT NULL,
    ts        INTEGER NOT NULL,
    open      TEXT    NOT NULL,
    high      TEXT    NOT NULL,
    low       TEXT    NOT NULL,
    close     TEXT    NOT NULL,
    volume    TEXT    NOT NULL,
    PRIMARY KEY (symbol, timeframe, ts)
) WITHOUT ROWID;

-- ledger: what happened
CREATE TABLE trades (
    trade_id    TEXT PRIMARY KEY,
    strategy    TEXT    NOT NULL,
    symbol      TEXT    NOT NULL,
    side        TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    qty         TEXT    NOT NULL,
    entry_ts    INTEGER,
    entry_price TEXT,
    exit_ts     INTEGER,
    exit_price  TEXT,
    pnl         TEXT,
    fees        TEXT    NOT NULL,
    seq         INTEGER NOT NULL
);
CREATE TABLE execution_groups (
    group_id TEXT PRIMARY KEY,
    trade_id TEXT    NOT NULL REFERENCES trades(trade_id),
    purpose  TEXT    NOT NULL,
    ts       INTEGER NOT NULL
);
CREATE TABLE orders (
    order_id       TEXT PRIMARY KEY,
    trade_id       TEXT    NOT NULL REFERENCES trades(trade_id),
    group_id       TEXT    NOT NULL REFERENCES execution_groups(group_id),
    strategy       TEXT    NOT NULL,
    symbol         TEXT    NOT NULL,
    side           TEXT    NOT NULL,
    type           TEXT    NOT NULL,
    qty            TEXT    NOT NULL,
    filled_qty     TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    decision_price TEXT,
    created_ts     INTEGER NOT NULL,
    updated_ts     INTEGER NOT NULL,
    seq            INTEGER NOT NULL
);
CREATE INDEX orders_trade ON orders(trade_id);
CREATE TABLE fills (
    fill_id  TEXT PRIMARY KEY,
    order_id TEXT    NOT NULL REFERENCES orders(order_id),
    ts       INTEGER NOT NULL,
    price    TEXT    NOT NULL,
    qty      TEXT    NOT NULL,
    fee      TEXT    NOT NULL,
    seq      INTEGER NOT NULL
);
CREATE INDEX fills_order ON fills(order_id);
CREATE TABLE positions (
    strategy     TEXT    NOT NULL,
    symbol       TEXT    NOT NULL,
    qty          TEXT    NOT NULL,
    avg_price    TEXT    NOT NULL,
    realized_pnl TEXT    NOT NULL,
    fees         TEXT    NOT NULL,
    updated_ts   INTEGER NOT NULL,
    PRIMARY KEY (strategy, symbol)
);
CREATE TABLE equity (
    ts     INTEGER PRIMARY KEY,
    cash   TEXT NOT NULL,
    equity TEXT NOT NULL
);

-- journal: why it happened
CREATE TABLE journal (
    entry_id  INTEGER PRIMARY KEY,
    kind      TEXT    NOT NULL,
    ts        INTEGER NOT NULL,
    order_id  TEXT,
    fill_id   TEXT,
    causality TEXT    NOT NULL,
    context   TEXT    NOT NULL
);
CREATE INDEX journal_order ON journal(order_id);
)SQL",
    // v2
    R"SQL(
-- a trade's execution groups (and the foreign key's lookup of them)
CREATE INDEX execution_groups_trade ON execution_groups(trade_id);
-- arrival price: the first bar of the symbol after an order was placed
CREATE INDEX bars_symbol_ts ON bars(symbol, ts);
-- from a fill to its story
CREATE INDEX journal_fill ON journal(fill_id);

-- Why each order exists, flattened from its journal entry of kind 'order'.
-- Absent context fields are NULL. algorithm: the order's own (a directive's
-- legs may differ), else the directive's. signal_count: the decision's signals (0
-- for a decision without any, e.g. a scheduled exit; NULL when the context
-- has no signal list); signal_types: their types in chain order joined by
-- ',', '' for a signal without a type.
CREATE VIEW order_causes AS
SELECT o.order_id,
       o.trade_id,
       o.strategy,
       o.symbol,
       o.side,
       o.seq,
       json_extract(j.causality, '$.origin.type') AS origin_type,
       json_extract(j.causality, '$.origin.id') AS origin_id,
       json_extract(j.context, '$.regime.regime') AS regime,
       coalesce(json_extract(j.context, '$.order.algorithm'),
                json_extract(j.context, '$.execution.algorithm')) AS algorithm,
       json_array_length(j.context, '$.signals') AS signal_count,
       (SELECT group_concat(coalesce(json_extract(s.value, '$.type'), ''), ',')
        FROM json_each(j.context, '$.signals') AS s) AS signal_types
FROM orders AS o
LEFT JOIN journal AS j
       ON j.entry_id = (SELECT min(entry_id) FROM journal
                        WHERE order_id = o.order_id AND kind = 'order');
)SQL",
    // v3
    R"SQL(
ALTER TABLE orders ADD COLUMN tif TEXT NOT NULL DEFAULT 'gtc';
ALTER TABLE orders ADD COLUMN limit_price TEXT;
ALTER TABLE orders ADD COLUMN stop_price TEXT;
ALTER TABLE orders ADD COLUMN trail_amount TEXT;
ALTER TABLE orders ADD COLUMN trail_bps TEXT;
ALTER TABLE orders ADD COLUMN valid_bars INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN parent_id TEXT;
ALTER TABLE orders ADD COLUMN oco_group TEXT;
ALTER TABLE fills ADD COLUMN liquidity TEXT NOT NULL DEFAULT 'taker';
ALTER TABLE positions ADD COLUMN realized_pnl_fifo TEXT NOT NULL DEFAULT '0';

-- the open lots of each position, oldest first (FIFO)
CREATE TABLE position_lots (
    strategy TEXT    NOT NULL,
    symbol   TEXT    NOT NULL,
    lot      INTEGER NOT NULL,
    fill_id  TEXT    NOT NULL,
    ts       INTEGER NOT NULL,
    price    TEXT    NOT NULL,
    qty      TEXT    NOT NULL,
    PRIMARY KEY (strategy, symbol, lot)
) WITHOUT ROWID;
)SQL",
};
static_assert(std::size(kHistory) == schema::kVersion - 1,
              "freeze every released schema step in kHistory");

// The tables of a version whose rows carry the run.
constexpr const char* kDataTables[] = {"run_info",         "bars",   "trades",
                                       "execution_groups", "orders", "fills",
                                       "positions",        "equity", "journal"};

void applyHistory(SqliteDb& db, int version) {
    for (int v = 0; v < version; ++v) {
        db.exec("BEGIN");
        db.exec(kHistory[v]);
        db.exec(("PRAGMA user_version = " + std::to_string(v + 1)).c_str());
        db.exec("COMMIT");
    }
}

std::vector<std::string> schemaOf(const std::string& path) {
    SqliteDb db(path, SqliteDb::Mode::kReadOnly);
    std::vector<std::string> objects;
    Statement q(db,
                "SELECT type || ' ' || name || ' ON ' || tbl_name || ': ' || coalesce(sql, '') "
                "FROM sqlite_master ORDER BY type, name");
    while (q.step()) {
        objects.push_back(q.text(0));
    }
    return objects;
}

std::vector<std::string> columnsOf(SqliteDb& db, const std::string& table) {
    std::vector<std::string> columns;
    Statement q(db, ("PRAGMA table_info(" + table + ")").c_str());
    while (q.step()) {
        columns.push_back(q.text(1));
    }
    return columns;
}

int userVersion(const std::string& path) {
    SqliteDb db(path, SqliteDb::Mode::kReadOnly);
    return db.userVersion();
}

std::string analysisText(const RunReader& reader, AnalysisKey key) {
    return QJsonDocument(analyzeRun(reader, key).toJson()).toJson().toStdString();
}

}  // namespace

class TestStorageMigrations final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string m_reference;  // the scenario, written by this build
    std::string m_fresh;      // an empty database of this build

    std::string path(const std::string& name) const {
        return m_dir.filePath(QString::fromStdString(name)).toStdString();
    }

    // A database at `version` holding the scenario's rows, copied column by
    // column from the reference: the columns that version has.
    std::string databaseAt(int version) {
        const std::string file = path("v" + std::to_string(version) + ".sqlite");
        std::filesystem::remove(file);
        SqliteDb db(file, SqliteDb::Mode::kCreate);
        applyHistory(db, version);
        db.exec(("ATTACH DATABASE '" + m_reference + "' AS reference").c_str());
        db.exec("BEGIN");
        for (const char* table : kDataTables) {
            std::string columns;
            for (const auto& column : columnsOf(db, table)) {
                columns += (columns.empty() ? "" : ", ") + column;
            }
            db.exec(("INSERT INTO main." + std::string(table) + "(" + columns + ") SELECT " +
                     columns + " FROM reference." + table)
                        .c_str());
        }
        db.exec("COMMIT");
        db.exec("DETACH DATABASE reference");
        return file;
    }

private Q_SLOTS:
    void initTestCase() {
        m_reference = path("reference.sqlite");
        StorageWriter writer(m_reference);
        storage_fixture::ScenarioWriter(writer).write();
        QVERIFY(!writer.finish());
        m_fresh = path("fresh.sqlite");
        SqliteDb(m_fresh, SqliteDb::Mode::kCreate).migrate();
    }

    // The released steps are history: schema.h must still build exactly
    // what each version shipped with.
    void releasedStepsAreUnchanged() {
        for (int version = 1; version < schema::kVersion; ++version) {
            const std::string frozen = path("frozen.sqlite");
            const std::string built = path("built.sqlite");
            std::filesystem::remove(frozen);
            std::filesystem::remove(built);
            {
                SqliteDb db(frozen, SqliteDb::Mode::kCreate);
                applyHistory(db, version);
            }
            {
                SqliteDb db(built, SqliteDb::Mode::kCreate);
                for (int v = 0; v < version; ++v) {
                    db.exec(schema::kMigrations[v]);
                }
            }
            QCOMPARE(schemaOf(built), schemaOf(frozen));
        }
    }

    void migratesEveryEarlierVersion_data() {
        QTest::addColumn<int>("version");
        for (int version = 1; version < schema::kVersion; ++version) {
            QTest::addRow("v%d", version) << version;
        }
    }

    // Opening an older run upgrades it in place: the schema becomes this
    // build's, every ledger and journal row stays, and what this build
    // adds (indexes, the order_causes view) works on the old rows.
    void migratesEveryEarlierVersion() {
        QFETCH(int, version);
        const std::string file = databaseAt(version);
        QCOMPARE(userVersion(file), version);

        const RunReader migrated(file);
        QCOMPARE(userVersion(file), schema::kVersion);
        QCOMPARE(schemaOf(file), schemaOf(m_fresh));

        const RunReader reference(m_reference);
        QCOMPARE(migrated.ledgerHash(), reference.ledgerHash());
        const auto journal = migrated.journal();
        const auto expected = reference.journal();
        QCOMPARE(journal.size(), expected.size());
        for (std::size_t i = 0; i < journal.size(); ++i) {
            QCOMPARE(journal[i].kind, expected[i].kind);
            QCOMPARE(journal[i].causality, expected[i].causality);
            QCOMPARE(journal[i].context, expected[i].context);
        }
        QCOMPARE(migrated.runInfo(), reference.runInfo());
        QCOMPARE(migrated.bars().size(), std::size_t{6});
        for (const auto key : {AnalysisKey::kOrigin, AnalysisKey::kSignal, AnalysisKey::kRegime}) {
            QCOMPARE(analysisText(migrated, key), analysisText(reference, key));
        }
        QVERIFY(RunVerifier(file).verify().ok());
    }

    // A step that fails leaves the database at the version it had, with
    // nothing of the step applied.
    void aFailedStepChangesNothing() {
        const std::string file = databaseAt(schema::kVersion - 1);
        {
            SqliteDb db(file, SqliteDb::Mode::kReadWrite);
            // the step creates this index after rebuilding the equity table
            db.exec("CREATE TABLE clash (x INTEGER)");
            db.exec("CREATE INDEX equity_ts ON clash(x)");
        }
        const auto before = schemaOf(file);
        try {
            SqliteDb db(file, SqliteDb::Mode::kReadWrite);
            db.migrate();
            QFAIL("the migration did not fail");
        } catch (const StorageError& error) {
            QCOMPARE(std::string(error.what()), file + ": index equity_ts already exists");
        }
        QCOMPARE(userVersion(file), schema::kVersion - 1);
        QCOMPARE(schemaOf(file), before);
    }

    void refusesANewerDatabase() {
        const std::string file = path("newer.sqlite");
        std::filesystem::copy_file(m_reference, file,
                                   std::filesystem::copy_options::overwrite_existing);
        {
            SqliteDb db(file, SqliteDb::Mode::kReadWrite);
            db.exec(("PRAGMA user_version = " + std::to_string(schema::kVersion + 1)).c_str());
        }
        const std::string message =
            file + ": database schema version " + std::to_string(schema::kVersion + 1) +
            " is newer than this build's " + std::to_string(schema::kVersion);
        const auto expectRefusal = [&](const auto& open) {
            try {
                open();
                QFAIL("a newer database was accepted");
            } catch (const StorageError& error) {
                QCOMPARE(std::string(error.what()), message);
            }
        };
        expectRefusal([&] { RunReader reader(file); });
        expectRefusal([&] { RunVerifier verifier(file); });
        expectRefusal([&] { SqliteDb(file, SqliteDb::Mode::kReadWrite).migrate(); });
        QCOMPARE(userVersion(file), schema::kVersion + 1);
    }

    void refusesAFileThatIsNotARun() {
        const std::string file = path("empty.sqlite");
        SqliteDb(file, SqliteDb::Mode::kCreate).exec("CREATE TABLE notes (text TEXT)");
        try {
            RunReader reader(file);
            QFAIL("a database without a ledger was read as a run");
        } catch (const StorageError& error) {
            QCOMPARE(std::string(error.what()),
                     file + ": not a Causeway run database (no ledger tables)");
        }
        QCOMPARE(userVersion(file), 0);  // and it was not turned into one
    }
};

QTEST_APPLESS_MAIN(TestStorageMigrations)
#include "test_storage_migrations.moc"
