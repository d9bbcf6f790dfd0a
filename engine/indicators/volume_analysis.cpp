#include "engine/indicators/volume_analysis.h"

#include <algorithm>
#include <limits>
#include <stdexcept>
#include <string>

namespace causeway::engine {

namespace {

__extension__ typedef __int128 Wide;

std::string tickWhere(const char* owner, std::int64_t index, Timestamp ts) {
    return std::string(owner) + ": tick " + std::to_string(index) + " at " + formatIso8601(ts);
}

// Adds exactly or throws: a sum past Quantity's range (about 9.2e10 units)
// must not wrap silently.
void addTo(Quantity& total, Quantity amount, const char* owner, const char* what) {
    std::int64_t sum = 0;
    if (__builtin_add_overflow(total.raw(), amount.raw(), &sum)) {
        throw std::overflow_error(
            std::string(owner) + ": " + what + " exceeds the largest quantity " +
            Quantity::fromRaw(std::numeric_limits<std::int64_t>::max()).toString());
    }
    total = Quantity::fromRaw(sum);
}

void subtractFrom(Quantity& total, Quantity amount, const char* owner, const char* what) {
    addTo(total, -amount, owner, what);
}

Wide wideProduct(Wide a, Wide b, const char* owner) {
    Wide product = 0;
    if (__builtin_mul_overflow(a, b, &product)) {
        throw std::overflow_error(std::string(owner) + ": price x volume out of range");
    }
    return product;
}

Wide wideAbs(Wide value) {
    return value < 0 ? -value : value;
}

// The level of `price` in a vector kept sorted by price, created empty when
// missing. `hint` remembers the last level used: trades mostly repeat it.
template <class Level>
Level& levelAt(std::vector<Level>& levels, std::size_t& hint, Price price) {
    if (hint < levels.size() && levels[hint].price == price) {
        return levels[hint];
    }
    auto it = std::lower_bound(levels.begin(), levels.end(), price,
                               [](const Level& level, Price p) { return level.price < p; });
    if (it == levels.end() || it->price != price) {
        Level level;
        level.price = price;
        it = levels.insert(it, level);
    }
    hint = static_cast<std::size_t>(it - levels.begin());
    return *it;
}

void checkTimeframe(const char* owner, Timeframe timeframe) {
    if (timeframe.nanos <= 0) {
        throw std::invalid_argument(std::string(owner) + ": the bar timeframe must be positive");
    }
}

void checkBucketSize(const char* owner, Price size) {
    if (size <= Price{}) {
        throw std::invalid_argument(std::string(owner) +
                                    ": the bucket size must be positive, got " + size.toString());
    }
}

// The point of control: the most volume; ties to the bucket whose middle is
// nearest the volume-weighted mean, then to the lower price. Distances are
// compared exactly: |(2 * low + size) * V - 2 * sum(p * v)| is 2V times the
// distance of the middle from the mean.
std::size_t pointOfControl(const std::vector<VolumeLevel>& levels, Price bucketSize, Quantity total,
                           Wide priceVolume) {
    std::size_t best = 0;
    Wide bestDistance = 0;
    for (std::size_t i = 0; i < levels.size(); ++i) {
        if (i > 0 && levels[i].volume < levels[best].volume) {
            continue;
        }
        const Wide middle = Wide{2} * levels[i].price.raw() + bucketSize.raw();
        const Wide distance =
            wideAbs(wideProduct(middle, total.raw(), "volume profile") - Wide{2} * priceVolume);
        if (i == 0 || levels[i].volume > levels[best].volume || distance < bestDistance) {
            best = i;
            bestDistance = distance;
        }
    }
    return best;
}

bool holds(Quantity part, Quantity total, int percent) {
    return Wide{part.raw()} * 100 >= Wide{total.raw()} * percent;
}

}  // namespace

const char* volumeTypeName(VolumeType type) {
    switch (type) {
        case VolumeType::kDeltaVolume:
            return "delta_volume";
        case VolumeType::kCumulativeDelta:
            return "cumulative_delta";
        case VolumeType::kVolumeProfile:
            return "volume_profile";
        case VolumeType::kFootprint:
            return "footprint";
    }
    return "unknown";
}

const char* tradeSideName(TradeSide side) {
    switch (side) {
        case TradeSide::kBuy:
            return "buy";
        case TradeSide::kSell:
            return "sell";
        case TradeSide::kUnclassified:
            return "unclassified";
    }
    return "unknown";
}

Price bucketOf(Price price, Price size) {
    std::int64_t index = price.raw() / size.raw();
    if (price.raw() % size.raw() != 0 && price.raw() < 0) {
        --index;
    }
    return Price::fromRaw(index * size.raw());
}

// ---------------------------------------------------------- TradeClassifier

TradeSide TradeClassifier::classify(const Tick& tick) {
    TradeSide side = TradeSide::kUnclassified;
    if (tick.side == AggressorSide::kBuy) {
        side = TradeSide::kBuy;
    } else if (tick.side == AggressorSide::kSell) {
        side = TradeSide::kSell;
    } else {
        if (m_useQuoteRule && tick.bid && tick.ask && *tick.bid <= *tick.ask) {
            if (tick.price >= *tick.ask) {
                side = TradeSide::kBuy;
            } else if (tick.price <= *tick.bid) {
                side = TradeSide::kSell;
            }
        }
        if (side == TradeSide::kUnclassified && m_lastPrice) {
            side = tick.price > *m_lastPrice   ? TradeSide::kBuy
                   : tick.price < *m_lastPrice ? TradeSide::kSell
                                               : m_lastSide;
        }
    }
    m_lastPrice = tick.price;
    m_lastSide = side;
    return side;
}

// ------------------------------------------------------------- TickSequence

void TickSequence::accept(const Tick& tick) {
    if (m_count > 0) {
        if (tick.symbol != m_symbol) {
            throw std::invalid_argument(tickWhere(m_owner, m_count, tick.ts) + ": a tick of " +
                                        tick.symbol.name() + " after ticks of " + m_symbol.name());
        }
        if (tick.ts < m_last) {
            throw std::invalid_argument(tickWhere(m_owner, m_count, tick.ts) +
                                        ": before the previous tick at " + formatIso8601(m_last));
        }
    }
    if (tick.size < Quantity{}) {
        throw std::invalid_argument(tickWhere(m_owner, m_count, tick.ts) + ": size " +
                                    tick.size.toString() + " is negative");
    }
    m_symbol = tick.symbol;
    m_last = tick.ts;
    ++m_count;
}

// ------------------------------------------------------- DeltaVolumeBuilder

DeltaVolumeBuilder::DeltaVolumeBuilder(Timeframe timeframe, bool useQuoteRule)
    : m_timeframe(timeframe), m_classifier(useQuoteRule) {
    checkTimeframe("delta volume", timeframe);
}

std::optional<DeltaVolume> DeltaVolumeBuilder::update(const Tick& tick) {
    m_sequence.accept(tick);
    const TradeSide side = m_classifier.classify(tick);
    const Timestamp bucket = m_timeframe.bucketStart(tick.ts);
    std::optional<DeltaVolume> closed;
    if (m_bar && m_bar->ts != bucket) {
        closed = m_bar;
        m_bar.reset();
    }
    if (!m_bar) {
        m_bar.emplace();
        m_bar->symbol = tick.symbol;
        m_bar->metadata = tick.metadata;
        m_bar->ts = bucket;
        m_bar->timeframe = m_timeframe;
    }
    DeltaVolume& bar = *m_bar;
    ++bar.trades;
    switch (side) {
        case TradeSide::kBuy:
            addTo(bar.buyVolume, tick.size, "delta volume", "the buy volume of a bar");
            addTo(bar.delta, tick.size, "delta volume", "the delta of a bar");
            break;
        case TradeSide::kSell:
            addTo(bar.sellVolume, tick.size, "delta volume", "the sell volume of a bar");
            subtractFrom(bar.delta, tick.size, "delta volume", "the delta of a bar");
            break;
        case TradeSide::kUnclassified:
            addTo(bar.unclassifiedVolume, tick.size, "delta volume",
                  "the unclassified volume of a bar");
            ++bar.unclassifiedTrades;
            break;
    }
    return closed;
}

std::optional<DeltaVolume> DeltaVolumeBuilder::flush() {
    std::optional<DeltaVolume> closed;
    closed.swap(m_bar);
    return closed;
}

// --------------------------------------------------- CumulativeDeltaTracker

CumulativeDeltaTracker::CumulativeDeltaTracker(Timeframe session) : m_session(session) {
    if (session.nanos < 0) {
        throw std::invalid_argument("cumulative delta: the session length must not be negative");
    }
}

CumulativeDelta CumulativeDeltaTracker::update(const DeltaVolume& bar) {
    if (m_started) {
        if (bar.symbol != m_symbol) {
            throw std::invalid_argument("cumulative delta: bar at " + formatIso8601(bar.ts) +
                                        ": a bar of " + bar.symbol.name() + " after bars of " +
                                        m_symbol.name());
        }
        if (bar.ts <= m_last) {
            throw std::invalid_argument("cumulative delta: bar at " + formatIso8601(bar.ts) +
                                        ": not after the previous bar at " + formatIso8601(m_last));
        }
    }
    const Timestamp anchor = m_session.nanos > 0 ? m_session.bucketStart(bar.ts)
                             : m_started         ? m_anchor
                                                 : bar.ts;
    if (!m_started || anchor != m_anchor) {
        m_anchor = anchor;
        m_cumulative = Quantity{};
    }
    addTo(m_cumulative, bar.delta, "cumulative delta", "the cumulative delta");
    m_started = true;
    m_symbol = bar.symbol;
    m_last = bar.ts;

    CumulativeDelta out;
    out.symbol = bar.symbol;
    out.metadata = bar.metadata;
    out.ts = bar.ts;
    out.timeframe = bar.timeframe;
    out.delta = bar.delta;
    out.cumulative = m_cumulative;
    out.anchor = m_anchor;
    return out;
}

// ----------------------------------------------------- VolumeProfileBuilder

VolumeProfileBuilder::VolumeProfileBuilder(Price bucketSize, Timeframe session,
                                           int valueAreaPercent)
    : m_bucketSize(bucketSize), m_session(session), m_valueAreaPercent(valueAreaPercent) {
    checkBucketSize("volume profile", bucketSize);
    if (session.nanos < 0) {
        throw std::invalid_argument("volume profile: the session length must not be negative");
    }
    if (valueAreaPercent < 1 || valueAreaPercent > 100) {
        throw std::invalid_argument("volume profile: the value area must be 1..100 percent, got " +
                                    std::to_string(valueAreaPercent));
    }
}

std::optional<VolumeProfile> VolumeProfileBuilder::update(const Tick& tick) {
    m_sequence.accept(tick);
    std::optional<VolumeProfile> closed;
    if (m_open && m_session.nanos > 0 && m_session.bucketStart(tick.ts) != m_start) {
        closed = flush();
    }
    if (!m_open) {
        m_open = true;
        m_symbol = tick.symbol;
        m_metadata = tick.metadata;
        m_start = m_session.nanos > 0 ? m_session.bucketStart(tick.ts) : tick.ts;
    }
    if (tick.size.isZero()) {
        return closed;
    }
    const Wide priceVolume =
        m_priceVolume + wideProduct(tick.price.raw(), tick.size.raw(), "volume profile");
    Quantity total = m_total;
    addTo(total, tick.size, "volume profile", "the session volume");
    VolumeLevel& level = levelAt(m_levels, m_hint, bucketOf(tick.price, m_bucketSize));
    level.volume = level.volume + tick.size;  // cannot overflow: at most the total
    m_total = total;
    m_priceVolume = priceVolume;
    return closed;
}

std::optional<VolumeProfile> VolumeProfileBuilder::flush() {
    if (!m_open) {
        return std::nullopt;
    }
    VolumeProfile profile = snapshot();
    m_open = false;
    m_levels.clear();
    m_hint = 0;
    m_total = Quantity{};
    m_priceVolume = 0;
    return profile;
}

// The value area grows from the point of control by the CBOT rule: compare
// the volume of the next two traded buckets above with the next two below,
// add the larger pair (both pairs on a tie), until it holds the percentage.
VolumeProfile VolumeProfileBuilder::snapshot() const {
    VolumeProfile profile;
    profile.symbol = m_symbol;
    profile.metadata = m_metadata;
    profile.ts = m_start;
    profile.timeframe = m_session;
    profile.bucketSize = m_bucketSize;
    profile.levels = m_levels;
    profile.totalVolume = m_total;
    if (m_levels.empty()) {
        return profile;
    }
    const Wide total = m_total.raw();
    const Wide mean = m_priceVolume / total;
    const Wide remainder = m_priceVolume % total;
    const bool roundAway = wideAbs(remainder) * 2 >= total;
    profile.meanPrice = Price::fromRaw(
        static_cast<std::int64_t>(roundAway ? (m_priceVolume < 0 ? mean - 1 : mean + 1) : mean));

    const std::size_t poc = pointOfControl(m_levels, m_bucketSize, m_total, m_priceVolume);
    profile.pointOfControl = m_levels[poc].price;
    std::size_t low = poc;
    std::size_t high = poc;
    Quantity inside = m_levels[poc].volume;
    const std::size_t n = m_levels.size();
    while (!holds(inside, m_total, m_valueAreaPercent)) {
        const std::size_t upCount = std::min<std::size_t>(2, n - 1 - high);
        const std::size_t downCount = std::min<std::size_t>(2, low);
        Quantity up;
        Quantity down;
        for (std::size_t k = 1; k <= upCount; ++k) {
            up += m_levels[high + k].volume;
        }
        for (std::size_t k = 1; k <= downCount; ++k) {
            down += m_levels[low - k].volume;
        }
        if (up >= down) {
            high += upCount;
            inside += up;
        }
        if (down >= up) {
            low -= downCount;
            inside += down;
        }
    }
    profile.valueAreaLow = m_levels[low].price;
    profile.valueAreaHigh = m_levels[high].price;
    profile.valueAreaVolume = inside;
    return profile;
}

// --------------------------------------------------------- FootprintBuilder

FootprintBuilder::FootprintBuilder(Timeframe timeframe, Price bucketSize, int imbalancePercent,
                                   bool useQuoteRule)
    : m_timeframe(timeframe),
      m_bucketSize(bucketSize),
      m_imbalancePercent(imbalancePercent),
      m_classifier(useQuoteRule) {
    checkTimeframe("footprint", timeframe);
    checkBucketSize("footprint", bucketSize);
    if (imbalancePercent != 0 && imbalancePercent < 100) {
        throw std::invalid_argument(
            "footprint: the imbalance ratio must be 0 (off) or at least 100 percent, got " +
            std::to_string(imbalancePercent));
    }
}

std::optional<Footprint> FootprintBuilder::update(const Tick& tick) {
    m_sequence.accept(tick);
    const TradeSide side = m_classifier.classify(tick);
    const Timestamp bucket = m_timeframe.bucketStart(tick.ts);
    std::optional<Footprint> closed;
    if (m_open && m_bar.ts != bucket) {
        closed = close();
    }
    if (!m_open) {
        m_open = true;
        m_bar = Footprint{};
        m_bar.symbol = tick.symbol;
        m_bar.metadata = tick.metadata;
        m_bar.ts = bucket;
        m_bar.timeframe = m_timeframe;
        m_bar.bucketSize = m_bucketSize;
        m_hint = 0;
    }
    if (tick.size.isZero()) {
        return closed;
    }
    FootprintLevel& level = levelAt(m_bar.levels, m_hint, bucketOf(tick.price, m_bucketSize));
    switch (side) {
        case TradeSide::kBuy:
            addTo(m_bar.buyVolume, tick.size, "footprint", "the buy volume of a bar");
            addTo(m_bar.delta, tick.size, "footprint", "the delta of a bar");
            level.askVolume += tick.size;
            level.delta += tick.size;
            break;
        case TradeSide::kSell:
            addTo(m_bar.sellVolume, tick.size, "footprint", "the sell volume of a bar");
            subtractFrom(m_bar.delta, tick.size, "footprint", "the delta of a bar");
            level.bidVolume += tick.size;
            level.delta -= tick.size;
            break;
        case TradeSide::kUnclassified:
            addTo(m_bar.unclassifiedVolume, tick.size, "footprint",
                  "the unclassified volume of a bar");
            level.unclassifiedVolume += tick.size;
            break;
    }
    return closed;
}

std::optional<Footprint> FootprintBuilder::flush() {
    if (!m_open) {
        return std::nullopt;
    }
    return close();
}

// Diagonal imbalances: buying at a level lifts the ask one bucket above
// where the matching sellers hit the bid, so each level's ask volume is
// compared with the bid volume one bucket lower, and its bid volume with
// the ask volume one bucket higher. Against an empty diagonal the ratio is
// undefined and nothing is flagged.
Footprint FootprintBuilder::close() {
    m_open = false;
    std::vector<FootprintLevel>& levels = m_bar.levels;
    if (m_imbalancePercent > 0) {
        for (std::size_t i = 0; i < levels.size(); ++i) {
            FootprintLevel& level = levels[i];
            const bool belowAdjacent = i > 0 && levels[i - 1].price == level.price - m_bucketSize;
            const bool aboveAdjacent =
                i + 1 < levels.size() && levels[i + 1].price == level.price + m_bucketSize;
            const Quantity bidBelow = belowAdjacent ? levels[i - 1].bidVolume : Quantity{};
            const Quantity askAbove = aboveAdjacent ? levels[i + 1].askVolume : Quantity{};
            level.buyImbalance =
                !bidBelow.isZero() && holds(level.askVolume, bidBelow, m_imbalancePercent);
            level.sellImbalance =
                !askAbove.isZero() && holds(level.bidVolume, askAbove, m_imbalancePercent);
        }
    }
    return std::move(m_bar);
}

}  // namespace causeway::engine
