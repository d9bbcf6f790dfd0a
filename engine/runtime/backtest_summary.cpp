#include "engine/runtime/backtest_summary.h"

#include <QString>

namespace causeway::engine {

QJsonObject BacktestSummary::toJson() const {
    return QJsonObject{
        {QStringLiteral("strategy"), QString::fromStdString(strategy)},
        {QStringLiteral("symbol"), QString::fromStdString(symbol)},
        {QStringLiteral("bars"), static_cast<qint64>(bars)},
        {QStringLiteral("events"), static_cast<qint64>(events)},
        {QStringLiteral("orders"), static_cast<qint64>(orders)},
        {QStringLiteral("fills"), static_cast<qint64>(fills)},
        {QStringLiteral("trades"), static_cast<qint64>(trades)},
        {QStringLiteral("initial_cash"), initialCash.toDouble()},
        {QStringLiteral("net_pnl"), netPnl.toDouble()},
        {QStringLiteral("fees"), fees.toDouble()},
        {QStringLiteral("return_pct"), returnPct},
        {QStringLiteral("max_drawdown_pct"), maxDrawdownPct},
        {QStringLiteral("sharpe"), sharpe},
        {QStringLiteral("win_rate"), winRate},
        // no losing trade: the ratio is unbounded, which JSON cannot hold
        {QStringLiteral("profit_factor"),
         profitFactor < 0 ? QJsonValue() : QJsonValue(profitFactor)},
        {QStringLiteral("elapsed_s"), elapsedSeconds},
        {QStringLiteral("events_per_sec"), eventsPerSecond},
        {QStringLiteral("ledger_hash"), QString::fromStdString(ledgerHash)},
        {QStringLiteral("cancelled"), cancelled},
        {QStringLiteral("data_quality"),
         QJsonObject{{QStringLiteral("price_jumps"), static_cast<qint64>(priceJumps)},
                     {QStringLiteral("volume_outliers"), static_cast<qint64>(volumeOutliers)},
                     {QStringLiteral("gaps"), static_cast<qint64>(gaps)}}},
    };
}

}  // namespace causeway::engine
