#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <map>
#include <optional>
#include <string>

#include "cli_runner.h"
#include "engine/core/fixed_point.h"
#include "engine/core/timestamp.h"
#include "engine/storage/run_reader.h"

using namespace causeway::engine;

namespace {

// One backtest and the golden that tests/tools/fill_reference.py (an
// independent computation of DESIGN.md's bar-data fill model with the
// rounding of fixed_point.h) wrote for it; the command that generated it is
// in the script's docstring and in the golden's "generated_by".
struct Case {
    const char* golden;
    const char* data;
    QStringList params;
    const char* feeBps;
    const char* slippageBps;
};

QJsonObject readGolden(const QString& name) {
    QFile file(QStringLiteral(CAUSEWAY_GOLDEN_DIR "/") + name);
    if (!file.open(QIODevice::ReadOnly)) {
        qFatal("cannot read golden %s", qPrintable(file.fileName()));
    }
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        qFatal("golden %s is not a JSON object: %s", qPrintable(file.fileName()),
               qPrintable(error.errorString()));
    }
    return doc.object();
}

QString text(const QJsonObject& row, const char* field) {
    return row[QLatin1String(field)].toString();
}

// Collects every difference between the engine's ledger and the golden,
// each naming the row (fill 12, trade 3) and the field.
class Mismatches {
public:
    void add(const QString& where, const char* field, const QString& engine,
             const QString& golden) {
        m_lines << QStringLiteral("%1: %2: engine %3, golden %4")
                       .arg(where, QLatin1String(field), engine, golden);
    }
    void text(const QString& where, const char* field, const std::string& engine,
              const QString& golden) {
        if (QString::fromStdString(engine) != golden) {
            add(where, field, QString::fromStdString(engine), golden);
        }
    }
    // Exact decimal equality: the golden's text parsed the way the engine
    // parses decimals, compared as fixed-point integers. The golden must be
    // in the engine's own shortest eight-digit form, so that a ninth digit
    // cannot round a wrong value into a right one.
    template <class T>
    void exact(const QString& where, const char* field, const std::optional<T>& engine,
               const QString& golden) {
        const QString actual =
            engine ? QString::fromStdString(engine->toString()) : QStringLiteral("none");
        const auto expected = T::parse(golden.toStdString());
        if (!expected || QString::fromStdString(expected->toString()) != golden) {
            add(where, field, actual,
                QStringLiteral("'%1' (not an eight-digit decimal in shortest form)").arg(golden));
        } else if (!engine || *engine != *expected) {
            add(where, field, actual, golden);
        }
    }
    template <class T>
    void exact(const QString& where, const char* field, const T& engine, const QString& golden) {
        exact(where, field, std::optional<T>(engine), golden);
    }
    void count(const char* what, qsizetype engine, qsizetype golden) {
        if (engine != golden) {
            add(QLatin1String(what), "count", QString::number(engine), QString::number(golden));
        }
    }
    bool empty() const { return m_lines.isEmpty(); }
    QByteArray report() const {
        constexpr qsizetype kShown = 25;
        QStringList shown = m_lines.mid(0, kShown);
        if (m_lines.size() > kShown) {
            shown << QStringLiteral("... and %1 more").arg(m_lines.size() - kShown);
        }
        return QStringLiteral("%1 difference(s) from the golden:\n  %2")
            .arg(m_lines.size())
            .arg(shown.join(QStringLiteral("\n  ")))
            .toUtf8();
    }

private:
    QStringList m_lines;
};

}  // namespace

// A backtest with slippage and fees on real data, fill by fill, against an
// independent computation: every fill's time, side, quantity, price and fee,
// every closed trade and the final cash and equity agree exactly (as
// eight-digit decimals, never within a tolerance).
class TestFillReference final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    void check(const Case& c) {
        const QJsonObject golden = readGolden(QLatin1String(c.golden));

        // the golden was generated for exactly this run
        QCOMPARE(golden[QStringLiteral("strategy")].toString(), QStringLiteral("ema_cross"));
        QCOMPARE(golden[QStringLiteral("data")].toString(), QLatin1String(c.data));
        QCOMPARE(golden[QStringLiteral("fee_bps")].toString(), QString::fromLatin1(c.feeBps));
        QCOMPARE(golden[QStringLiteral("slippage_bps")].toString(),
                 QString::fromLatin1(c.slippageBps));
        QCOMPARE(golden[QStringLiteral("initial_cash")].toString(), QStringLiteral("100000"));
        const QJsonObject goldenParams = golden[QStringLiteral("params")].toObject();
        for (const QString& param : c.params) {
            QCOMPARE(goldenParams[param.section(QLatin1Char('='), 0, 0)].toString(),
                     param.section(QLatin1Char('='), 1));
        }

        const QString db = m_dir.filePath(QString::fromLatin1(c.golden).replace(
            QStringLiteral(".json"), QStringLiteral(".sqlite")));
        QStringList args{QStringLiteral("backtest"), QStringLiteral("--data"),
                         QDir::cleanPath(QStringLiteral(CAUSEWAY_TEST_DATA_DIR "/../../") +
                                         QLatin1String(c.data)),
                         QStringLiteral("--strategy"), QStringLiteral("ema_cross")};
        for (const QString& param : c.params) {
            args << QStringLiteral("--param") << param;
        }
        args << QStringLiteral("--fee-bps") << QLatin1String(c.feeBps)
             << QStringLiteral("--slippage-bps") << QLatin1String(c.slippageBps)
             << QStringLiteral("--db") << db << QStringLiteral("--json");
        const causeway::test::CliResult result = causeway::test::runCli(args);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QJsonObject summary = QJsonDocument::fromJson(result.out).object();
        QVERIFY2(!summary.isEmpty(), result.out.constData());

        const RunReader reader(db.toStdString());
        Mismatches diff;

        // every fill, in ledger order, with its order's side and origin
        std::map<std::string, OrderRow> orders;
        for (const OrderRow& order : reader.orders()) {
            orders.emplace(order.orderId, order);
        }
        std::map<std::string, std::string> origins;
        for (const OrderCause& cause : reader.orderCauses()) {
            origins.emplace(cause.orderId, cause.originType.value_or("unknown"));
        }
        const auto fills = reader.fills();
        const QJsonArray goldenFills = golden[QStringLiteral("fills")].toArray();
        for (qsizetype i = 0; i < std::min<qsizetype>(goldenFills.size(), fills.size()); ++i) {
            const FillRow& fill = fills[static_cast<std::size_t>(i)];
            const QJsonObject expected = goldenFills[i].toObject();
            const QString where = QStringLiteral("fill %1 (%2)").arg(i).arg(text(expected, "time"));
            const auto order = orders.find(fill.orderId);
            diff.text(where, "time", formatIso8601(fill.ts), text(expected, "time"));
            diff.text(where, "side", order == orders.end() ? "no order" : order->second.side,
                      text(expected, "side"));
            diff.exact(where, "qty", fill.qty, text(expected, "qty"));
            diff.exact(where, "price", fill.price, text(expected, "price"));
            diff.exact(where, "fee", fill.fee, text(expected, "fee"));
            const auto origin = origins.find(fill.orderId);
            diff.text(where, "origin", origin == origins.end() ? "none" : origin->second,
                      text(expected, "origin"));
        }
        diff.count("fills", static_cast<qsizetype>(fills.size()), goldenFills.size());

        // every closed round trip, and none left open
        const auto trades = reader.trades(true);
        const QJsonArray goldenTrades = golden[QStringLiteral("trades")].toArray();
        for (qsizetype i = 0; i < std::min<qsizetype>(goldenTrades.size(), trades.size()); ++i) {
            const TradeRow& trade = trades[static_cast<std::size_t>(i)];
            const QJsonObject expected = goldenTrades[i].toObject();
            const QString where =
                QStringLiteral("trade %1 (%2)").arg(i).arg(text(expected, "entry_time"));
            diff.text(where, "side", trade.side, text(expected, "side"));
            diff.exact(where, "qty", trade.qty, text(expected, "qty"));
            diff.text(where, "entry_time", trade.entryTs ? formatIso8601(*trade.entryTs) : "none",
                      text(expected, "entry_time"));
            diff.exact(where, "entry_price", trade.entryPrice, text(expected, "entry_price"));
            diff.text(where, "exit_time", trade.exitTs ? formatIso8601(*trade.exitTs) : "none",
                      text(expected, "exit_time"));
            diff.exact(where, "exit_price", trade.exitPrice, text(expected, "exit_price"));
            diff.exact(where, "pnl", trade.pnl, text(expected, "pnl"));
            diff.exact(where, "fees", trade.fees, text(expected, "fees"));
        }
        diff.count("closed trades", static_cast<qsizetype>(trades.size()), goldenTrades.size());
        LedgerFilter open;
        open.status = "open";
        diff.count("open trades", static_cast<qsizetype>(reader.listTrades(open).size()), 0);

        // the final cash and equity, after the end-of-data exit
        const auto equity = reader.equity();
        diff.count("equity marks", static_cast<qsizetype>(equity.size()),
                   golden[QStringLiteral("equity_marks")].toInt());
        if (!equity.empty()) {
            diff.exact(QStringLiteral("final mark"), "cash", equity.back().cash,
                       golden[QStringLiteral("final_cash")].toString());
            diff.exact(QStringLiteral("final mark"), "equity", equity.back().equity,
                       golden[QStringLiteral("final_equity")].toString());
        }

        // the --json summary agrees with its own ledger and the golden
        diff.count("summary fills", summary[QStringLiteral("fills")].toInteger(),
                   goldenFills.size());
        diff.count("summary trades", summary[QStringLiteral("trades")].toInteger(),
                   goldenTrades.size());
        diff.count("summary orders", summary[QStringLiteral("orders")].toInteger(),
                   golden[QStringLiteral("orders")].toInt());
        diff.count("summary bars", summary[QStringLiteral("bars")].toInteger(),
                   golden[QStringLiteral("bars")].toInt());
        // JSON numbers are the engine's Money as a double: back to eight
        // digits, exactly the Money it printed
        diff.exact(QStringLiteral("summary"), "net_pnl",
                   Money::fromDouble(summary[QStringLiteral("net_pnl")].toDouble()),
                   golden[QStringLiteral("net_pnl")].toString());
        diff.exact(QStringLiteral("summary"), "fees",
                   Money::fromDouble(summary[QStringLiteral("fees")].toDouble()),
                   golden[QStringLiteral("total_fees")].toString());

        QVERIFY2(diff.empty(), diff.report().constData());
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    // Long only: six round trips, each entry and exit at the next open moved
    // 10 bp against the trader and charged 5 bp of its notional.
    void msftDailyLongOnlyIsExactFillByFill() {
        check({"fills_msft_daily_ema_cross.json",
               "resources/data/msft_daily.csv",
               {QStringLiteral("fast=10"), QStringLiteral("slow=30")},
               "5",
               "10"});
    }

    // Always in the market: every cross reverses in two orders (close 3,
    // open 3) filling at one open, fractional bp of slippage and fees, and
    // the last position closed by the end-of-data exit at the last close.
    void sp500DailyReversingIsExactFillByFill() {
        check({"fills_sp500_daily_ema_cross_short.json",
               "resources/data/sp500_daily.csv",
               {QStringLiteral("fast=5"), QStringLiteral("slow=20"),
                QStringLiteral("allow_short=true"), QStringLiteral("qty=3")},
               "2.5",
               "7"});
    }

    // A reversal decided on the last bar: both of its orders expire (no
    // next open), and the end-of-data exit still closes the short the old
    // trade holds, at the last close.
    void aReversalOnTheLastBarExpiresAndTheExitCloses() {
        check({"fills_msft_reversal_last_bar.json",
               "tests/data/msft_reversal_last_bar.csv",
               {QStringLiteral("fast=5"), QStringLiteral("slow=20"),
                QStringLiteral("allow_short=true")},
               "5",
               "10"});
    }
};

QTEST_GUILESS_MAIN(TestFillReference)
#include "test_fill_reference.moc"
