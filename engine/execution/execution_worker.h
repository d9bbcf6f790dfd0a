#pragma once

#include <QJsonObject>

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/core/ids.h"
#include "engine/execution/ledger_sink.h"
#include "engine/execution/simulated_exchange.h"
#include "engine/strategy/worker.h"

namespace causeway::engine {

// Turns execution directives into orders and exchange replies into fills,
// owning the ledger's containers (Trade -> ExecutionGroup -> Order -> Fill),
// positions and cash. Every change leaves as a record for the ledger, and
// every order and fill as a journal entry carrying its causality chain.
class ExecutionWorker final : public LedgerStateProvider {
public:
    ExecutionWorker(ExecutionConnector& connector, LedgerSink& sink, IdGenerator& ids,
                    Money initialCash);

    // Sync flow: place the directive's orders. `context` is the flow's
    // snapshot, journaled with each order.
    void execute(const ExecutionDirective& directive, const QJsonObject& context, Timestamp now);
    // Async flow: an exchange reply.
    void onReply(const ExchangeReply& reply);
    // Records cash and equity at the bar's close.
    void markToMarket(const Candle& bar);

    Quantity position(const std::string& strategy, Symbol symbol) const override;
    int openOrders(const std::string& strategy, Symbol symbol) const override;

    std::int64_t orderCount() const { return m_orderCount; }
    std::int64_t fillCount() const { return m_fillCount; }
    const std::vector<Money>& closedTradePnls() const override { return m_closedPnls; }
    Money equity() const override;
    // The bar's close is the latest price for equity() from now on.
    void observeClose(const Candle& bar);
    const std::vector<double>& equityCurve() const { return m_equityCurve; }
    Money cash() const { return m_cash; }
    Money totalFees() const { return m_fees; }

private:
    struct PositionState {
        Quantity qty;  // signed: short is negative
        Price avgPrice;
        Money realizedPnl;
        Money fees;
    };
    struct OrderContext {
        Order order;
        CausalityChain causality;
        QJsonObject context;
    };
    using Key = std::pair<std::string, std::uint32_t>;  // strategy, symbol id

    void applyFill(OrderContext& ctx, const Fill& fill);
    // A trade whose entry orders all ended without a fill never existed in
    // the market: it becomes void instead of staying open forever.
    void voidTradeIfNeverEntered(const std::string& tradeId);
    void updateTrade(const OrderContext& ctx, const Fill& fill);
    void transition(Order& order, OrderStatus to, Timestamp ts);

    ExecutionConnector& m_connector;
    LedgerSink& m_sink;
    IdGenerator& m_ids;
    Money m_cash;
    Money m_fees;
    std::map<Key, PositionState> m_positions;
    std::map<Key, std::string> m_openTrade;  // trade id of the open round trip
    std::unordered_map<std::string, TradeRecord> m_trades;
    std::unordered_map<std::string, OrderContext> m_orders;
    std::map<Key, int> m_working;
    std::map<std::uint32_t, Price> m_lastClose;
    std::int64_t m_seq = 0;
    std::int64_t m_orderCount = 0;
    std::int64_t m_fillCount = 0;
    std::vector<Money> m_closedPnls;
    std::vector<double> m_equityCurve;
    Timestamp m_lastMarkTs = 0;
};

}  // namespace causeway::engine
