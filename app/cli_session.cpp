#include <QEventLoop>
#include <QJsonArray>
#include <QJsonObject>
#include <QTimer>

#include <cstdio>
#include <filesystem>
#include <set>

#include "cli_commands.h"
#include "engine/runtime/orchestrator.h"
#include "engine/runtime/workspace_config.h"
#include "engine/storage/run_reader.h"
#include "engine/storage/schema.h"
#include "engine/storage/storage_error.h"
#include "engine/storage/storage_writer.h"

namespace causeway::app {

namespace {

bool isLive(const std::string& status) {
    return status == "new" || status == "accepted" || status == "partially_filled";
}

// Where each symbol of a session already in `db` continues: the last bar
// its ledger holds, its positions and its working orders.
std::map<std::string, engine::ResumePoint> resumePoints(const engine::RunReader& reader) {
    std::map<std::string, engine::ResumePoint> points;
    for (const auto& bar : reader.bars()) {
        points[bar.symbol].through = std::max(points[bar.symbol].through, bar.ts);
    }
    for (const auto& position : reader.positions()) {
        if (!position.qty.isZero() && points.contains(position.symbol)) {
            points[position.symbol].positions[position.strategy] = position.qty;
        }
    }
    for (const auto& order : reader.orders()) {
        if (isLive(order.status) && points.contains(order.symbol)) {
            points[order.symbol].liveOrders.insert(order.orderId);
        }
    }
    for (const auto& entry : reader.journal()) {
        const std::string symbol =
            entry.context.value(QStringLiteral("symbol")).toString().toStdString();
        if (entry.kind == "trading_reauthorized" && points.contains(symbol)) {
            points[symbol].reauthorizedAfter.insert(entry.ts);
        }
    }
    return points;
}

QJsonObject summary(const std::string& db, const engine::Orchestrator::Metrics& metrics,
                    bool resumed, bool complete) {
    const engine::RunReader reader(db);
    QJsonArray positions;
    for (const auto& p : reader.positions()) {
        if (p.qty.isZero()) {
            continue;
        }
        positions.append(
            QJsonObject{{QStringLiteral("strategy"), QString::fromStdString(p.strategy)},
                        {QStringLiteral("symbol"), QString::fromStdString(p.symbol)},
                        {QStringLiteral("qty"), p.qty.toDouble()},
                        {QStringLiteral("avg_price"), p.avgPrice.toDouble()}});
    }
    QJsonArray working;
    std::int64_t fills = 0;
    const auto orders = reader.orders();
    for (const auto& order : orders) {
        if (isLive(order.status)) {
            working.append(QString::fromStdString(order.orderId));
        }
    }
    fills = static_cast<std::int64_t>(reader.fills().size());
    const auto equity = reader.equity();
    QJsonArray symbols;
    for (const auto& executor : metrics.perExecutor) {
        symbols.append(QJsonObject{
            {QStringLiteral("symbol"), QString::fromStdString(executor.symbol)},
            {QStringLiteral("strategy"), QString::fromStdString(executor.strategy)},
            {QStringLiteral("bars"), static_cast<qint64>(executor.barsProcessed)},
            {QStringLiteral("bars_total"), static_cast<qint64>(executor.barsTotal)},
            {QStringLiteral("health"),
             QString::fromLatin1(engine::Orchestrator::healthName(executor.health))},
            {QStringLiteral("last_error"), QString::fromStdString(executor.lastError)}});
    }
    return {
        {QStringLiteral("db"), QString::fromStdString(db)},
        {QStringLiteral("resumed"), resumed},
        {QStringLiteral("complete"), complete},
        {QStringLiteral("symbols"), symbols},
        {QStringLiteral("orders"), static_cast<qint64>(orders.size())},
        {QStringLiteral("fills"), static_cast<qint64>(fills)},
        {QStringLiteral("trades"), static_cast<qint64>(reader.trades(true).size())},
        {QStringLiteral("working_orders"), working},
        {QStringLiteral("positions"), positions},
        {QStringLiteral("equity"),
         equity.empty() ? QJsonValue() : QJsonValue(equity.back().equity.toDouble())},
        {QStringLiteral("ledger_hash"), QString::fromStdString(reader.ledgerHash())},
    };
}

}  // namespace

// A paper session of a workspace: its connector, symbols and strategies,
// written to the workspace's database (or --db). A database holding an
// unfinished session of the same workspace is continued: every symbol
// replays the bars its ledger already has without writing them, checks that
// it holds the positions and working orders the ledger recorded, and goes
// on from there — so a session killed at any moment continues where its last
// committed batch ended. --duration stops it after that many seconds (orders
// and positions stay, to be continued); --fresh replaces the database;
// --reauthorize lets trading that the circuit breaker blocked go on where the
// session continues (journaled, and made again by every later replay).
int runSession(const std::vector<std::string>& rawArgs) {
    const CliArgs args(rawArgs,
                       {{"workspace", "duration", "db"}, {}, {"json", "fresh", "reauthorize"}});
    const engine::WorkspaceConfig workspace =
        engine::WorkspaceConfig::load(args.required("workspace"));
    const std::string db = args.value("db", workspace.storage.dbPath);
    double duration = 0.0;
    if (args.has("duration")) {
        const auto value = engine::Quantity::parse(args.value("duration"));
        if (!value || *value <= engine::Quantity()) {
            throw UsageError("invalid value '" + args.value("duration") +
                             "' for --duration: expected a number of seconds > 0");
        }
        duration = value->toDouble();
    }

    engine::Orchestrator::SessionOptions options;
    options.flattenOnStop = false;
    options.reauthorize = args.flag("reauthorize");
    bool resumed = false;
    if (!args.flag("fresh") && std::filesystem::exists(db)) {
        const engine::RunReader reader(db);
        const auto info = reader.runInfo();
        const auto mode = info.find("mode");
        if (mode == info.end() || mode->second != "session" ||
            info.at("workspace") != workspace.directory) {
            throw UsageError(db + " holds a " +
                             (mode == info.end() ? std::string("run") : mode->second) +
                             " of another workspace, not a session of " + workspace.directory +
                             "; pass --fresh to replace it");
        }
        if (info.contains("complete") && info.at("complete") == "true") {
            engine::Orchestrator::Metrics none;
            const QJsonObject result = summary(db, none, false, true);
            if (args.flag("json")) {
                printJson(QJsonDocument(result));
            } else {
                std::printf("session in %s is complete: nothing left to replay\n", db.c_str());
            }
            return kOk;
        }
        options.resume = resumePoints(reader);
        resumed = !options.resume.empty();
    }

    engine::StorageWriterOptions storage;
    storage.batchSize = workspace.storage.batchSize;
    storage.append = !args.flag("fresh");
    engine::StorageWriter writer(db, storage);
    for (const auto& [key, value] : std::vector<std::pair<std::string, std::string>>{
             {"mode", "session"},
             {"workspace", workspace.directory},
             {"connector", std::string(engine::connectorTypeName(workspace.connector.type))},
             {"initial_cash", workspace.engine.initialCash.toString()},
             {"schema_version", std::to_string(engine::schema::kVersion)},
             {"complete", "false"},
         }) {
        writer.write(engine::RunInfoRecord{key, value});
    }

    engine::Orchestrator orchestrator(workspace, writer, options);
    QEventLoop loop;
    QObject::connect(&orchestrator, &engine::Orchestrator::stateChanged, &loop,
                     [&](engine::Orchestrator::State state) {
                         if (state == engine::Orchestrator::State::kStopped) {
                             loop.quit();
                         }
                     });
    QTimer stopper;
    stopper.setSingleShot(true);
    QObject::connect(&stopper, &QTimer::timeout, &orchestrator,
                     [&orchestrator] { orchestrator.stop(); });
    orchestrator.start();
    if (duration > 0) {
        stopper.start(static_cast<int>(duration * 1000.0));
    }
    if (orchestrator.state() != engine::Orchestrator::State::kStopped) {
        loop.exec();
    }

    const engine::Orchestrator::Metrics metrics = orchestrator.metrics();
    bool complete = true;
    bool failed = false;
    for (const auto& executor : metrics.perExecutor) {
        complete = complete && executor.barsProcessed >= executor.barsTotal;
        failed = failed || executor.health == engine::Orchestrator::Health::kFailed;
    }
    if (complete && !failed) {
        writer.write(engine::RunInfoRecord{"complete", "true"});
    }
    if (const auto error = writer.finish()) {
        throw engine::StorageError(*error);
    }
    const QJsonObject result = summary(db, metrics, resumed, complete && !failed);
    if (args.flag("json")) {
        printJson(QJsonDocument(result));
    } else {
        for (const auto& value : result[QStringLiteral("symbols")].toArray()) {
            const QJsonObject s = value.toObject();
            std::printf("%-10s %-18s %lld of %lld bars, %s%s\n",
                        qPrintable(s[QStringLiteral("symbol")].toString()),
                        qPrintable(s[QStringLiteral("strategy")].toString()),
                        static_cast<long long>(s[QStringLiteral("bars")].toInteger()),
                        static_cast<long long>(s[QStringLiteral("bars_total")].toInteger()),
                        qPrintable(s[QStringLiteral("health")].toString()),
                        s[QStringLiteral("last_error")].toString().isEmpty()
                            ? ""
                            : qPrintable(QStringLiteral(": ") +
                                         s[QStringLiteral("last_error")].toString()));
        }
        std::printf(
            "%s: %lld orders, %lld fills, %lld closed trades, %lld working, %s%s\n", db.c_str(),
            static_cast<long long>(result[QStringLiteral("orders")].toInteger()),
            static_cast<long long>(result[QStringLiteral("fills")].toInteger()),
            static_cast<long long>(result[QStringLiteral("trades")].toInteger()),
            static_cast<long long>(result[QStringLiteral("working_orders")].toArray().size()),
            resumed ? "continued" : "new",
            result[QStringLiteral("complete")].toBool() ? ", complete" : "");
    }
    if (failed) {
        std::fprintf(stderr, "causeway-cli session: an executor failed (see above)\n");
        return 1;
    }
    return kOk;
}

}  // namespace causeway::app
