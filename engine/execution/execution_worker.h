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
//
// Each leg runs its directive's algorithm: market and limit legs are one
// order each; a TWAP leg is worked as child market orders, one slice at a
// time — the next goes out when the one before has filled, so in a
// backtest the slices fill at consecutive bar opens. A child that expires or
// is rejected ends the TWAP: the rest is not sent, and the trade keeps the
// quantity actually entered. A trade entered (or exited) in several fills
// records the volume-weighted price and its first entry and last exit time.
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
        std::string twapId;  // the TWAP this order is a slice of
    };
    // A TWAP leg between its slices.
    struct Twap {
        Order child;  // the template of the next child order
        std::vector<Quantity> slices;
        std::size_t next = 0;  // the slice to send next
        CausalityChain causality;
        QJsonObject context;
    };
    // What a trade's fills add up to.
    struct TradeFlows {
        Quantity entered;
        Quantity exited;
        Money entryNotional;
        Money exitNotional;
        int entryFills = 0;
        int exitFills = 0;
    };
    using Key = std::pair<std::string, std::uint32_t>;  // strategy, symbol id

    // Gives `ctx.order` its id and sequence, records and journals it, and
    // hands it to the connector.
    void place(OrderContext ctx, Timestamp now);
    void sendNextSlice(const std::string& twapId, Timestamp now);
    void applyFill(OrderContext& ctx, const Fill& fill);
    // After an order of the trade ended without filling: once no entry
    // order works any more, a trade never entered becomes void (it never
    // existed in the market) and one entered in part keeps the quantity
    // entered.
    void settleEntry(const std::string& tradeId);
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
    std::unordered_map<std::string, TradeFlows> m_tradeFlows;
    std::unordered_map<std::string, OrderContext> m_orders;
    std::unordered_map<std::string, Twap> m_twaps;
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
