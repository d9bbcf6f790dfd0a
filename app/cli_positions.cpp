#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <map>

#include "cli_commands.h"
#include "engine/storage/run_reader.h"

namespace causeway::app {

namespace {

engine::Quantity absolute(engine::Quantity q) {
    return q < engine::Quantity() ? -q : q;
}

struct Marked {
    const engine::PositionRow* row = nullptr;
    std::optional<engine::Price> mark;
    engine::Money value;       // at the mark; negative short
    engine::Money unrealized;  // against the average cost
};

QJsonValue number(const std::optional<engine::Price>& price) {
    return price ? QJsonValue(price->toDouble()) : QJsonValue();
}

}  // namespace

// Positions of a run, per strategy and symbol, marked at each symbol's last
// bar: quantity, average cost, market value, unrealized pnl against the
// average cost, realized pnl by average cost and by FIFO lots, fees and the
// open lots; then per symbol over its strategies, and the account (cash and
// equity at the last mark).
int runPositions(const std::vector<std::string>& rawArgs) {
    const CliArgs args(rawArgs, {{"db", "symbol", "strategy"}, {}, {"json", "lots"}});
    const engine::RunReader reader(args.required("db"));
    const auto closes = reader.lastCloses();
    const auto rows = reader.positions();
    std::vector<Marked> marked;
    struct Total {
        engine::Quantity qty;
        engine::Money value, unrealized, realized, realizedFifo, fees;
    };
    std::map<std::string, Total> bySymbol;
    for (const auto& row : rows) {
        if ((args.has("symbol") && row.symbol != args.value("symbol")) ||
            (args.has("strategy") && row.strategy != args.value("strategy"))) {
            continue;
        }
        Marked m;
        m.row = &row;
        if (const auto close = closes.find(row.symbol); close != closes.end()) {
            m.mark = close->second;
            const engine::Money value = engine::notional(close->second, absolute(row.qty));
            const engine::Money cost = engine::notional(row.avgPrice, absolute(row.qty));
            const bool isShort = row.qty < engine::Quantity();
            m.value = isShort ? -value : value;
            m.unrealized = isShort ? cost - value : value - cost;
        }
        Total& total = bySymbol[row.symbol];
        total.qty += row.qty;
        total.value += m.value;
        total.unrealized += m.unrealized;
        total.realized += row.realizedPnl;
        total.realizedFifo += row.realizedPnlFifo;
        total.fees += row.fees;
        marked.push_back(m);
    }
    const auto equity = reader.equity();

    if (args.flag("json")) {
        QJsonArray positions;
        for (const auto& m : marked) {
            const engine::PositionRow& row = *m.row;
            QJsonArray lots;
            for (const auto& lot : row.lots) {
                lots.append(QJsonObject{
                    {QStringLiteral("fill_id"), QString::fromStdString(lot.fillId)},
                    {QStringLiteral("time"), QString::fromStdString(engine::formatIso8601(lot.ts))},
                    {QStringLiteral("price"), lot.price.toDouble()},
                    {QStringLiteral("qty"), lot.qty.toDouble()}});
            }
            positions.append(
                QJsonObject{{QStringLiteral("strategy"), QString::fromStdString(row.strategy)},
                            {QStringLiteral("symbol"), QString::fromStdString(row.symbol)},
                            {QStringLiteral("qty"), row.qty.toDouble()},
                            {QStringLiteral("avg_price"), row.avgPrice.toDouble()},
                            {QStringLiteral("mark"), number(m.mark)},
                            {QStringLiteral("market_value"), m.value.toDouble()},
                            {QStringLiteral("unrealized_pnl"), m.unrealized.toDouble()},
                            {QStringLiteral("realized_pnl"), row.realizedPnl.toDouble()},
                            {QStringLiteral("realized_pnl_fifo"), row.realizedPnlFifo.toDouble()},
                            {QStringLiteral("fees"), row.fees.toDouble()},
                            {QStringLiteral("updated_time"),
                             QString::fromStdString(engine::formatIso8601(row.updatedTs))},
                            {QStringLiteral("lots"), lots}});
        }
        QJsonArray symbols;
        for (const auto& [symbol, total] : bySymbol) {
            symbols.append(
                QJsonObject{{QStringLiteral("symbol"), QString::fromStdString(symbol)},
                            {QStringLiteral("qty"), total.qty.toDouble()},
                            {QStringLiteral("market_value"), total.value.toDouble()},
                            {QStringLiteral("unrealized_pnl"), total.unrealized.toDouble()},
                            {QStringLiteral("realized_pnl"), total.realized.toDouble()},
                            {QStringLiteral("realized_pnl_fifo"), total.realizedFifo.toDouble()},
                            {QStringLiteral("fees"), total.fees.toDouble()}});
        }
        QJsonObject account;
        if (!equity.empty()) {
            account = {{QStringLiteral("time"),
                        QString::fromStdString(engine::formatIso8601(equity.back().ts))},
                       {QStringLiteral("cash"), equity.back().cash.toDouble()},
                       {QStringLiteral("equity"), equity.back().equity.toDouble()}};
        }
        printJson(QJsonDocument(QJsonObject{{QStringLiteral("positions"), positions},
                                            {QStringLiteral("symbols"), symbols},
                                            {QStringLiteral("account"), account}}));
        return kOk;
    }

    std::printf("%-14s %-8s %12s %14s %14s %14s %14s %14s %14s %10s\n", "strategy", "symbol", "qty",
                "avg price", "mark", "value", "unrealized", "realized", "realized fifo", "fees");
    for (const auto& m : marked) {
        const engine::PositionRow& row = *m.row;
        std::printf("%-14s %-8s %12s %14s %14s %14s %14s %14s %14s %10s\n", row.strategy.c_str(),
                    row.symbol.c_str(), row.qty.toString().c_str(), row.avgPrice.toString().c_str(),
                    m.mark ? m.mark->toString().c_str() : "-", m.value.toString().c_str(),
                    m.unrealized.toString().c_str(), row.realizedPnl.toString().c_str(),
                    row.realizedPnlFifo.toString().c_str(), row.fees.toString().c_str());
        if (args.flag("lots")) {
            for (const auto& lot : row.lots) {
                std::printf("    lot %s %s: %s at %s\n", lot.fillId.c_str(),
                            engine::formatIso8601(lot.ts).c_str(), lot.qty.toString().c_str(),
                            lot.price.toString().c_str());
            }
        }
    }
    for (const auto& [symbol, total] : bySymbol) {
        std::printf("%-14s %-8s %12s %14s %14s %14s %14s %14s %14s %10s\n", "(all)", symbol.c_str(),
                    total.qty.toString().c_str(), "", "", total.value.toString().c_str(),
                    total.unrealized.toString().c_str(), total.realized.toString().c_str(),
                    total.realizedFifo.toString().c_str(), total.fees.toString().c_str());
    }
    if (!equity.empty()) {
        std::printf("account at %s: cash %s, equity %s\n",
                    engine::formatIso8601(equity.back().ts).c_str(),
                    equity.back().cash.toString().c_str(), equity.back().equity.toString().c_str());
    }
    return kOk;
}

}  // namespace causeway::app
