#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>

#include <cstdio>

#include "cli_commands.h"
#include "cli_output.h"
#include "cli_progress.h"
#include "cli_run_options.h"
#include "engine/lab/backtest_runner.h"
#include "engine/lab/html_report.h"
#include "engine/storage/run_reader.h"
#include "engine/storage/storage_error.h"
#include "engine/storage/storage_writer.h"

namespace causeway::app {

namespace {

void writeFile(const std::string& path, const std::string& text) {
    CliOutput out(path);
    out.write(text);
    out.commit();
}

QJsonObject resultJson(const engine::BacktestResult& result) {
    QJsonObject json = result.summary.toJson();
    json[QStringLiteral("statistics")] = engine::toJson(result.statistics);
    QJsonArray symbols;
    for (const engine::SymbolResult& s : result.symbols) {
        symbols.append(
            QJsonObject{{QStringLiteral("symbol"), QString::fromStdString(s.symbol)},
                        {QStringLiteral("timeframe"), QString::fromStdString(s.timeframe)},
                        {QStringLiteral("bars"), static_cast<qint64>(s.bars)},
                        {QStringLiteral("trades"), static_cast<qint64>(s.trades)},
                        {QStringLiteral("initial_cash"), s.initialCash.toDouble()},
                        {QStringLiteral("net_pnl"), s.netPnl.toDouble()},
                        {QStringLiteral("fees"), s.fees.toDouble()}});
    }
    json[QStringLiteral("symbols")] = symbols;
    return json;
}

void writeExports(const std::string& dir, const engine::BacktestResult& result) {
    if (!QDir().mkpath(QString::fromStdString(dir))) {
        throw engine::StorageError("cannot create the export folder '" + dir + "'");
    }
    const QDir folder(QString::fromStdString(dir));
    const auto path = [&](const char* name) {
        return folder.filePath(QLatin1String(name)).toStdString();
    };
    writeFile(path("trades.csv"), engine::tradesCsv(result.input.trades));
    writeFile(path("equity.csv"), engine::equityCsv(result.input.equity));
    writeFile(path("benchmark.csv"), engine::equityCsv(result.input.benchmark));
    writeFile(path("monthly.csv"), engine::monthlyReturnsCsv(result.statistics.monthly));
    writeFile(path("statistics.json"),
              QJsonDocument(resultJson(result)).toJson(QJsonDocument::Indented).toStdString());
}

void printText(const engine::BacktestResult& result, const std::string& db) {
    const engine::BacktestSummary& s = result.summary;
    const engine::RunStatistics& st = result.statistics;
    std::printf("strategy         %s on %s\n", s.strategy.c_str(), s.symbol.c_str());
    std::printf("bars             %lld (%lld events)\n", static_cast<long long>(s.bars),
                static_cast<long long>(s.events));
    std::printf("orders / fills   %lld / %lld\n", static_cast<long long>(s.orders),
                static_cast<long long>(s.fills));
    std::printf("trades           %lld (win rate %.1f%%)\n", static_cast<long long>(s.trades),
                s.winRate * 100.0);
    std::printf("net pnl          %s (%.4f%%), fees %s\n", s.netPnl.toString().c_str(), s.returnPct,
                s.fees.toString().c_str());
    std::printf("annualized       %.4f%% (volatility %.4f%%)\n", st.annualizedReturnPct,
                st.volatilityPct);
    std::printf("max drawdown     %.4f%%\n", s.maxDrawdownPct);
    std::printf("sharpe / sortino %.4f / %.4f\n", s.sharpe, st.sortino);
    if (s.profitFactor < 0) {
        std::printf("profit factor    unbounded (no losing trade)\n");
    } else {
        std::printf("profit factor    %.4f\n", s.profitFactor);
    }
    std::printf("exposure         %.2f%%\n", st.exposurePct);
    if (st.benchmark) {
        std::printf("buy and hold     %.4f%% (max drawdown %.4f%%)\n", st.benchmark->totalReturnPct,
                    st.benchmark->maxDrawdownPct);
    }
    std::printf("elapsed          %.3f s (%.0f events/s)\n", s.elapsedSeconds, s.eventsPerSecond);
    std::printf("ledger hash      %s\n", s.ledgerHash.c_str());
    std::printf("database         %s\n", db.c_str());
    if (s.cancelled) {
        std::printf("cancelled        stopped before the end of the data\n");
    }
}

}  // namespace

int runBacktest(const std::vector<std::string>& rawArgs) {
    const CliArgs args(rawArgs, runOptionsSpec({"db", "report", "export"}, {}, {"json"}));
    const engine::RunSettings settings = runSettings(args);
    const std::string db = args.required("db");
    const engine::ResolvedSettings resolved = engine::resolveRunSettings(settings);
    engine::BacktestOptions options;
    options.threads = threadCount(args);
    options.riskFreeRate = riskFreeRate(args);
    const engine::BacktestData data = backtestData(args);

    engine::StorageWriter writer(db);
    const InterruptGuard interrupt;
    TerminalProgress progress("bars");
    options.storage = &writer;
    options.stop = interrupt.flag();
    options.progress = [&](std::int64_t done, std::int64_t total) { progress.update(done, total); };
    engine::BacktestResult result;
    try {
        result = engine::runBacktest(resolved, data, options);
    } catch (const engine::BacktestError& error) {
        progress.finish();
        writer.finish();
        std::fprintf(stderr, "causeway-cli backtest: %s\n", error.what());
        return 1;
    }
    progress.message("writing the run database...");
    const auto storageError = writer.finish();
    progress.finish();
    if (const auto& error = storageError) {
        std::fprintf(stderr, "causeway-cli backtest: %s\n", error->c_str());
        return kStorage;
    }
    result.summary.ledgerHash = engine::RunReader(db).ledgerHash();

    if (args.has("report")) {
        engine::ReportInput report = engine::backtestReport(resolved, settings, result);
        report.generatedBy = "causeway-cli " + QCoreApplication::applicationVersion().toStdString();
        writeFile(args.value("report"), engine::renderHtmlReport(report));
    }
    if (args.has("export")) {
        writeExports(args.value("export"), result);
    }
    if (args.flag("json")) {
        printJson(QJsonDocument(resultJson(result)));
    } else {
        printText(result, db);
    }
    return interrupt.interrupted() ? kInterrupted : kOk;
}

}  // namespace causeway::app
