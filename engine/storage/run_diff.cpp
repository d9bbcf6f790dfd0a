#include "engine/storage/run_diff.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "engine/storage/slippage.h"

namespace causeway::engine {

namespace {

QString str(const std::string& text) {
    return QString::fromStdString(text);
}
std::string text(const QJsonValue& value) {
    return value.toString().toStdString();
}
std::string iso(Timestamp ts) {
    return formatIso8601(ts);
}

std::optional<Origin> originOf(const QJsonObject& causality) {
    const QJsonObject origin = causality.value(QStringLiteral("origin")).toObject();
    const auto type = originTypeFromString(text(origin.value(QStringLiteral("type"))));
    if (!type) {
        return std::nullopt;
    }
    const auto ts = parseTimestamp(text(origin.value(QStringLiteral("timestamp"))));
    return Origin{*type, text(origin.value(QStringLiteral("id"))), ts.value_or(0)};
}

// What names a decision, and the trade it opened, the same way in any run:
// its origin (by id; by time and symbol without one), strategy, symbol and
// side. Ids of decisions, orders and trades are the run's own.
std::string identityKey(const std::optional<Origin>& origin, const std::string& strategy,
                        const std::string& symbol, const std::string& side) {
    std::string key = "-";
    if (origin) {
        key = toString(origin->type) + ':' +
              (origin->id.empty() ? std::to_string(origin->ts) + ':' + symbol : origin->id);
    }
    return key + '|' + strategy + '|' + symbol + '|' + side;
}

// The n-th repeat of `base` in one run: "base#n".
std::string withOrdinal(const std::string& base, std::map<std::string, int>& seen) {
    return base + '#' + std::to_string(seen[base]++);
}

std::vector<std::string> signalTypes(const QJsonObject& context) {
    std::vector<std::string> types;
    for (const auto& signal : context.value(QStringLiteral("signals")).toArray()) {
        types.push_back(text(signal.toObject().value(QStringLiteral("type"))));
    }
    return types;
}

std::string joined(const std::vector<std::string>& parts, const char* separator) {
    std::string out;
    for (const auto& part : parts) {
        out += (out.empty() ? "" : separator) + part;
    }
    return out;
}

// Everything diff needs of one run, read once.
struct RunData {
    std::map<std::string, std::string> info;
    std::vector<TradeRow> trades;
    std::map<std::string, OrderRow> orders;
    std::map<std::string, std::vector<FillRow>> fills;  // by order, in ledger order
    std::map<std::string, Price> arrivals;
    std::vector<JournalRow> journal;

    explicit RunData(const RunReader& reader)
        : info(reader.runInfo()),
          trades(reader.trades(false)),
          arrivals(reader.arrivalPrices()),
          journal(reader.journal()) {
        for (auto& order : reader.orders()) {
            orders.emplace(order.orderId, std::move(order));
        }
        for (auto& fill : reader.fills()) {
            fills[fill.orderId].push_back(std::move(fill));
        }
    }
    std::string infoValue(const std::string& key) const {
        const auto it = info.find(key);
        return it == info.end() ? std::string() : it->second;
    }
    const std::vector<FillRow>& fillsOf(const std::string& orderId) const {
        static const std::vector<FillRow> kNone;
        const auto it = fills.find(orderId);
        return it == fills.end() ? kNone : it->second;
    }
};

// ---- a run's journal as decisions and their orders -------------------------

struct OrderFlow {
    std::string key;
    const OrderRow* order = nullptr;
    Timestamp ts = 0;
    std::string purpose;                    // "entry" | "exit"; empty: the journal does not say
    std::vector<const JournalRow*> events;  // besides placing and fills
};

// One decision of a run: the orders it placed, or why it placed none.
struct DecisionFlow {
    std::string key;
    Timestamp ts = 0;
    std::optional<Origin> origin;
    std::string strategy;
    std::string symbol;
    std::string side;
    std::string rationale;
    std::vector<std::string> signals;
    std::vector<std::string> breachRules;
    std::vector<std::string> breaches;  // "rule: message"
    std::optional<std::string> rejection;
    std::vector<OrderFlow> orders;
};

// Each decision and order gets a key that names it the same way in any run:
// the decision's identityKey(), an order's decision and purpose, each with
// an ordinal for repeats.
class Flows final {
public:
    explicit Flows(const RunData& run) : m_run(run) {
        for (const JournalRow& row : run.journal) {
            add(row);
        }
        assignKeys();
    }

    const std::vector<DecisionFlow>& decisions() const { return m_decisions; }
    // Journal entries of no decision or order (circuit breaker, ...).
    const std::vector<const JournalRow*>& others() const { return m_others; }
    const DecisionFlow* decisionOf(const std::string& orderId) const {
        const auto at = m_orderAt.find(orderId);
        return at == m_orderAt.end() ? nullptr : &m_decisions[at->second.first];
    }

private:
    void add(const JournalRow& row) {
        if (row.kind == "fill") {
            return;  // the ledger's fills are compared, exactly
        }
        if (row.kind == "order" && row.orderId) {
            addOrder(row);
        } else if (row.kind == "risk_blocked" || row.kind == "decision_rejected") {
            addUntaken(row);
        } else if (const auto at = row.orderId ? m_orderAt.find(*row.orderId) : m_orderAt.end();
                   at != m_orderAt.end()) {
            m_decisions[at->second.first].orders[at->second.second].events.push_back(&row);
        } else {
            m_others.push_back(&row);
        }
    }

    void addOrder(const JournalRow& row) {
        const auto order = m_run.orders.find(*row.orderId);
        if (order == m_run.orders.end()) {
            return;  // `verify` names an entry without its order
        }
        const OrderRow& o = order->second;
        const std::string directiveId = text(row.causality.value(QStringLiteral("directive_id")));
        auto [d, created] =
            decisionFor(directiveId.empty() ? "order:" + o.orderId : directiveId, row);
        if (created) {
            d.strategy = d.strategy.empty() ? o.strategy : d.strategy;
            d.symbol = o.symbol;
            d.side = d.side.empty() ? o.side : d.side;
        }
        const QJsonObject how = row.context.value(QStringLiteral("order")).toObject();
        m_orderAt[o.orderId] = {static_cast<std::size_t>(&d - m_decisions.data()), d.orders.size()};
        d.orders.push_back({{}, &o, row.ts, text(how.value(QStringLiteral("purpose"))), {}});
    }

    // A decision not taken (decision_rejected) or blocked by a risk limit.
    void addUntaken(const JournalRow& row) {
        const std::string directiveId = text(row.causality.value(QStringLiteral("directive_id")));
        const bool rejected = row.kind == "decision_rejected";
        const std::string own = (rejected ? "rejected:" : "blocked:") + std::to_string(row.entryId);
        auto [d, created] = decisionFor(rejected || directiveId.empty() ? own : directiveId, row);
        if (created) {
            d.strategy = d.strategy.empty() ? m_run.infoValue("strategy") : d.strategy;
            d.symbol = d.symbol.empty() ? m_run.infoValue("symbol") : d.symbol;
        }
        if (rejected) {
            d.rejection = text(row.context.value(QStringLiteral("rejection"))
                                   .toObject()
                                   .value(QStringLiteral("reason")));
        }
        for (const auto& value : row.context.value(QStringLiteral("risk_breaches")).toArray()) {
            const QJsonObject breach = value.toObject();
            d.breachRules.push_back(text(breach.value(QStringLiteral("rule"))));
            d.breaches.push_back(d.breachRules.back() + ": " +
                                 text(breach.value(QStringLiteral("message"))));
        }
    }

    // The decision `identity` names in this run; made from `row` the first time.
    std::pair<DecisionFlow&, bool> decisionFor(const std::string& identity, const JournalRow& row) {
        const auto [it, inserted] = m_byIdentity.emplace(identity, m_decisions.size());
        if (inserted) {
            DecisionFlow& d = m_decisions.emplace_back();
            d.ts = row.ts;
            d.origin = originOf(row.causality);
            d.signals = signalTypes(row.context);
            const QJsonObject directive = row.context.value(QStringLiteral("directive")).toObject();
            d.strategy = text(directive.value(QStringLiteral("strategy")));
            d.side = text(directive.value(QStringLiteral("side")));
            d.rationale = text(directive.value(QStringLiteral("rationale")));
            // at(): a decision without signals (the end-of-data exit) has no first
            const QJsonObject first =
                row.context.value(QStringLiteral("signals")).toArray().at(0).toObject();
            d.symbol = text(first.value(QStringLiteral("symbol")));
            if (d.side.empty()) {
                d.side = text(first.value(QStringLiteral("direction")));
            }
        }
        return {m_decisions[it->second], inserted};
    }

    void assignKeys() {
        std::map<std::string, int> seen;
        for (DecisionFlow& d : m_decisions) {
            d.key = withOrdinal(identityKey(d.origin, d.strategy, d.symbol, d.side), seen);
            std::map<std::string, int> purposes;
            for (OrderFlow& o : d.orders) {
                o.key = d.key + '/' + withOrdinal(o.purpose, purposes);
            }
        }
    }

    const RunData& m_run;
    std::vector<DecisionFlow> m_decisions;
    std::vector<const JournalRow*> m_others;
    std::map<std::string, std::size_t> m_byIdentity;
    std::map<std::string, std::pair<std::size_t, std::size_t>> m_orderAt;  // -> decision, order
};

// ---- trades ---------------------------------------------------------------

struct SlippageSums {
    double decision = 0.0, decisionQty = 0.0, arrival = 0.0, arrivalQty = 0.0;
    std::optional<double> decisionBps() const {
        return decisionQty > 0 ? std::optional(decision / decisionQty) : std::nullopt;
    }
    std::optional<double> arrivalBps() const {
        return arrivalQty > 0 ? std::optional(arrival / arrivalQty) : std::nullopt;
    }
};

DiffTrade diffTrade(const TradeRow& trade, const RunData& run, const Flows& flows) {
    DiffTrade t{trade, std::nullopt, {}, {}, {}, {}, {}};
    if (!trade.orderIds.empty()) {
        if (const DecisionFlow* d = flows.decisionOf(trade.orderIds.front())) {
            t.origin = d->origin;
            t.signals = d->signals;
        }
    }
    const std::string entrySide = trade.side == "short" ? "sell" : "buy";
    SlippageSums entry, exit;
    for (const auto& orderId : trade.orderIds) {
        const auto order = run.orders.find(orderId);
        if (order == run.orders.end()) {
            continue;
        }
        const OrderRow& o = order->second;
        SlippageSums& sums = o.side == entrySide ? entry : exit;
        const auto arrival = run.arrivals.find(orderId);
        for (const auto& fill : run.fillsOf(orderId)) {
            const double qty = fill.qty.toDouble();
            if (o.decisionPrice) {
                sums.decision += slippageBps(o.side, *o.decisionPrice, fill.price) * qty;
                sums.decisionQty += qty;
            }
            if (arrival != run.arrivals.end()) {
                sums.arrival += slippageBps(o.side, arrival->second, fill.price) * qty;
                sums.arrivalQty += qty;
            }
        }
    }
    t.entrySlippageBps = entry.decisionBps();
    t.exitSlippageBps = exit.decisionBps();
    t.entryArrivalSlippageBps = entry.arrivalBps();
    t.exitArrivalSlippageBps = exit.arrivalBps();
    return t;
}

// Differences smaller than this are rounding of the same figure.
constexpr double kBpsTolerance = 1e-9;

std::vector<FieldDiff> compareTrades(const DiffTrade& a, const DiffTrade& b) {
    using Unit = FieldDiff::Unit;
    std::vector<FieldDiff> out;
    const auto exact = [&out](const char* field, Unit unit, const auto& x, const auto& y) {
        if (x != y) {
            const auto textOf = [](const auto& v) { return v ? v->toString() : std::string(); };
            out.push_back({field, unit, textOf(x), textOf(y),
                           x && y ? std::optional((*x - *y).toDouble()) : std::nullopt});
        }
    };
    const auto time = [&out](const char* field, const std::optional<Timestamp>& x,
                             const std::optional<Timestamp>& y) {
        if (x != y) {
            out.push_back(
                {field, Unit::kTime, x ? iso(*x) : std::string(), y ? iso(*y) : std::string(),
                 x && y ? std::optional(static_cast<double>(*x - *y) / 1e9) : std::nullopt});
        }
    };
    const auto bps = [&out](const char* field, const std::optional<double>& x,
                            const std::optional<double>& y) {
        const auto textOf = [](const std::optional<double>& v) {
            return v ? QString::number(*v, 'g', 17).toStdString() : std::string();
        };
        if (x.has_value() != y.has_value() || (x && std::abs(*x - *y) > kBpsTolerance)) {
            out.push_back({field, Unit::kBps, textOf(x), textOf(y),
                           x && y ? std::optional(*x - *y) : std::nullopt});
        }
    };
    const TradeRow& ta = a.trade;
    const TradeRow& tb = b.trade;
    if (ta.status != tb.status) {
        out.push_back({"status", Unit::kText, ta.status, tb.status, std::nullopt});
    }
    exact("qty", Unit::kQuantity, std::optional(ta.qty), std::optional(tb.qty));
    time("entry_time", ta.entryTs, tb.entryTs);
    exact("entry_price", Unit::kPrice, ta.entryPrice, tb.entryPrice);
    time("exit_time", ta.exitTs, tb.exitTs);
    exact("exit_price", Unit::kPrice, ta.exitPrice, tb.exitPrice);
    exact("fees", Unit::kMoney, std::optional(ta.fees), std::optional(tb.fees));
    bps("entry_slippage_bps", a.entrySlippageBps, b.entrySlippageBps);
    bps("exit_slippage_bps", a.exitSlippageBps, b.exitSlippageBps);
    bps("entry_arrival_slippage_bps", a.entryArrivalSlippageBps, b.entryArrivalSlippageBps);
    bps("exit_arrival_slippage_bps", a.exitArrivalSlippageBps, b.exitArrivalSlippageBps);
    exact("pnl", Unit::kMoney, ta.pnl, tb.pnl);
    return out;
}

// A run's trades that entered, each keyed by the decision that opened it.
std::vector<std::pair<std::string, DiffTrade>> keyedTrades(const RunData& run, const Flows& flows,
                                                           std::size_t& count, Money& net) {
    std::vector<std::pair<std::string, DiffTrade>> keyed;
    std::map<std::string, int> seen;
    for (const auto& trade : run.trades) {
        if (trade.status == "void") {
            continue;
        }
        DiffTrade t = diffTrade(trade, run, flows);
        const std::string base = identityKey(t.origin, trade.strategy, trade.symbol, trade.side);
        keyed.emplace_back(withOrdinal(base, seen), std::move(t));
        ++count;
        if (trade.status == "closed") {
            net += trade.pnl.value_or(Money());
        }
    }
    return keyed;
}

void matchTrades(const RunData& runA, const Flows& flowsA, const RunData& runB, const Flows& flowsB,
                 RunDiff& diff) {
    auto tradesA = keyedTrades(runA, flowsA, diff.tradesA, diff.netPnlA);
    auto tradesB = keyedTrades(runB, flowsB, diff.tradesB, diff.netPnlB);
    std::map<std::string, std::size_t> indexB;
    for (std::size_t i = 0; i < tradesB.size(); ++i) {
        indexB.emplace(tradesB[i].first, i);
    }
    std::vector<bool> usedB(tradesB.size(), false);
    for (auto& [key, a] : tradesA) {
        const auto it = indexB.find(key);
        if (it == indexB.end()) {
            diff.onlyA.push_back(std::move(a));
            continue;
        }
        usedB[it->second] = true;
        DiffTrade& b = tradesB[it->second].second;
        std::vector<FieldDiff> differences = compareTrades(a, b);
        diff.matched.push_back({std::move(a), std::move(b), std::move(differences)});
    }
    for (std::size_t i = 0; i < tradesB.size(); ++i) {
        if (!usedB[i]) {
            diff.onlyB.push_back(std::move(tradesB[i].second));
        }
    }
}

// ---- first divergence -----------------------------------------------------

// Tie-break at one instant: the causal order of a flow (run_diff.h).
constexpr const char* kKindOrder[] = {
    "decision",    "decision_rejected", "risk_blocked", "order",
    "order_terms", "order_rejected",    "order_event",  "fill",
    "fill_price",  "fill_qty",          "fee",          "fill_time",
    "journal"};

int rankOf(const std::string& kind) {
    const auto it = std::find(std::begin(kKindOrder), std::end(kKindOrder), kind);
    return static_cast<int>(it - std::begin(kKindOrder));
}

std::string runName(const std::string& run) {
    return run == "a" ? "A" : "B";
}

// "signal ema_cross_up", "signals volume_spike + ema_cross_down", "the schedule origin"
std::string causePhrase(const DecisionFlow& d) {
    if (d.signals.empty()) {
        return "the " + (d.origin ? toString(d.origin->type) : std::string("unknown")) + " origin";
    }
    return (d.signals.size() == 1 ? "signal " : "signals ") + joined(d.signals, " + ");
}

std::string orderPhrase(const DecisionFlow& d, const OrderFlow& o) {
    const std::string purpose = o.purpose.empty() ? std::string() : o.purpose + ' ';
    return "the " + o.order->side + ' ' + o.order->symbol + ' ' + purpose + "order of " +
           causePhrase(d);
}

DivergenceEvent orderEvent(const OrderFlow& o) {
    DivergenceEvent e;
    e.journalKind = "order";
    e.ts = o.ts;
    e.orderId = o.order->orderId;
    e.tradeId = o.order->tradeId;
    e.qty = o.order->qty;
    e.price = o.order->limitPrice ? o.order->limitPrice : o.order->stopPrice;
    return e;
}

DivergenceEvent decisionEvent(const DecisionFlow& d) {
    if (!d.orders.empty()) {
        DivergenceEvent e = orderEvent(d.orders.front());
        e.ts = d.ts;
        e.detail = d.rationale;
        return e;
    }
    DivergenceEvent e;
    e.ts = d.ts;
    if (!d.breaches.empty()) {
        e.journalKind = "risk_blocked";
        e.detail = joined(d.breaches, "; ");
    } else {
        e.journalKind = "decision_rejected";
        e.detail = d.rejection.value_or(std::string());
    }
    return e;
}

// Another journal entry, of `order` when it names one.
DivergenceEvent journalEvent(const JournalRow& row, const OrderFlow* order = nullptr) {
    DivergenceEvent e = order ? orderEvent(*order) : DivergenceEvent{};
    e.journalKind = row.kind;
    e.ts = row.ts;
    e.detail = text(row.context.value(QStringLiteral("reason")));
    return e;
}

DivergenceEvent fillEvent(const OrderFlow& o, const FillRow& fill) {
    DivergenceEvent e = orderEvent(o);
    e.journalKind = "fill";
    e.ts = fill.ts;
    e.fillId = fill.fillId;
    e.price = fill.price;
    e.qty = fill.qty;
    e.fee = fill.fee;
    return e;
}

// Journal entries besides decisions, orders and fills are matched by kind
// and ordinal; their text names run-specific ids, so only their presence and
// time count. `only(row, run)` for an entry of one run, `moved(a, b)` for
// one at another time.
template <class Only, class Moved>
void pairByKind(const std::vector<const JournalRow*>& a, const std::vector<const JournalRow*>& b,
                const Only& only, const Moved& moved) {
    const auto keyed = [](const std::vector<const JournalRow*>& rows) {
        std::map<std::string, const JournalRow*> out;
        std::map<std::string, int> seen;
        for (const JournalRow* row : rows) {
            out.emplace(withOrdinal(row->kind, seen), row);
        }
        return out;
    };
    auto rowsB = keyed(b);
    for (const auto& [key, row] : keyed(a)) {
        const auto it = rowsB.find(key);
        if (it == rowsB.end()) {
            only(*row, "a");
            continue;
        }
        if (it->second->ts != row->ts) {
            moved(*row, *it->second);
        }
        rowsB.erase(it);
    }
    for (const auto& [key, row] : rowsB) {
        only(*row, "b");
    }
}

// Walks both runs' flows side by side and keeps the earliest difference.
class DivergenceFinder final {
public:
    DivergenceFinder(const RunData& runA, const Flows& a, const RunData& runB, const Flows& b)
        : m_runA(runA), m_runB(runB), m_a(a), m_b(b) {}

    std::optional<Divergence> find() {
        std::map<std::string, const DecisionFlow*> unmatchedB;
        for (const DecisionFlow& d : m_b.decisions()) {
            unmatchedB.emplace(d.key, &d);
        }
        for (const DecisionFlow& da : m_a.decisions()) {
            const auto it = unmatchedB.find(da.key);
            if (it == unmatchedB.end()) {
                decisionOnly(da, "a");
            } else {
                compareDecisions(da, *it->second);
                unmatchedB.erase(it);
            }
        }
        for (const auto& [key, db] : unmatchedB) {
            decisionOnly(*db, "b");
        }
        compareOthers();
        return m_best;
    }

private:
    static Divergence base(const DecisionFlow& d, const std::string& kind, Timestamp ts) {
        Divergence v;
        v.ts = ts;
        v.kind = kind;
        v.strategy = d.strategy;
        v.symbol = d.symbol;
        v.side = d.side;
        v.origin = d.origin;
        v.signals = d.signals;
        return v;
    }

    void consider(Divergence v) {
        if (!m_best || std::make_tuple(v.ts, rankOf(v.kind)) <
                           std::make_tuple(m_best->ts, rankOf(m_best->kind))) {
            m_best = std::move(v);
        }
    }

    // A divergence of the "in one run only" kinds, with that run's event.
    void considerOnly(Divergence v, const std::string& run, DivergenceEvent e) {
        v.onlyIn = run;
        (run == "a" ? v.a : v.b) = std::move(e);
        consider(std::move(v));
    }

    void decisionOnly(const DecisionFlow& d, const std::string& run) {
        const std::string decision = d.side + ' ' + d.symbol + " decision";
        Divergence v = base(d, "decision", d.ts);
        v.reason = causePhrase(d) + " fired a " + decision + " in " + runName(run) + " only";
        if (!d.breaches.empty() && d.orders.empty()) {
            v.kind = "risk_blocked";
            v.reason = "risk block in " + runName(run) + " only: " + joined(d.breaches, "; ") +
                       ", on the " + decision + " of " + causePhrase(d);
        } else if (d.rejection) {
            v.kind = "decision_rejected";
            v.reason += ", not taken: " + *d.rejection;
        } else if (!d.rationale.empty()) {
            v.reason += " (" + d.rationale + ")";
        }
        considerOnly(std::move(v), run, decisionEvent(d));
    }

    void compareDecisions(const DecisionFlow& da, const DecisionFlow& db) {
        const std::string decision =
            "the " + da.side + ' ' + da.symbol + " decision of " + causePhrase(da);
        const Timestamp ts = std::min(da.ts, db.ts);
        if (da.breachRules != db.breachRules) {
            Divergence v = base(da, "risk_blocked", ts);
            if (da.breaches.empty() || db.breaches.empty()) {
                v.onlyIn = da.breaches.empty() ? "b" : "a";
                const DecisionFlow& blocked = da.breaches.empty() ? db : da;
                const DecisionFlow& other = da.breaches.empty() ? da : db;
                v.reason = "risk block in " + runName(v.onlyIn) +
                           " only: " + joined(blocked.breaches, "; ") + ", on " + decision;
                if (!other.orders.empty()) {
                    v.reason += "; " + runName(v.onlyIn == "a" ? "b" : "a") + " placed " +
                                other.orders.front().order->orderId;
                }
            } else {
                v.reason = "risk blocks differ on " + decision + ": A " +
                           joined(da.breaches, "; ") + ", B " + joined(db.breaches, "; ");
            }
            v.a = decisionEvent(da);
            v.b = decisionEvent(db);
            consider(std::move(v));
        }
        if (da.rejection.has_value() != db.rejection.has_value()) {
            Divergence v = base(da, "decision_rejected", ts);
            v.onlyIn = da.rejection ? "a" : "b";
            v.reason = decision + " was not taken in " + runName(v.onlyIn) + ": " +
                       (da.rejection ? *da.rejection : *db.rejection);
            v.a = decisionEvent(da);
            v.b = decisionEvent(db);
            consider(std::move(v));
        }
        std::map<std::string, const OrderFlow*> unmatchedB;
        for (const OrderFlow& o : db.orders) {
            unmatchedB.emplace(o.key, &o);
        }
        for (const OrderFlow& oa : da.orders) {
            const auto it = unmatchedB.find(oa.key);
            if (it == unmatchedB.end()) {
                orderOnly(da, oa, "a");
            } else {
                compareOrders(da, oa, *it->second);
                unmatchedB.erase(it);
            }
        }
        for (const auto& [key, ob] : unmatchedB) {
            orderOnly(db, *ob, "b");
        }
    }

    void orderOnly(const DecisionFlow& d, const OrderFlow& o, const std::string& run) {
        Divergence v = base(d, "order", o.ts);
        v.reason = orderPhrase(d, o) + " (" + o.order->type + ", qty " + o.order->qty.toString() +
                   ") was placed in " + runName(run) + " only";
        considerOnly(std::move(v), run, orderEvent(o));
    }

    static std::vector<std::pair<std::string, std::string>> terms(const OrderRow& o) {
        const auto opt = [](const std::optional<Price>& p) {
            return p ? p->toString() : std::string("none");
        };
        return {{"type", o.type},
                {"qty", o.qty.toString()},
                {"decision price", opt(o.decisionPrice)},
                {"limit price", opt(o.limitPrice)},
                {"stop price", opt(o.stopPrice)},
                {"time in force", o.tif}};
    }

    void compareOrders(const DecisionFlow& d, const OrderFlow& oa, const OrderFlow& ob) {
        const auto ta = terms(*oa.order);
        const auto tb = terms(*ob.order);
        for (std::size_t i = 0; i < ta.size(); ++i) {
            if (ta[i].second != tb[i].second) {
                Divergence v = base(d, "order_terms", std::min(oa.ts, ob.ts));
                v.reason = ta[i].first + " differs on " + orderPhrase(d, oa) + ": A " +
                           ta[i].second + ", B " + tb[i].second;
                v.a = orderEvent(oa);
                v.b = orderEvent(ob);
                consider(std::move(v));
                break;
            }
        }
        compareOrderEvents(d, oa, ob);
        compareFills(d, oa, ob);
    }

    void compareOrderEvents(const DecisionFlow& d, const OrderFlow& oa, const OrderFlow& ob) {
        const auto kindOf = [](const JournalRow& row) {
            return row.kind == "order_rejected" ? "order_rejected" : "order_event";
        };
        const auto only = [&](const JournalRow& row, const std::string& run) {
            const OrderFlow& o = run == "a" ? oa : ob;
            Divergence v = base(d, kindOf(row), row.ts);
            const std::string why = text(row.context.value(QStringLiteral("reason")));
            v.reason = row.kind + " in " + runName(run) + " only: " + orderPhrase(d, o) +
                       (why.empty() ? std::string() : ": " + why);
            considerOnly(std::move(v), run, journalEvent(row, &o));
        };
        const auto moved = [&](const JournalRow& a, const JournalRow& b) {
            Divergence v = base(d, kindOf(a), std::min(a.ts, b.ts));
            v.reason = a.kind + " at another time on " + orderPhrase(d, oa) + ": A " + iso(a.ts) +
                       ", B " + iso(b.ts);
            v.a = journalEvent(a, &oa);
            v.b = journalEvent(b, &ob);
            consider(std::move(v));
        };
        pairByKind(oa.events, ob.events, only, moved);
    }

    void compareFills(const DecisionFlow& d, const OrderFlow& oa, const OrderFlow& ob) {
        const auto& fa = m_runA.fillsOf(oa.order->orderId);
        const auto& fb = m_runB.fillsOf(ob.order->orderId);
        for (std::size_t i = 0; i < std::max(fa.size(), fb.size()); ++i) {
            if (i >= fa.size() || i >= fb.size()) {
                const std::string run = i < fa.size() ? "a" : "b";
                const FillRow& f = i < fa.size() ? fa[i] : fb[i];
                Divergence v = base(d, "fill", f.ts);
                v.reason = "fill in " + runName(run) + " only: " + orderPhrase(d, oa) + ", " +
                           f.qty.toString() + " at " + f.price.toString();
                considerOnly(std::move(v), run, fillEvent(run == "a" ? oa : ob, f));
                continue;
            }
            const FillRow& a = fa[i];
            const FillRow& b = fb[i];
            const auto differ = [&](const char* kind, const char* what, const std::string& x,
                                    const std::string& y) {
                Divergence v = base(d, kind, std::min(a.ts, b.ts));
                v.reason = std::string(what) + " differs on " + orderPhrase(d, oa) + ": A " + x +
                           ", B " + y;
                v.a = fillEvent(oa, a);
                v.b = fillEvent(ob, b);
                consider(std::move(v));
            };
            if (a.price != b.price) {
                differ("fill_price", "fill price", a.price.toString(), b.price.toString());
            } else if (a.qty != b.qty) {
                differ("fill_qty", "fill quantity", a.qty.toString(), b.qty.toString());
            } else if (a.fee != b.fee) {
                differ("fee", "fee", a.fee.toString(), b.fee.toString());
            } else if (a.ts != b.ts) {
                differ("fill_time", "fill time", iso(a.ts), iso(b.ts));
            }
        }
    }

    void compareOthers() {
        const auto journal = [](const JournalRow& row, Timestamp ts) {
            Divergence v;
            v.ts = ts;
            v.kind = "journal";
            v.origin = originOf(row.causality);
            return v;
        };
        const auto only = [&](const JournalRow& row, const std::string& run) {
            Divergence v = journal(row, row.ts);
            v.reason = row.kind + " in " + runName(run) + " only";
            considerOnly(std::move(v), run, journalEvent(row));
        };
        const auto moved = [&](const JournalRow& a, const JournalRow& b) {
            Divergence v = journal(a, std::min(a.ts, b.ts));
            v.reason = a.kind + " at another time: A " + iso(a.ts) + ", B " + iso(b.ts);
            v.a = journalEvent(a);
            v.b = journalEvent(b);
            consider(std::move(v));
        };
        pairByKind(m_a.others(), m_b.others(), only, moved);
    }

    const RunData& m_runA;
    const RunData& m_runB;
    const Flows& m_a;
    const Flows& m_b;
    std::optional<Divergence> m_best;
};

std::vector<SettingDiff> compareSettings(const RunData& a, const RunData& b) {
    std::map<std::string, SettingDiff> settings;
    for (const auto& [key, value] : a.info) {
        settings[key] = {key, value, std::nullopt};
    }
    for (const auto& [key, value] : b.info) {
        auto& s = settings[key];
        s.key = key;
        s.b = value;
    }
    std::vector<SettingDiff> differ;
    for (auto& [key, s] : settings) {
        if (s.a != s.b) {
            differ.push_back(std::move(s));
        }
    }
    return differ;
}

// ---- JSON -----------------------------------------------------------------

QJsonValue orNull(const std::optional<double>& value) {
    return value ? QJsonValue(*value) : QJsonValue();
}
template <class T>
QJsonValue exactOrNull(const std::optional<T>& value) {
    return value ? QJsonValue(value->toDouble()) : QJsonValue();
}
QJsonValue timeOrNull(const std::optional<Timestamp>& ts) {
    return ts ? QJsonValue(str(iso(*ts))) : QJsonValue();
}
QJsonValue textOrNull(const std::optional<std::string>& value) {
    return value ? QJsonValue(str(*value)) : QJsonValue();
}

QJsonArray strings(const std::vector<std::string>& list) {
    QJsonArray array;
    for (const auto& item : list) {
        array.append(str(item));
    }
    return array;
}

QJsonValue originJson(const std::optional<Origin>& origin) {
    if (!origin) {
        return QJsonValue();
    }
    return QJsonObject{{QStringLiteral("type"), str(toString(origin->type))},
                       {QStringLiteral("id"), str(origin->id)},
                       {QStringLiteral("timestamp"), str(iso(origin->ts))}};
}

QJsonObject tradeJson(const DiffTrade& t) {
    const TradeRow& r = t.trade;
    QJsonObject json{{QStringLiteral("trade_id"), str(r.tradeId)},
                     {QStringLiteral("strategy"), str(r.strategy)},
                     {QStringLiteral("symbol"), str(r.symbol)},
                     {QStringLiteral("side"), str(r.side)},
                     {QStringLiteral("status"), str(r.status)},
                     {QStringLiteral("qty"), r.qty.toDouble()},
                     {QStringLiteral("entry_time"), timeOrNull(r.entryTs)},
                     {QStringLiteral("entry_price"), exactOrNull(r.entryPrice)},
                     {QStringLiteral("exit_time"), timeOrNull(r.exitTs)},
                     {QStringLiteral("exit_price"), exactOrNull(r.exitPrice)},
                     {QStringLiteral("pnl"), exactOrNull(r.pnl)},
                     {QStringLiteral("fees"), r.fees.toDouble()},
                     {QStringLiteral("origin"), originJson(t.origin)},
                     {QStringLiteral("signals"), strings(t.signals)}};
    const std::pair<const char*, const std::optional<double>&> slippage[] = {
        {"entry_slippage_bps", t.entrySlippageBps},
        {"exit_slippage_bps", t.exitSlippageBps},
        {"entry_arrival_slippage_bps", t.entryArrivalSlippageBps},
        {"exit_arrival_slippage_bps", t.exitArrivalSlippageBps}};
    for (const auto& [key, value] : slippage) {
        json[QLatin1String(key)] = orNull(value);
    }
    return json;
}

QJsonValue fieldJson(FieldDiff::Unit unit, const std::string& value) {
    if (value.empty()) {
        return QJsonValue();
    }
    if (unit == FieldDiff::Unit::kTime || unit == FieldDiff::Unit::kText) {
        return str(value);
    }
    return str(value).toDouble();
}

QJsonObject tradeDiffJson(const TradeDiff& t) {
    QJsonObject differences;
    for (const auto& f : t.differences) {
        differences[str(f.field)] = QJsonObject{{QStringLiteral("a"), fieldJson(f.unit, f.a)},
                                                {QStringLiteral("b"), fieldJson(f.unit, f.b)},
                                                {QStringLiteral("diff"), orNull(f.delta)}};
    }
    return {{QStringLiteral("trade_id_a"), str(t.a.trade.tradeId)},
            {QStringLiteral("trade_id_b"), str(t.b.trade.tradeId)},
            {QStringLiteral("strategy"), str(t.a.trade.strategy)},
            {QStringLiteral("symbol"), str(t.a.trade.symbol)},
            {QStringLiteral("side"), str(t.a.trade.side)},
            {QStringLiteral("entry_time"), timeOrNull(t.a.trade.entryTs)},
            {QStringLiteral("origin"), originJson(t.a.origin)},
            {QStringLiteral("signals"), strings(t.a.signals)},
            {QStringLiteral("differences"), differences}};
}

QJsonValue eventJson(const std::optional<DivergenceEvent>& e) {
    if (!e) {
        return QJsonValue();
    }
    QJsonObject object{{QStringLiteral("journal_kind"), str(e->journalKind)},
                       {QStringLiteral("time"), str(iso(e->ts))}};
    const auto put = [&object](const char* key, const std::string& value) {
        if (!value.empty()) {
            object[QLatin1String(key)] = str(value);
        }
    };
    put("order_id", e->orderId);
    put("fill_id", e->fillId);
    put("trade_id", e->tradeId);
    put("detail", e->detail);
    if (e->price) {
        object[QStringLiteral("price")] = e->price->toDouble();
    }
    if (e->qty) {
        object[QStringLiteral("qty")] = e->qty->toDouble();
    }
    if (e->fee) {
        object[QStringLiteral("fee")] = e->fee->toDouble();
    }
    return object;
}

QJsonValue divergenceJson(const std::optional<Divergence>& d) {
    if (!d) {
        return QJsonValue();
    }
    return QJsonObject{
        {QStringLiteral("time"), str(iso(d->ts))},
        {QStringLiteral("kind"), str(d->kind)},
        {QStringLiteral("reason"), str(d->reason)},
        {QStringLiteral("only_in"), d->onlyIn.empty() ? QJsonValue() : str(d->onlyIn)},
        {QStringLiteral("strategy"), str(d->strategy)},
        {QStringLiteral("symbol"), str(d->symbol)},
        {QStringLiteral("side"), str(d->side)},
        {QStringLiteral("origin"), originJson(d->origin)},
        {QStringLiteral("signals"), strings(d->signals)},
        {QStringLiteral("a"), eventJson(d->a)},
        {QStringLiteral("b"), eventJson(d->b)}};
}

}  // namespace

std::size_t RunDiff::differingTrades() const {
    return static_cast<std::size_t>(
        std::count_if(matched.begin(), matched.end(), [](const auto& t) { return t.differs(); }));
}

bool RunDiff::agree() const {
    return onlyA.empty() && onlyB.empty() && differingTrades() == 0 && !firstDivergence;
}

QJsonObject RunDiff::toJson() const {
    QJsonArray trades;
    for (const auto& t : matched) {
        if (t.differs()) {
            trades.append(tradeDiffJson(t));
        }
    }
    const auto list = [](const std::vector<DiffTrade>& only) {
        QJsonArray array;
        for (const auto& t : only) {
            array.append(tradeJson(t));
        }
        return array;
    };
    QJsonArray settingArray;
    for (const auto& s : settings) {
        settingArray.append(QJsonObject{{QStringLiteral("key"), str(s.key)},
                                        {QStringLiteral("a"), textOrNull(s.a)},
                                        {QStringLiteral("b"), textOrNull(s.b)}});
    }
    const auto run = [](const std::string& path, std::size_t count, const Money& net) {
        return QJsonObject{{QStringLiteral("db"), str(path)},
                           {QStringLiteral("trades"), static_cast<qint64>(count)},
                           {QStringLiteral("net_pnl"), net.toDouble()}};
    };
    return {{QStringLiteral("a"), run(pathA, tradesA, netPnlA)},
            {QStringLiteral("b"), run(pathB, tradesB, netPnlB)},
            {QStringLiteral("agree"), agree()},
            {QStringLiteral("matched"), static_cast<qint64>(matched.size())},
            {QStringLiteral("differing"), static_cast<qint64>(differingTrades())},
            {QStringLiteral("only_a"), static_cast<qint64>(onlyA.size())},
            {QStringLiteral("only_b"), static_cast<qint64>(onlyB.size())},
            {QStringLiteral("first_divergence"), divergenceJson(firstDivergence)},
            {QStringLiteral("trades"), trades},
            {QStringLiteral("only_a_trades"), list(onlyA)},
            {QStringLiteral("only_b_trades"), list(onlyB)},
            {QStringLiteral("settings"), settingArray}};
}

RunDiff diffRuns(const RunReader& a, const RunReader& b) {
    const RunData runA(a);
    const RunData runB(b);
    const Flows flowsA(runA);
    const Flows flowsB(runB);
    RunDiff diff;
    matchTrades(runA, flowsA, runB, flowsB, diff);
    diff.firstDivergence = DivergenceFinder(runA, flowsA, runB, flowsB).find();
    diff.settings = compareSettings(runA, runB);
    return diff;
}

RunDiff diffRuns(const std::string& pathA, const std::string& pathB) {
    const RunReader a(pathA);
    const RunReader b(pathB);
    RunDiff diff = diffRuns(a, b);
    diff.pathA = pathA;
    diff.pathB = pathB;
    return diff;
}

}  // namespace causeway::engine
