#include "engine/execution/price_path.h"

#include <cmath>
#include <stdexcept>

namespace causeway::engine {

PricePath::PricePath(std::vector<Price> points) : m_points(std::move(points)) {
    if (m_points.empty()) {
        throw std::invalid_argument("a price path needs at least one point");
    }
}

PricePath PricePath::ofBar(const Candle& bar) {
    const Price up = bar.high - bar.open;
    const Price down = bar.open - bar.low;
    const bool highFirst = up < down || (up == down && bar.close < bar.open);
    return PricePath(highFirst ? std::vector{bar.open, bar.high, bar.low, bar.close}
                               : std::vector{bar.open, bar.low, bar.high, bar.close});
}

PricePath PricePath::single(Price price) {
    return PricePath(std::vector{price});
}

std::size_t PricePath::nextIndex(double t) const {
    // the first point strictly after t
    return static_cast<std::size_t>(std::floor(t)) + 1;
}

PathPoint PricePath::crossing(PathPoint a, PathPoint b, Price level) {
    if (a.price == b.price) {
        return {a.t, level};
    }
    const double fraction = (level - a.price).toDouble() / (b.price - a.price).toDouble();
    return {a.t + fraction * (b.t - a.t), level};
}

PathPoint PricePath::pointAt(double t) const {
    if (t <= 0.0) {
        return start();
    }
    if (t >= end()) {
        return {end(), m_points.back()};
    }
    const auto i = static_cast<std::size_t>(std::floor(t));
    const double fraction = t - static_cast<double>(i);
    const Price a = m_points[i];
    const Price b = m_points[i + 1];
    return {t, a + Price::fromDouble(fraction * (b - a).toDouble())};
}

std::optional<PathPoint> PricePath::firstReach(PathPoint from, Price level, bool downward,
                                               bool through) const {
    if (downward ? from.price <= level : from.price >= level) {
        return from;
    }
    const auto beyond = [&](Price price) {
        if (through) {
            return downward ? price < level : price > level;
        }
        return downward ? price <= level : price >= level;
    };
    std::optional<PathPoint> hit;
    forEachSegment(from, [&](PathPoint a, PathPoint b) {
        if (beyond(b.price)) {
            hit = crossing(a, b, level);
            return false;
        }
        return true;
    });
    return hit;
}

}  // namespace causeway::engine
