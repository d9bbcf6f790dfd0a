#include <QTemporaryDir>
#include <QTest>

#include <filesystem>

#include "engine/storage/run_verifier.h"
#include "engine/storage/sqlite_db.h"
#include "engine/storage/storage_writer.h"
#include "test_storage_fixture.h"

using namespace causeway::engine;

namespace {
QStringList lines(std::initializer_list<const char*> texts) {
    QStringList list;
    for (const char* text : texts) {
        list.append(QString::fromUtf8(text));
    }
    return list;
}
}  // namespace

// RunVerifier over the hand-worked scenario of test_storage_fixture.h, then
// over copies of it with one thing broken each: every problem is named
// exactly, and nothing else is reported.
class TestStorageVerify final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::string m_good;

    std::string tampered(const std::string& sql) {
        const std::string file = m_dir.filePath(QStringLiteral("tampered.sqlite")).toStdString();
        for (const char* suffix : {"", "-wal", "-shm"}) {
            std::filesystem::remove(file + suffix);
        }
        std::filesystem::copy_file(m_good, file);
        SqliteDb db(file, SqliteDb::Mode::kReadWrite);
        db.exec("PRAGMA foreign_keys=OFF");
        db.exec(sql.c_str());
        return file;
    }

private Q_SLOTS:
    void initTestCase() {
        m_good = m_dir.filePath(QStringLiteral("good.sqlite")).toStdString();
        StorageWriter writer(m_good);
        storage_fixture::ScenarioWriter(writer).write();
        QVERIFY(!writer.finish());
    }

    void aConsistentRunReconciles() {
        const VerifyReport report = RunVerifier(m_good).verify();
        QCOMPARE(report.integrityErrors, std::vector<std::string>{});
        QCOMPARE(report.problems, std::vector<std::string>{});
        QVERIFY(report.ok());
        QCOMPARE(report.orders, std::int64_t{5});
        QCOMPARE(report.fills, std::int64_t{4});
        QCOMPARE(report.trades, std::int64_t{3});
        QCOMPARE(report.positions, std::int64_t{1});
        QCOMPARE(report.journalEntries, std::int64_t{11});
        QCOMPARE(report.equityRows, std::int64_t{6});
        QVERIFY(report.equityChecked);
    }

    void namesWhatDoesNotReconcile_data() {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QStringList>("problems");
        QTest::newRow("order without its journal entry")
            << "DELETE FROM journal WHERE kind = 'order' AND order_id = 'ORD_T1_ENTRY'"
            << lines({"order ORD_T1_ENTRY: no journal entry of kind 'order'"});
        QTest::newRow("order journaled twice")
            << "INSERT INTO journal(kind, ts, order_id, causality, context) SELECT kind, ts, "
               "order_id, causality, context FROM journal WHERE kind = 'order' AND order_id = "
               "'ORD_T2_ENTRY'"
            << lines({"order ORD_T2_ENTRY: 2 journal entries of kind 'order'"});
        QTest::newRow("filled quantity")
            << "UPDATE orders SET filled_qty = '0' WHERE order_id = 'ORD_T1_EXIT'"
            << lines({"order ORD_T1_EXIT: filled_qty 0 but its fills sum to 1",
                      "order ORD_T1_EXIT: status filled with filled_qty 0 of 1"});
        QTest::newRow("order status")
            << "UPDATE orders SET status = 'accepted' WHERE order_id = 'ORD_T2_EXIT'"
            << lines({"order ORD_T2_EXIT: status accepted with filled_qty 1 of 1"});
        QTest::newRow("missing execution group")
            << "DELETE FROM execution_groups WHERE group_id = 'GRP_T1_EXIT'"
            << lines({"order ORD_T1_EXIT: execution group GRP_T1_EXIT does not exist"});
        QTest::newRow("fill without its order")
            << "INSERT INTO fills VALUES ('FIL_GHOST', 'ORD_GHOST', 0, '1', '1', '0', 99, 'taker')"
            << lines({"fill FIL_GHOST: order ORD_GHOST does not exist",
                      "fill FIL_GHOST: no journal entry of kind 'fill'"});
        QTest::newRow("fill journaled under another order")
            << "UPDATE journal SET order_id = 'ORD_T1_ENTRY' WHERE kind = 'fill' AND fill_id = "
               "'FIL_T1_EXIT'"
            << lines({"fill FIL_T1_EXIT: journal entry 7 names order 'ORD_T1_ENTRY', the "
                      "fill belongs to ORD_T1_EXIT"});
        QTest::newRow("journal entry of an order that does not exist")
            << "INSERT INTO journal(kind, ts, order_id, causality, context) VALUES "
               "('order_rejected', 0, 'ORD_GHOST', '{}', '{}')"
            << lines({"journal entry 12 (order_rejected): order ORD_GHOST does not exist"});
        QTest::newRow("position") << "UPDATE positions SET qty = '1'"
                                  << lines(
                                         {"position ema_cross/SYN: qty 1 but its 0 open lots "
                                          "hold 0",
                                          "position ema_cross/SYN: qty 1 but its fills sum to 0"});
        QTest::newRow("lot") << "INSERT INTO position_lots VALUES ('ema_cross', 'SYN', 0, "
                                "'FIL_X', 0, '10', '2')"
                             << lines({"position ema_cross/SYN: qty 0 but its 1 open lots hold 2"});
        QTest::newRow("position fees")
            << "UPDATE positions SET fees = '0.03'"
            << lines({"position ema_cross/SYN: fees 0.03 but its fills' fees sum to 0.04"});
        QTest::newRow("trade pnl") << "UPDATE trades SET pnl = '3' WHERE trade_id = 'TRD_T1'"
                                   << lines({"trade TRD_T1: pnl 3 but its fills give 2.955"});
        QTest::newRow("trade fees")
            << "UPDATE trades SET fees = '0' WHERE trade_id = 'TRD_T2'"
            << lines({"trade TRD_T2: fees 0 but its fills' fees sum to 0.02"});
        QTest::newRow("void trade with fills")
            << "UPDATE trades SET status = 'void' WHERE trade_id = 'TRD_T1'"
            << lines({"trade TRD_T1: void but it has fills"});
        QTest::newRow("open trade fully exited")
            << "UPDATE trades SET status = 'open' WHERE trade_id = 'TRD_T2'"
            << lines({"trade TRD_T2: open but 1 of 1 exited"});
        QTest::newRow("cash")
            << "UPDATE equity SET cash = '1000' WHERE ts = 1704240000000000000"
            << lines({"equity at 2024-01-03T00:00:00Z: cash 1000 but the initial cash and "
                      "the fills give 988.979"});
        QTest::newRow("equity")
            << "UPDATE equity SET equity = '1' WHERE ts = 1704412800000000000"
            << lines({"equity at 2024-01-05T00:00:00Z: equity 1 but cash and the position "
                      "at the close give 1003.933"});
    }
    void namesWhatDoesNotReconcile() {
        QFETCH(QString, sql);
        QFETCH(QStringList, problems);
        const VerifyReport report = RunVerifier(tampered(sql.toStdString())).verify();
        QVERIFY(report.integrityErrors.empty());
        QStringList actual;
        for (const auto& problem : report.problems) {
            actual.append(QString::fromStdString(problem));
        }
        QCOMPARE(actual, problems);
    }

    // A damaged file is reported by SQLite's integrity check, and nothing
    // read from it is reconciled.
    void reportsADamagedFile() {
        const std::string file = tampered(
            "PRAGMA writable_schema = ON; UPDATE sqlite_master SET sql = 'CREATE INDEX "
            "fills_order ON fills(fill_id)' WHERE name = 'fills_order'");
        const VerifyReport report = RunVerifier(file).verify();
        QVERIFY(!report.integrityErrors.empty());
        for (const auto& line : report.integrityErrors) {
            QVERIFY2(line.find("fills_order") != std::string::npos, line.c_str());
        }
        QVERIFY(report.problems.empty());
        QVERIFY(!report.ok());
    }

    // Cash cannot be derived when several executors share the equity table.
    void leavesEquityAloneWithSeveralSymbols() {
        const std::string file = tampered(
            "INSERT INTO bars VALUES ('OTHER', '1d', 1704067200000000000, '1', '1', '1', '1', "
            "'1'); UPDATE equity SET cash = '5'");
        const VerifyReport report = RunVerifier(file).verify();
        QVERIFY(report.ok());
        QVERIFY(!report.equityChecked);
    }

    // A backtest of several symbols says each one's share of the cash:
    // every symbol's curve is then checked against its own fills.
    void checksEachSymbolAgainstItsShare() {
        const std::string shares =
            "INSERT INTO bars VALUES ('OTHER', '1d', 1704067200000000000, '2', '2', '2', '2', "
            "'1'); INSERT INTO run_info VALUES ('symbol_cash', 'SYN=1000,OTHER=7'); ";
        const VerifyReport consistent =
            RunVerifier(
                tampered(shares +
                         "INSERT INTO equity VALUES ('OTHER', 1704067200000000000, '7', '7')"))
                .verify();
        QCOMPARE(consistent.problems, std::vector<std::string>{});
        QVERIFY(consistent.equityChecked);
        const VerifyReport off =
            RunVerifier(
                tampered(shares +
                         "INSERT INTO equity VALUES ('OTHER', 1704067200000000000, '6', '6')"))
                .verify();
        QCOMPARE(off.problems,
                 (std::vector<std::string>{
                     "equity of OTHER at 2024-01-01T00:00:00Z: cash 6 but the initial cash and "
                     "the fills give 7",
                     "equity of OTHER at 2024-01-01T00:00:00Z: equity 6 but cash and the "
                     "position at the close give 7"}));
    }
};

QTEST_APPLESS_MAIN(TestStorageVerify)
#include "test_storage_verify.moc"
