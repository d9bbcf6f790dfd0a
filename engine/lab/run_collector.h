#pragma once

#include <map>
#include <string>
#include <vector>

#include "engine/execution/ledger_sink.h"
#include "engine/lab/statistics.h"

namespace causeway::engine {

// What the statistics need from one executor's records, taken as they pass
// on to the database (when there is one): its closed round trips, the cost
// of each fill against its arrival price, and the symbol's equity and
// whether a position was open at each close. One executor, one collector:
// no locks.
class RunCollector final : public LedgerSink {
public:
    // `next` receives every record unchanged; null: nothing is stored.
    // `bars` are the executor's, for the arrival prices.
    RunCollector(LedgerSink* next, const std::vector<Candle>& bars) : m_next(next), m_bars(bars) {}

    void write(LedgerRecord record) override;

    // Closed round trips in exit order (a trade rewritten as it changes
    // counts once, as it ended).
    std::vector<TradeOutcome> trades() const;
    const std::vector<FillCost>& fills() const { return m_fills; }
    const std::vector<EquityPoint>& equity() const { return m_equity; }

private:
    void onFill(const Fill& fill);

    LedgerSink* m_next;
    const std::vector<Candle>& m_bars;
    std::map<std::string, Order> m_orders;  // by id
    std::map<std::string, TradeOutcome> m_closed;
    std::map<std::string, std::int64_t> m_closedOrder;  // exit sequence by trade id
    std::int64_t m_closedCount = 0;
    std::vector<FillCost> m_fills;
    std::vector<EquityPoint> m_equity;
    std::map<std::string, bool> m_open;  // by strategy: a position is open
};

// The arrival price of an order (what it cost is measured against): the
// close of the bar it was decided at when it filled at that very time,
// else the open of the first bar after its decision. As RunReader's query.
std::optional<Price> arrivalPrice(const std::vector<Candle>& bars, const Order& order,
                                  Timestamp fillTs);

}  // namespace causeway::engine
