#pragma once

#include <QJsonObject>

#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/core/ids.h"
#include "engine/execution/execution_connector.h"
#include "engine/execution/ledger_sink.h"
#include "engine/execution/position_book.h"
#include "engine/execution/risk_engine.h"
#include "engine/strategy/worker.h"

namespace causeway::engine {

// Turns execution directives into orders and exchange replies into fills,
// owning the ledger's containers (Trade -> ExecutionGroup -> Order -> Fill),
// positions and cash. Every change leaves as a record for the ledger, and
// every order, fill, cancel, amendment and risk block as a journal entry
// carrying its causality chain.
//
// Each leg runs its directive's algorithm: market and limit legs are one
// order each; a TWAP leg is worked as child market orders, one slice at a
// time — the next goes out when the one before has filled, so in a
// backtest the slices fill at consecutive bar opens. A child that expires or
// is rejected ends the TWAP: the rest is not sent, and the trade keeps the
// quantity actually entered. An opening leg with a stop-loss, take-profit or
// trail goes out as a bracket: the entry and its protective exits, which
// the exchange holds until the entry fills and which cancel each other.
// A closing leg first cancels what still works for the trade (its exits, the
// rest of its entry). A trade entered (or exited) in several fills records
// the volume-weighted price and its first entry and last exit time.
//
// Every order passes the RiskEngine before it leaves; a leg that breaches a
// limit is not sent and its breaches are journaled (kind risk_blocked) with
// the directive's chain. When a mark trips the circuit breaker, trading is
// blocked until reauthorize(): the block is journaled (trading_blocked),
// the orders that add exposure are cancelled when the limits say so, and the
// blocked handler is told.
class ExecutionWorker final : public LedgerStateProvider {
public:
    ExecutionWorker(ExecutionConnector& connector, LedgerSink& sink, IdGenerator& ids,
                    Money initialCash, RiskLimits limits = {});

    // Sync flow: place the directive's orders. `context` is the flow's
    // snapshot, journaled with each order.
    void execute(const ExecutionDirective& directive, const JournalContext& context, Timestamp now);
    // Cancels or amends a working order (by hand, or the engine itself); the
    // outcome arrives as a reply.
    void cancel(const std::string& orderId, Timestamp now, const std::string& why);
    void modify(const std::string& orderId, const OrderAmendment& amendment, Timestamp now,
                const std::string& why);
    // Async flow: an exchange reply.
    void onReply(const ExchangeReply& reply);
    // Records cash and equity at the bar's close and lets the risk engine
    // see them; `origin` is the flow that marked.
    void markToMarket(const Candle& bar, const Origin& origin);
    // Trading blocked by the circuit breaker is allowed again, by hand;
    // journaled with `symbol`, the executor's.
    void reauthorize(Timestamp ts, const std::string& by, const std::string& symbol = {});
    void setTradingBlockedHandler(std::function<void(const TradingBlocked&)> handler) {
        m_onBlocked = std::move(handler);
    }

    Quantity position(const std::string& strategy, Symbol symbol) const override;
    int openOrders(const std::string& strategy, Symbol symbol) const override;

    std::int64_t orderCount() const { return m_orderCount; }
    std::int64_t fillCount() const { return m_fillCount; }
    std::int64_t blockedCount() const { return m_blockedCount; }
    const std::vector<Money>& closedTradePnls() const override { return m_closedPnls; }
    Money equity() const override;
    // The bar's close is the latest price for equity() from now on.
    void observeClose(const Candle& bar);
    const std::vector<double>& equityCurve() const { return m_equityCurve; }
    Money cash() const { return m_cash; }
    Money totalFees() const { return m_fees; }
    const PositionBook& positions() const { return m_book; }
    const RiskEngine& risk() const { return m_risk; }
    // Orders placed and not yet done, in the order they were placed.
    std::vector<Order> liveOrders() const;

private:
    struct OrderContext {
        Order order;
        CausalityChain causality;
        JournalContext context;
        std::string twapId;     // the TWAP this order is a slice of
        bool reducing = false;  // closes or protects a position: adds no exposure
    };
    // A TWAP leg between its slices.
    struct Twap {
        Order child;  // the template of the next child order
        std::vector<Quantity> slices;
        std::size_t next = 0;  // the slice to send next
        CausalityChain causality;
        JournalContext context;
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

    std::string openTrade(const ExecutionDirective& directive, const ExecutionLeg& leg,
                          Timestamp now);
    // The open trade holding the position a closing leg closes: the oldest
    // with quantity still open, else the newest.
    std::optional<std::string> holdingTrade(const Key& key) const;
    void forgetOpenTrade(const TradeRecord& trade);
    // The orders of one leg, not yet placed: the first is the entry (or the
    // only order), the others its bracket's exits.
    std::vector<OrderContext> legOrders(const ExecutionDirective& directive,
                                        const ExecutionLeg& leg, const JournalContext& context);
    RiskVerdict check(const std::vector<OrderContext>& orders, Quantity total) const;
    RiskExposure exposure(Symbol symbol) const;
    void journalBlocked(const CausalityChain& causality, JournalContext context,
                        const RiskVerdict& verdict, Timestamp now);
    // Gives `ctx.order` its id and sequence, records and journals it, and
    // hands it to the connector. Returns the order id.
    std::string place(OrderContext ctx, Timestamp now);
    void sendNextSlice(const std::string& twapId, Timestamp now);
    void cancelTradeOrders(const std::string& tradeId, Timestamp now, const std::string& why);
    void onFill(OrderContext& ctx, const ExchangeReply& reply);
    void onModified(OrderContext& ctx, const ExchangeReply& reply);
    // The order left the book: forget it, and settle what depended on it.
    void retire(const std::string& orderId);
    // After an order of the trade ended without filling: once no entry
    // order works any more, a trade never entered becomes void (it never
    // existed in the market) and one entered in part keeps the quantity
    // entered.
    void settleEntry(const std::string& tradeId);
    void updateTrade(const OrderContext& ctx, const Fill& fill);
    void transition(Order& order, OrderStatus to, Timestamp ts);
    void journal(const std::string& kind, Timestamp ts, const OrderContext& ctx,
                 JournalContext context, const std::string& fillId = {});

    ExecutionConnector& m_connector;
    LedgerSink& m_sink;
    IdGenerator& m_ids;
    RiskEngine m_risk;
    std::function<void(const TradingBlocked&)> m_onBlocked;
    Money m_cash;
    Money m_fees;
    PositionBook m_book;
    // The open trades of each strategy and symbol, oldest first: more than
    // one while a reversal's new trade waits for the old one to close.
    std::map<Key, std::vector<std::string>> m_openTrades;
    std::unordered_map<std::string, TradeRecord> m_trades;
    std::unordered_map<std::string, TradeFlows> m_tradeFlows;
    std::map<std::string, OrderContext> m_orders;  // live orders by id
    std::unordered_map<std::string, Twap> m_twaps;
    std::map<Key, int> m_working;
    std::map<std::uint32_t, Price> m_lastClose;
    std::int64_t m_seq = 0;
    std::int64_t m_orderCount = 0;
    std::int64_t m_fillCount = 0;
    std::int64_t m_blockedCount = 0;
    std::vector<Money> m_closedPnls;
    std::vector<double> m_equityCurve;
    Timestamp m_lastMarkTs = 0;
};

}  // namespace causeway::engine
