#pragma once

#include <QJsonObject>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/fixed_point.h"
#include "engine/core/timestamp.h"
#include "engine/storage/run_reader.h"
#include "engine/strategy/causality.h"

namespace causeway::engine {

// One run's side of a trade: its ledger row and what diff adds to it.
// Slippage is basis points, positive when it cost the trader (slippage.h),
// averaged over the entry (or exit) fills by quantity; empty without fills
// or reference.
struct DiffTrade {
    TradeRow trade;
    std::optional<Origin> origin;      // of the decision that opened it; empty: not journaled
    std::vector<std::string> signals;  // that decision's signal types
    std::optional<double> entrySlippageBps;
    std::optional<double> exitSlippageBps;
    std::optional<double> entryArrivalSlippageBps;
    std::optional<double> exitArrivalSlippageBps;
};

// One compared figure of a matched trade whose two values differ.
struct FieldDiff {
    enum class Unit { kPrice, kQuantity, kMoney, kBps, kTime, kText };
    std::string field;  // "entry_price", "pnl", ... as in `diff --json`
    Unit unit = Unit::kText;
    // Exact text ("60.75", an ISO 8601 time, "closed"); empty: the run has none.
    std::string a;
    std::string b;
    // a − b, exact for prices, quantities and money; seconds for times;
    // empty for text or when one side has no value.
    std::optional<double> delta;
};

// Two trades, one of each run, opened by the same decision: the same
// origin (type and id; its time and symbol when it has no id), strategy,
// symbol and side.
struct TradeDiff {
    DiffTrade a;
    DiffTrade b;
    // Only the figures that differ, in this order: status, qty, entry_time,
    // entry_price, exit_time, exit_price, fees, entry_slippage_bps,
    // exit_slippage_bps, entry_arrival_slippage_bps,
    // exit_arrival_slippage_bps, pnl.
    std::vector<FieldDiff> differences;
    bool differs() const { return !differences.empty(); }
};

// What one run's journal says at the point of divergence.
struct DivergenceEvent {
    std::string journalKind;  // "order", "fill", "risk_blocked", "decision_rejected", ...
    Timestamp ts = 0;
    std::string orderId;
    std::string fillId;
    std::string tradeId;
    std::optional<Price> price;
    std::optional<Quantity> qty;
    std::optional<Money> fee;
    std::string detail;  // rationale, rejection reason or risk breaches
};

// The earliest point at which the two journals part. Kinds, in the order
// that breaks a tie at one instant (the causal order of a flow):
//   decision           a decision (and its orders) in one run only
//   decision_rejected  a decision not taken in one run only
//   risk_blocked       a decision blocked by a risk limit in one run only
//   order              an order in one run only
//   order_terms        the same order with other terms (type, qty, prices)
//   order_rejected     an order rejected in one run only
//   order_event        another order event (cancel, expiry, …) in one only
//   fill               a fill in one run only
//   fill_price, fill_qty, fee, fill_time   the same fill, differently
//   journal            another journal entry (circuit breaker, …) in one only
struct Divergence {
    Timestamp ts = 0;
    std::string kind;
    std::string reason;  // one sentence, naming the signal and both values
    std::string onlyIn;  // "a" | "b" for the "in one run only" kinds, else empty
    std::string strategy;
    std::string symbol;
    std::string side;  // the decision's: "buy" | "sell"
    std::optional<Origin> origin;
    std::vector<std::string> signals;
    std::optional<DivergenceEvent> a;
    std::optional<DivergenceEvent> b;
};

// A run_info row whose value differs; an empty optional: the run has no row.
struct SettingDiff {
    std::string key;
    std::optional<std::string> a;
    std::optional<std::string> b;
};

// `diff`: two runs compared trade by trade through their causality chains.
// Trades are those that entered (open or closed); a void trade, whose entry
// never filled, is not one, and its rejection shows as the divergence.
struct RunDiff {
    std::string pathA;
    std::string pathB;
    std::vector<TradeDiff> matched;  // in A's ledger order
    std::vector<DiffTrade> onlyA;
    std::vector<DiffTrade> onlyB;
    std::optional<Divergence> firstDivergence;  // empty: the journals agree
    std::vector<SettingDiff> settings;          // by key
    std::size_t tradesA = 0;
    std::size_t tradesB = 0;
    Money netPnlA;  // closed trades' pnl, net of fees
    Money netPnlB;

    std::size_t differingTrades() const;
    // No trade in one run only, no matched trade that differs, no divergence.
    bool agree() const;
    // `diff --json`: matched, only_a, only_b and differing (counts),
    // first_divergence (or null), trades (the matched trades that differ,
    // each with only its differing figures), only_a_trades, only_b_trades,
    // settings, and the runs' totals.
    QJsonObject toJson() const;
};

RunDiff diffRuns(const RunReader& a, const RunReader& b);
// Opens both runs read-only; a StorageError names the file that failed.
RunDiff diffRuns(const std::string& pathA, const std::string& pathB);

}  // namespace causeway::engine
