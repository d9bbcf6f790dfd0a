#pragma once

#include <optional>
#include <vector>

#include "engine/core/fixed_point.h"
#include "engine/core/market_data.h"

namespace causeway::engine {

// A position on a price path: `t` counts the path's points from 0 (a
// fraction between two of them where the price passes a level on the way),
// `price` is the price there.
struct PathPoint {
    double t = 0.0;
    Price price;
};

// The route the simulator takes a bar's price along: straight lines between
// its points. Without finer data a bar travels open -> the extreme nearer
// the open -> the other extreme -> close (a tie goes to the low first when the
// bar closed up, the high first when it closed down), so stops, limits and
// the exits of a bracket inside one bar resolve in that order. A single
// price (a tick, a close) is a path of one point.
class PricePath final {
public:
    explicit PricePath(std::vector<Price> points);
    static PricePath ofBar(const Candle& bar);
    static PricePath single(Price price);

    std::size_t size() const { return m_points.size(); }
    Price at(std::size_t index) const { return m_points[index]; }
    PathPoint start() const { return {0.0, m_points.front()}; }
    double end() const { return static_cast<double>(m_points.size() - 1); }

    // The first position at or after `from` where the price is at or
    // below `level` (downward) or at or above it (upward) — with `through`,
    // strictly beyond it on the way. Already there at `from` (at or beyond):
    // `from` itself, at its price. Else where the path crosses the level, at
    // the level.
    std::optional<PathPoint> firstReach(PathPoint from, Price level, bool downward,
                                        bool through = false) const;

    // The position `t` on the path, its price on the straight line between
    // the points around it (clamped to the path's ends).
    PathPoint pointAt(double t) const;

    // Visits the path from `from` on as segments (a -> b), in order.
    template <class F>
    void forEachSegment(PathPoint from, F&& visit) const {
        PathPoint a = from;
        for (std::size_t i = nextIndex(from.t); i < m_points.size(); ++i) {
            const PathPoint b{static_cast<double>(i), m_points[i]};
            if (!visit(a, b)) {
                return;
            }
            a = b;
        }
    }

    // Where a straight segment a -> b passes `level` (which lies between).
    static PathPoint crossing(PathPoint a, PathPoint b, Price level);

private:
    std::size_t nextIndex(double t) const;

    std::vector<Price> m_points;
};

}  // namespace causeway::engine
