#include "engine/execution/risk_engine.h"

#include <QJsonArray>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace causeway::engine {

namespace {

// -Wpedantic accepts __int128 only behind __extension__. Limits are compared
// in 128 bits so that an absurd order cannot wrap around int64 and pass.
__extension__ typedef __int128 Int128;

// Percentages with the fixed-point types' eight decimals, for exact
// comparisons and shortest-text messages.
using Percent = FixedPoint<struct RiskPercentTag>;

constexpr double kMaxPercentLimit = 1'000'000.0;

template <class T>
Int128 wide(T value) {
    return static_cast<Int128>(value.raw());
}

template <class T>
T saturated(Int128 raw) {
    constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
    constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
    return T::fromRaw(static_cast<std::int64_t>(raw > kMax ? kMax : raw < kMin ? kMin : raw));
}

// |part| / whole x 100, rounded up at the eighth decimal: a value above a
// limit (which has eight decimals) never reads as equal to it. whole > 0.
template <class T>
Percent percentOf(Int128 part, T whole) {
    const Int128 magnitude = part < 0 ? -part : part;
    const Int128 numerator = magnitude * 100 * Percent::kScale;
    const Int128 denominator = wide(whole);
    return saturated<Percent>((numerator + denominator - 1) / denominator);
}

// Limits arrive as doubles from the config; rounding them once to eight
// decimals makes every comparison exact and the same on every machine.
Percent percentLimit(double pct) {
    return Percent::fromDouble(pct);
}

std::int64_t utcDay(Timestamp ts) {
    const std::int64_t day = ts / kNanosPerDay;
    return ts % kNanosPerDay < 0 ? day - 1 : day;
}

// The order moves the position against its sign and by at most its size.
bool reallyReduces(const OrderIntent& order, Quantity position) {
    if (!order.reducing || order.qty > (position < Quantity{} ? -position : position)) {
        return false;
    }
    return order.side == Side::kBuy ? position < Quantity{} : position > Quantity{};
}

void requirePositive(bool positive, const char* name, const std::string& value) {
    if (!positive) {
        throw std::invalid_argument(std::string(name) + " must be above 0, got " + value);
    }
}

void requirePercent(const std::optional<double>& pct, const char* name) {
    if (pct && !(std::isfinite(*pct) && *pct > 0.0 && *pct <= kMaxPercentLimit)) {
        throw std::invalid_argument(std::string(name) +
                                    " must be a percentage above 0 and at most 1000000, got " +
                                    std::to_string(*pct));
    }
}

void validate(const RiskLimits& limits) {
    if (limits.maxPosition) {
        requirePositive(*limits.maxPosition > Quantity{}, "max_position",
                        limits.maxPosition->toString());
    }
    if (limits.maxOrderNotional) {
        requirePositive(*limits.maxOrderNotional > Money{}, "max_order_notional",
                        limits.maxOrderNotional->toString());
    }
    if (limits.maxOpenOrders) {
        requirePositive(*limits.maxOpenOrders > 0, "max_open_orders",
                        std::to_string(*limits.maxOpenOrders));
    }
    if (limits.dailyLossLimit) {
        requirePositive(*limits.dailyLossLimit > Money{}, "daily_loss_limit",
                        limits.dailyLossLimit->toString());
    }
    requirePercent(limits.maxDrawdownPct, "max_drawdown_pct");
    requirePercent(limits.priceBandPct, "price_band_pct");
}

std::string blockedMessage(const TradingBlocked& block) {
    std::string message =
        "trading blocked since " + formatIso8601(block.ts) + " until reauthorized:";
    for (std::size_t i = 0; i < block.reasons.size(); ++i) {
        message += (i == 0 ? " " : "; ") + block.reasons[i].message;
    }
    return message;
}

std::optional<RiskBreach> invalidOrder(const OrderIntent& order) {
    if (order.qty <= Quantity{}) {
        return RiskBreach{"invalid_order", "quantity " + order.qty.toString() + " is not above 0"};
    }
    if (order.price <= Price{}) {
        return RiskBreach{"invalid_order", "price " + order.price.toString() + " is not above 0"};
    }
    return std::nullopt;
}

QString str(const std::string& text) {
    return QString::fromStdString(text);
}

}  // namespace

QJsonObject toJson(const RiskBreach& breach) {
    return {{QStringLiteral("rule"), str(breach.rule)},
            {QStringLiteral("message"), str(breach.message)}};
}

QJsonObject toJson(const RiskVerdict& verdict) {
    QJsonArray breaches;
    for (const auto& breach : verdict.breaches) {
        breaches.append(toJson(breach));
    }
    return {{QStringLiteral("allowed"), verdict.allowed()}, {QStringLiteral("breaches"), breaches}};
}

QJsonObject toJson(const TradingBlocked& block) {
    QJsonArray reasons;
    for (const auto& reason : block.reasons) {
        reasons.append(toJson(reason));
    }
    return {{QStringLiteral("timestamp"), str(formatIso8601(block.ts))},
            {QStringLiteral("reasons"), reasons},
            {QStringLiteral("equity"), block.equity.toDouble()},
            {QStringLiteral("peak_equity"), block.peakEquity.toDouble()},
            {QStringLiteral("day_start_equity"), block.dayStartEquity.toDouble()}};
}

RiskEngine::RiskEngine(RiskLimits limits) : m_limits(std::move(limits)) {
    validate(m_limits);
}

RiskVerdict RiskEngine::check(const OrderIntent& order, const RiskExposure& exposure) const {
    RiskVerdict verdict;
    if (auto invalid = invalidOrder(order)) {
        verdict.breaches.push_back(std::move(*invalid));
        return verdict;
    }
    // A trader must always be able to get flat: closing is never limited by
    // size or by a block, only by the price band (a fat-finger price).
    if (!reallyReduces(order, exposure.position)) {
        if (m_state.block) {
            verdict.breaches.push_back({"trading_blocked", blockedMessage(*m_state.block)});
        }
        checkPosition(order, exposure, verdict.breaches);
        checkNotional(order, verdict.breaches);
        checkOpenOrders(exposure, verdict.breaches);
    }
    checkPriceBand(order, exposure, verdict.breaches);
    return verdict;
}

// A buy is limited on the long side, a sell on the short side: an order
// that moves a position toward flat is not blamed for its size.
void RiskEngine::checkPosition(const OrderIntent& order, const RiskExposure& exposure,
                               std::vector<RiskBreach>& breaches) const {
    if (!m_limits.maxPosition) {
        return;
    }
    const bool buy = order.side == Side::kBuy;
    const Quantity working = buy ? exposure.workingBuy : exposure.workingSell;
    const Int128 move = wide(working) + wide(order.qty);
    const Int128 after = buy ? wide(exposure.position) + move : wide(exposure.position) - move;
    const Int128 limit = wide(*m_limits.maxPosition);
    if (buy ? after <= limit : after >= -limit) {
        return;
    }
    breaches.push_back(
        {"max_position", "position " + saturated<Quantity>(after).toString() + " after this " +
                             toString(order.side) + " of " + order.qty.toString() +
                             " would exceed max_position " + m_limits.maxPosition->toString() +
                             " (position " + exposure.position.toString() + ", working " +
                             toString(order.side) + "s " + working.toString() + ")"});
}

void RiskEngine::checkNotional(const OrderIntent& order, std::vector<RiskBreach>& breaches) const {
    if (!m_limits.maxOrderNotional) {
        return;
    }
    // price x qty carries sixteen decimals; the limit is scaled to match
    const Int128 product = wide(order.price) * wide(order.qty);
    if (product <= wide(*m_limits.maxOrderNotional) * Money::kScale) {
        return;
    }
    const Money value = product / Money::kScale > std::numeric_limits<std::int64_t>::max()
                            ? Money::fromRaw(std::numeric_limits<std::int64_t>::max())
                            : notional(order.price, order.qty);
    breaches.push_back({"max_order_notional",
                        "order notional " + value.toString() + " exceeds max_order_notional " +
                            m_limits.maxOrderNotional->toString() + " (" + toString(order.side) +
                            " " + order.qty.toString() + " at " + order.price.toString() + ")"});
}

void RiskEngine::checkOpenOrders(const RiskExposure& exposure,
                                 std::vector<RiskBreach>& breaches) const {
    if (!m_limits.maxOpenOrders) {
        return;
    }
    const std::int64_t count = std::int64_t{exposure.openOrders} + 1;
    if (count <= *m_limits.maxOpenOrders) {
        return;
    }
    breaches.push_back({"max_open_orders", std::to_string(count) +
                                               " open orders would exceed max_open_orders " +
                                               std::to_string(*m_limits.maxOpenOrders)});
}

void RiskEngine::checkPriceBand(const OrderIntent& order, const RiskExposure& exposure,
                                std::vector<RiskBreach>& breaches) const {
    if (!m_limits.priceBandPct || !exposure.lastPrice || *exposure.lastPrice <= Price{}) {
        return;
    }
    const Percent band = percentLimit(*m_limits.priceBandPct);
    const Percent distance =
        percentOf(wide(order.price) - wide(*exposure.lastPrice), *exposure.lastPrice);
    if (distance <= band) {
        return;
    }
    breaches.push_back({"price_band", "price " + order.price.toString() + " is " +
                                          distance.toString() + "% from the last trade " +
                                          exposure.lastPrice->toString() + ", outside the " +
                                          band.toString() + "% band"});
}

std::optional<TradingBlocked> RiskEngine::observeEquity(Timestamp ts, Money equity) {
    const std::int64_t day = utcDay(ts);
    if (!m_state.lastEquity) {
        m_state.dayStartEquity = equity;
        m_state.peakEquity = equity;
        m_state.day = day;
    } else if (day > m_state.day) {
        // the previous day's last mark; a mark from an earlier day than the
        // latest counts in the current day (days never go back)
        m_state.dayStartEquity = *m_state.lastEquity;
        m_state.day = day;
    }
    m_state.lastEquity = equity;
    if (equity > m_state.peakEquity) {
        m_state.peakEquity = equity;
    }
    if (m_state.block) {
        return std::nullopt;
    }
    auto reasons = circuitBreaches(equity);
    if (reasons.empty()) {
        return std::nullopt;
    }
    m_state.block =
        TradingBlocked{ts, std::move(reasons), equity, m_state.peakEquity, m_state.dayStartEquity};
    return m_state.block;
}

std::vector<RiskBreach> RiskEngine::circuitBreaches(Money equity) const {
    std::vector<RiskBreach> reasons;
    const Int128 loss = wide(m_state.dayStartEquity) - wide(equity);
    if (m_limits.dailyLossLimit && loss > wide(*m_limits.dailyLossLimit)) {
        reasons.push_back({"daily_loss", "daily loss " + saturated<Money>(loss).toString() +
                                             " exceeds daily_loss_limit " +
                                             m_limits.dailyLossLimit->toString() + " (equity " +
                                             equity.toString() + ", day start " +
                                             m_state.dayStartEquity.toString() + ")"});
    }
    // a drawdown is a fraction of a positive peak; without one it is undefined
    if (m_limits.maxDrawdownPct && m_state.peakEquity > Money{}) {
        const Percent limit = percentLimit(*m_limits.maxDrawdownPct);
        const Percent drawdown =
            percentOf(wide(m_state.peakEquity) - wide(equity), m_state.peakEquity);
        if (equity < m_state.peakEquity && drawdown > limit) {
            reasons.push_back(
                {"max_drawdown", "drawdown " + drawdown.toString() + "% exceeds max_drawdown_pct " +
                                     limit.toString() + "% (equity " + equity.toString() +
                                     ", peak " + m_state.peakEquity.toString() + ")"});
        }
    }
    return reasons;
}

bool RiskEngine::reauthorize(Timestamp ts) {
    if (!m_state.block) {
        return false;
    }
    m_state.block.reset();
    // a block needs a mark; a restored state without one keeps its values
    if (m_state.lastEquity) {
        m_state.peakEquity = *m_state.lastEquity;
        m_state.dayStartEquity = *m_state.lastEquity;
    }
    m_state.reauthorizedAt = ts;
    return true;
}

}  // namespace causeway::engine
