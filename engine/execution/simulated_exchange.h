#pragma once

#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "engine/core/market_data.h"
#include "engine/execution/execution_connector.h"
#include "engine/execution/order.h"
#include "engine/execution/price_path.h"

namespace causeway::engine {

struct SimulationConfig {
    // Fills that take liquidity at the market (market orders, triggered
    // stops) move against the trader by this many bp of their price.
    Money slippageBps;
    // Fee in bp of each fill's notional: maker for a resting limit order
    // filled at its limit, taker for every other fill.
    Money takerFeeBps;
    Money makerFeeBps;
    // From submit() to the book, in ns of market time.
    Timestamp latency = 0;
    // The share of a bar's (a tick's) volume our orders may take together,
    // as a fraction; the rest of an order works on (or, IOC, is cancelled).
    // 0: no cap.
    double participation = 0.0;
    // Injected rejections, for testing how a strategy copes: every Nth
    // order submitted, and a share of orders chosen by a hash of their id
    // (so a run is reproducible).
    int rejectEvery = 0;
    double rejectRate = 0.0;
    // Tests: a reason to reject an order with, or nothing.
    std::function<std::optional<std::string>(const Order&)> rejectIf;
};

// The exchange of backtests and paper sessions, a connector like any other.
//
// Bar data (onBar): an order reaches the book `latency` after the close it
// was decided at — at the next bar's open, or at the point of its path that
// far into the bar — and works along each later bar's PricePath:
//   market         fills where it reaches the book (the next open), with
//                  slippage
//   limit          fills where it reaches the book when the price there is
//                  at or beyond its limit (taker), else where a later price
//                  reaches the limit, at the limit (maker)
//   stop           triggers where the price trades at or through the stop,
//                  filling there like a market order (at the open when a bar
//                  gaps through)
//   stop_limit     triggers as a stop, then works as a limit from there
//   trailing_stop  its stop follows the best price since it was placed (the
//                  last trade then, or its entry's fill for a bracket exit)
// Orders submitted while a bar is processed (from the reply handler) wait
// for the next bar; a bracket's exits, held until their entry fills, work
// from the point of the entry's fill on, in the same bar. With
// `participation`, each bar's volume caps what fills on it. At the end of
// data (settleAtClose) what works is evaluated at the last close.
//
// Tick data (onTick): each trade is a point; market orders and triggered
// stops fill at the trade price (at the ask for a buy, the bid for a sell,
// when the tick quotes them) with slippage; a resting limit fills at its
// limit when a trade reaches it, one marketable where it reaches the book at
// the trade's price. Orders submitted at a tick work from the next one.
//
// Time in force: day orders expire when a bar or tick of a later UTC day than
// the one they could first execute on arrives; ioc and fok orders are
// evaluated once, where they reach the book.
class SimulatedExchange final : public ExecutionConnector {
public:
    explicit SimulatedExchange(SimulationConfig config) : m_config(std::move(config)) {}

    void setReplyHandler(ReplyHandler handler) override { m_reply = std::move(handler); }
    void submit(const Order& order, Timestamp now) override;
    void cancel(const std::string& orderId, Timestamp now) override;
    void modify(const std::string& orderId, const OrderAmendment& amendment,
                Timestamp now) override;

    void onBar(const Candle& bar);
    // The bar along `path`, finer data's route through it (IntraBarDetail).
    void onBar(const Candle& bar, const PricePath& path);
    // The bar as the trade prints inside it: each a tick, then the bar's
    // close is the last price.
    void onBarTicks(const Candle& bar, std::span<const Tick> ticks);
    void onTick(const Tick& tick);
    // No next bar will come: what works is evaluated at this bar's close.
    void settleAtClose(const Candle& bar);
    // No next bar will come for what is working: it expires with `reason`.
    void expireWorking(Timestamp ts, const std::string& reason);

    // Orders in the book or on their way to it.
    std::size_t working() const;
    const SimulationConfig& config() const { return m_config; }

private:
    struct Working {
        Order order;
        Timestamp arrival = 0;  // when it reaches the book
        int barsSeen = 0;
        bool triggered = false;             // a stop_limit whose stop traded
        std::optional<double> triggeredAt;  // ... in the bar being processed
        bool rested = false;                // has been in the book for a bar
        bool seen = false;                  // could execute in this bar
        std::optional<PathPoint> barFrom;   // ... from this point of it
        std::optional<Price> extreme;       // trailing stop: the best price since arrival
        std::optional<std::int64_t> day;    // day: the UTC day it works on
        std::optional<PathPoint> from;      // bracket exit: where its entry filled in this bar
        bool done = false;
    };
    // One point of the market to evaluate orders at.
    struct Market {
        const PricePath* path = nullptr;
        Timestamp ts = 0;
        Timestamp start = 0;  // of the bar (or the tick)
        Timestamp duration = 0;
        std::optional<Price> bid;
        std::optional<Price> ask;
        std::optional<Quantity> budget;  // what our orders may still take here
    };
    // A bracket: the entry's fills and its exits' fills. Its exits work for
    // what the entry holds open.
    struct Bracket {
        Quantity entered;
        Quantity exited;
        bool entryDone = false;
    };
    struct Hit {
        PathPoint at;
        Price price;  // the fill price, before slippage
        bool maker = false;
        bool taker = true;
    };

    Market marketAt(const PricePath& path, Timestamp ts, Timestamp duration,
                    std::optional<Quantity> volume) const;
    void process(Market& market, bool settle);
    std::optional<Hit> evaluate(Working& w, const Market& market, PathPoint from) const;
    std::optional<Hit> evaluateTrailing(const Working& w, const Market& market,
                                        PathPoint from) const;
    void execute(Working& w, const Hit& hit, Market& market);
    void afterFill(Working& w, Quantity qty, const Hit& hit, Market& market);
    // What of an order may fill now: its rest, and for a bracket exit no
    // more than its entry holds open.
    Quantity available(const Working& w) const;
    // Once the entry ended: its exits cover what it left open, or leave.
    void settleBracket(const std::string& entryId, Timestamp ts);
    static Price trailingStop(const Order& order, Price extreme);
    std::optional<PathPoint> activation(const Working& w, const Market& market) const;
    void endOfBar(const Market& market);
    void finish(Working& w, ExchangeReply::Kind kind, Timestamp ts, const std::string& reason);
    void reply(ExchangeReply reply);
    Working* find(const std::string& orderId);
    std::optional<std::string> injectedRejection(const Order& order);
    void mergePending();
    void compact();

    SimulationConfig m_config;
    ReplyHandler m_reply;
    std::vector<Working> m_working;
    std::vector<Working> m_pending;  // submitted while a bar is processed
    bool m_processing = false;
    Timestamp m_clock = 0;  // market time of the last event seen
    std::int64_t m_submitted = 0;
    std::optional<Price> m_last;                // the last traded price seen
    std::map<std::string, Bracket> m_brackets;  // by entry order id
};

}  // namespace causeway::engine
