#include "engine/lab/html_report.h"

#include "engine/lab/backtest_runner.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <functional>
#include <optional>

namespace causeway::engine {

namespace {

// ---- text ------------------------------------------------------------------

std::string escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string shortest(double value) {
    if (!std::isfinite(value)) {
        return {};
    }
    if (value == 0.0) {
        return "0";  // not "-0"
    }
    // Plain notation ("100000", not "1e+05") where it stays readable.
    const double magnitude = std::abs(value);
    const auto format = magnitude >= 1e-6 && magnitude < 1e15 ? std::chars_format::fixed
                                                              : std::chars_format::general;
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value, format);
    return std::string(buffer, result.ptr);
}

// At most the eight decimals prices and quantities have, without trailing
// zeros: a price computed in binary shows as 49.98, not 49.980000000000004.
std::string decimal(double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.8f", value);
    std::string text(buffer);
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') {
        text.pop_back();
    }
    return text == "-0" ? "0" : text;
}

// Fixed decimals with thousands separators: "-1,234,567.89".
std::string grouped(double value, int decimals) {
    if (!std::isfinite(value)) {
        return "&ndash;";
    }
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.*f", decimals, std::abs(value));
    std::string digits(buffer);
    const std::size_t point = std::min(digits.find('.'), digits.size());
    for (std::size_t i = point; i > 3; i -= 3) {
        digits.insert(i - 3, 1, ',');
    }
    const bool negative = value < 0.0 && digits.find_first_not_of("0.,") != std::string::npos;
    return negative ? "-" + digits : digits;
}

std::string percent(double value, int decimals = 2) {
    return grouped(value, decimals) + "%";
}

std::string optionalNumber(const std::optional<double>& value, int decimals) {
    return value ? grouped(*value, decimals) : "&ndash;";
}

// "2020-03-02" at midnight, "2020-03-02 14:30" otherwise.
std::string displayTime(Timestamp ts) {
    const CivilTime c = toCivil(ts);
    char buffer[40];
    if (c.hour == 0 && c.minute == 0 && c.second == 0 && c.nanos == 0) {
        std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", c.year, c.month, c.day);
    } else {
        std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d %02d:%02d", c.year, c.month, c.day,
                      c.hour, c.minute);
    }
    return buffer;
}

std::string displayDuration(Timestamp ns) {
    const Timestamp minutes = ns / (60 * kNanosPerSecond);
    const Timestamp days = minutes / (24 * 60);
    const Timestamp hours = minutes / 60 % 24;
    char buffer[48];
    if (days > 0 && hours > 0) {
        std::snprintf(buffer, sizeof buffer, "%lldd %lldh", static_cast<long long>(days),
                      static_cast<long long>(hours));
    } else if (days > 0) {
        std::snprintf(buffer, sizeof buffer, "%lldd", static_cast<long long>(days));
    } else if (minutes >= 60) {
        std::snprintf(buffer, sizeof buffer, "%lldh %lldm", static_cast<long long>(hours),
                      static_cast<long long>(minutes % 60));
    } else if (minutes > 0) {
        std::snprintf(buffer, sizeof buffer, "%lldm", static_cast<long long>(minutes));
    } else {
        std::snprintf(buffer, sizeof buffer, "%llds", static_cast<long long>(ns / kNanosPerSecond));
    }
    return buffer;
}

std::string signClass(double value) {
    return value > 0.0 ? " class=\"pos\"" : value < 0.0 ? " class=\"neg\"" : "";
}

// ---- charts ----------------------------------------------------------------

struct XY {
    Timestamp ts = 0;
    double value = 0.0;
};

struct Series {
    std::vector<XY> points;
    std::string cssClass;
    bool area = false;  // filled down (or up) to zero
};

constexpr double kWidth = 1000.0;
constexpr double kLeft = 78.0;
constexpr double kRight = 12.0;
constexpr double kTop = 12.0;
constexpr double kBottom = 26.0;
constexpr std::size_t kBuckets = 1000;  // about one per horizontal pixel

// At most the minimum and the maximum of each time bucket, in time order,
// plus the first and the last point: the drawn shape stays the same.
std::vector<XY> downsample(std::vector<XY> points) {
    if (points.size() <= 2 * kBuckets) {
        return points;
    }
    const double t0 = static_cast<double>(points.front().ts);
    const double span = std::max(1.0, static_cast<double>(points.back().ts) - t0);
    std::vector<XY> out{points.front()};
    std::size_t begin = 1;
    while (begin + 1 < points.size()) {
        const auto bucket = static_cast<std::size_t>((static_cast<double>(points[begin].ts) - t0) /
                                                     span * (kBuckets - 1));
        std::size_t end = begin;
        std::size_t lo = begin;
        std::size_t hi = begin;
        while (end + 1 < points.size() &&
               static_cast<std::size_t>((static_cast<double>(points[end].ts) - t0) / span *
                                        (kBuckets - 1)) == bucket) {
            lo = points[end].value < points[lo].value ? end : lo;
            hi = points[end].value > points[hi].value ? end : hi;
            ++end;
        }
        out.push_back(points[std::min(lo, hi)]);
        if (lo != hi) {
            out.push_back(points[std::max(lo, hi)]);
        }
        begin = end;
    }
    out.push_back(points.back());
    return out;
}

// 1, 2 or 5 times a power of ten, giving about `target` steps over `span`.
double niceStep(double span, int target) {
    const double raw = span / target;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 5.0}) {
        if (m * magnitude >= raw) {
            return m * magnitude;
        }
    }
    return 10.0 * magnitude;
}

struct TimeTick {
    Timestamp ts;
    std::string label;
};

std::vector<TimeTick> timeTicks(Timestamp t0, Timestamp t1) {
    constexpr Timestamp kMinute = 60 * kNanosPerSecond;
    constexpr Timestamp kHour = 60 * kMinute;
    const double span = static_cast<double>(t1 - t0);
    std::vector<TimeTick> ticks;
    for (const Timestamp step :
         {kMinute, 5 * kMinute, 15 * kMinute, 30 * kMinute, kHour, 3 * kHour, 6 * kHour, 12 * kHour,
          kNanosPerDay, 2 * kNanosPerDay, 7 * kNanosPerDay}) {
        if (span / static_cast<double>(step) <= 8.0) {
            for (Timestamp t = (t0 / step + (t0 % step > 0 ? 1 : 0)) * step; t <= t1; t += step) {
                const CivilTime c = toCivil(t);
                char buffer[32];
                if (step >= kNanosPerDay) {
                    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", c.year, c.month, c.day);
                } else {
                    std::snprintf(buffer, sizeof buffer, "%02d-%02d %02d:%02d", c.month, c.day,
                                  c.hour, c.minute);
                }
                ticks.push_back({t, buffer});
            }
            return ticks;
        }
    }
    for (const int months : {1, 3, 6, 12, 24, 60, 120, 240, 600, 1200}) {
        if (span / (static_cast<double>(months) * 30.44 * kNanosPerDay) > 8.0) {
            continue;
        }
        const CivilTime start = toCivil(t0);
        int index = start.year * 12 + start.month - 1;
        index = (index + months - 1) / months * months;
        for (;; index += months) {
            const Timestamp t = fromCivil(CivilTime{index / 12, index % 12 + 1, 1});
            if (t > t1) {
                break;
            }
            if (t < t0) {
                continue;
            }
            char buffer[32];
            if (months >= 12) {
                std::snprintf(buffer, sizeof buffer, "%04d", index / 12);
            } else {
                std::snprintf(buffer, sizeof buffer, "%04d-%02d", index / 12, index % 12 + 1);
            }
            ticks.push_back({t, buffer});
        }
        break;
    }
    return ticks;
}

std::string coord(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", value);
    return buffer;
}

// A line (or area) chart over time; `yLabel` formats a value tick.
std::string svgChart(const std::vector<Series>& series, double height, const char* ariaLabel,
                     const std::function<std::string(double, double)>& yLabel) {
    std::string svg = "<svg class=\"chart\" viewBox=\"0 0 " + coord(kWidth) + " " + coord(height) +
                      "\" role=\"img\" aria-label=\"" + escape(ariaLabel) + "\">";
    std::optional<Timestamp> t0, t1;
    double lo = 0.0, hi = 0.0;
    bool any = false;
    for (const Series& s : series) {
        for (const XY& p : s.points) {
            t0 = std::min(t0.value_or(p.ts), p.ts);
            t1 = std::max(t1.value_or(p.ts), p.ts);
            lo = any ? std::min(lo, p.value) : p.value;
            hi = any ? std::max(hi, p.value) : p.value;
            any = true;
        }
        if (s.area) {
            lo = std::min(lo, 0.0);
            hi = std::max(hi, 0.0);
        }
    }
    if (!any) {
        return svg + "<text x=\"500\" y=\"" + coord(height / 2) +
               "\" text-anchor=\"middle\" class=\"axis\">no data</text></svg>";
    }
    if (hi - lo < 1e-9 * std::max(1.0, std::abs(hi))) {  // flat: give it some height
        const bool areaAtTop = hi == 0.0;
        lo -= std::max(1.0, std::abs(lo) * 0.01);
        hi += areaAtTop ? 0.0 : std::max(1.0, std::abs(hi) * 0.01);
    }
    const double step = niceStep(hi - lo, 6);
    lo = std::floor(lo / step) * step;
    hi = std::ceil(hi / step) * step;
    const double plotW = kWidth - kLeft - kRight;
    const double plotH = height - kTop - kBottom;
    const double tSpan = std::max<double>(1.0, static_cast<double>(*t1 - *t0));
    const auto x = [&](Timestamp t) {
        return kLeft + static_cast<double>(t - *t0) / tSpan * plotW;
    };
    const auto y = [&](double v) { return kTop + (hi - v) / (hi - lo) * plotH; };

    for (double v = lo; v <= hi + step * 0.5; v += step) {
        svg += "<line class=\"grid\" x1=\"" + coord(kLeft) + "\" x2=\"" + coord(kWidth - kRight) +
               "\" y1=\"" + coord(y(v)) + "\" y2=\"" + coord(y(v)) +
               "\"/><text class=\"axis\" x=\"" + coord(kLeft - 6) + "\" y=\"" + coord(y(v) + 4) +
               "\" text-anchor=\"end\">" + yLabel(std::abs(v) < step * 1e-6 ? 0.0 : v, step) +
               "</text>";
    }
    for (const TimeTick& tick : timeTicks(*t0, *t1)) {
        svg += "<line class=\"tick\" x1=\"" + coord(x(tick.ts)) + "\" x2=\"" + coord(x(tick.ts)) +
               "\" y1=\"" + coord(kTop) + "\" y2=\"" + coord(height - kBottom + 4) +
               "\"/><text class=\"axis\" x=\"" + coord(x(tick.ts)) + "\" y=\"" + coord(height - 8) +
               "\" text-anchor=\"middle\">" + tick.label + "</text>";
    }
    for (const Series& s : series) {
        const std::vector<XY> points = downsample(s.points);
        if (points.empty()) {
            continue;
        }
        std::string d;
        d.reserve(points.size() * 14);
        for (const XY& p : points) {
            d += (d.empty() ? "M" : "L") + coord(x(p.ts)) + "," + coord(y(p.value));
        }
        if (s.area) {
            d += "L" + coord(x(points.back().ts)) + "," + coord(y(0.0)) + "L" +
                 coord(x(points.front().ts)) + "," + coord(y(0.0)) + "Z";
        }
        svg += "<path class=\"" + s.cssClass + "\" d=\"" + d + "\"/>";
    }
    return svg + "</svg>";
}

std::vector<XY> toXY(const std::vector<EquityPoint>& equity) {
    std::vector<XY> out;
    out.reserve(equity.size());
    for (const EquityPoint& p : equity) {
        out.push_back({p.ts, p.equity});
    }
    return out;
}

// ---- sections ----------------------------------------------------------------

constexpr const char* kStyle = R"(<style>
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;
color:#1f2933;background:#f7f8fa;margin:0}
main{max-width:1100px;margin:0 auto;padding:24px 28px 48px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:17px;margin:4px 0 10px;color:#323f4b}
.meta{color:#616e7c;margin:0 0 20px}
section{background:#fff;border:1px solid #e4e7eb;border-radius:8px;padding:14px 18px;
margin-bottom:18px}
table{border-collapse:collapse;width:100%;font-variant-numeric:tabular-nums}
th,td{padding:4px 10px;border-bottom:1px solid #eef0f3;text-align:right;white-space:nowrap}
th{font-weight:600;color:#52606d;background:#f5f7fa}
td.l,th.l{text-align:left}
.kv{width:100%;table-layout:fixed}.kv td{text-align:left;overflow-wrap:anywhere;white-space:normal}.kv td:first-child{width:38%;color:#616e7c;padding-right:24px}
.cols{display:flex;gap:18px;flex-wrap:wrap;align-items:flex-start}.cols>section{flex:1;min-width:320px}
.pos{color:#15803d}.neg{color:#b91c1c}
svg.chart{width:100%;height:auto;display:block}
.grid{stroke:#eef0f3}.tick{stroke:#d9dee4}
.axis{font-size:11px;fill:#7b8794}
.equity{fill:none;stroke:#2563eb;stroke-width:1.6}
.bench{fill:none;stroke:#9aa5b1;stroke-width:1.3;stroke-dasharray:4 3}
.dd{fill:rgba(220,38,38,.25);stroke:#dc2626;stroke-width:1}
.legend{color:#52606d;font-size:13px;margin:0 0 6px}
.legend i{display:inline-block;width:18px;height:3px;vertical-align:middle;margin:0 6px 0 14px}
.heat td{text-align:center;min-width:44px;font-size:12px}
.heat td.y{font-weight:600;border-left:2px solid #e4e7eb}
.trades{font-size:12.5px}.scroll{overflow-x:auto}
footer{color:#9aa5b1;font-size:12px;margin-top:24px}
</style>)";

std::string parametersTable(const ReportInput& input) {
    std::string html = "<section><h2>Parameters</h2><table class=\"kv\">";
    for (const auto& [key, value] : input.parameters) {
        html += "<tr><td>" + escape(key) + "</td><td>" + escape(value) + "</td></tr>";
    }
    if (input.parameters.empty()) {
        html += "<tr><td>none</td><td></td></tr>";
    }
    return html + "</table></section>";
}

std::string summaryTable(const ReportInput& input) {
    const RunStatistics& s = input.stats;
    const std::optional<SeriesStats>& b = s.benchmark;
    const bool withBench = b.has_value();
    std::string html =
        "<section><h2>Summary</h2><table><tr><th class=\"l\">Statistic</th>"
        "<th>Strategy</th>";
    html += withBench ? "<th>Buy &amp; hold</th></tr>" : "</tr>";
    const auto row = [&](const char* label, const std::string& value,
                         const std::optional<std::string>& bench = std::nullopt) {
        html += std::string("<tr><td class=\"l\">") + label + "</td><td>" + value + "</td>";
        if (withBench) {
            html += "<td>" + bench.value_or("") + "</td>";
        }
        html += "</tr>";
    };
    const auto both = [&](const char* label,
                          const std::function<std::string(const SeriesStats&)>& f) {
        row(label, f(s), withBench ? std::optional<std::string>(f(*b)) : std::nullopt);
    };
    both("Total return", [](const SeriesStats& x) { return percent(x.totalReturnPct); });
    both("Annualized return", [](const SeriesStats& x) { return percent(x.annualizedReturnPct); });
    both("Volatility (annualized)", [](const SeriesStats& x) { return percent(x.volatilityPct); });
    both("Sharpe", [](const SeriesStats& x) { return grouped(x.sharpe, 2); });
    both("Sortino", [](const SeriesStats& x) { return grouped(x.sortino, 2); });
    both("Calmar", [](const SeriesStats& x) { return optionalNumber(x.calmar, 2); });
    both("Max drawdown", [](const SeriesStats& x) { return percent(x.maxDrawdownPct); });
    both("Max drawdown duration", [](const SeriesStats& x) {
        return displayDuration(x.maxDrawdownDuration) + (x.recoveryTs ? "" : " (open)");
    });
    both("Final equity", [](const SeriesStats& x) { return grouped(x.finalEquity, 2); });
    row("Net P&amp;L", grouped(s.netPnl, 2));
    row("Trades", std::to_string(s.tradeCount));
    row("Win rate", percent(s.winRate * 100.0, 1));
    row("Profit factor", optionalNumber(s.profitFactor, 2));
    row("Expectancy", grouped(s.expectancy, 2));
    row("Average win / loss", grouped(s.averageWin, 2) + " / " + grouped(s.averageLoss, 2));
    row("Largest win / loss", grouped(s.largestWin, 2) + " / " + grouped(s.largestLoss, 2));
    row("Gross profit / loss", grouped(s.grossProfit, 2) + " / " + grouped(s.grossLoss, 2));
    row("Exposure", percent(s.exposurePct, 1));
    row("Turnover (annualized)",
        grouped(s.turnover, 2) + "&times; (" + grouped(s.annualizedTurnover, 2) + "&times;/yr)");
    row("Fees", grouped(s.fees, 2));
    row("Slippage cost", grouped(s.slippageCost, 2));
    row("Period", grouped(s.years, 2) + " years, " + grouped(s.periodsPerYear, 1) + " bars/yr");
    return html + "</table></section>";
}

bool numeric(const std::string& cell) {
    return !cell.empty() && cell.find_first_not_of("0123456789.-+%e ") == std::string::npos;
}

std::string tableSection(const ReportTable& table) {
    std::string html = "<section><h2>" + escape(table.title) +
                       "</h2><div class=\"scroll\"><table class=\"trades\"><tr>";
    for (const std::string& column : table.columns) {
        html += "<th>" + escape(column) + "</th>";
    }
    html += "</tr>";
    for (const auto& row : table.rows) {
        html += "<tr>";
        for (const std::string& cell : row) {
            html +=
                std::string(numeric(cell) ? "<td>" : "<td class=\"l\">") + escape(cell) + "</td>";
        }
        html += "</tr>";
    }
    return html + "</table></div></section>";
}

std::string chartsSection(const ReportInput& input) {
    std::string html =
        "<section><h2>Equity</h2><p class=\"legend\">"
        "<i style=\"background:#2563eb\"></i>Strategy";
    std::vector<Series> equity{{toXY(input.equity), "equity", false}};
    if (!input.benchmark.empty()) {
        html += "<i style=\"background:#9aa5b1\"></i>Buy &amp; hold";
        equity.insert(equity.begin(), Series{toXY(input.benchmark), "bench", false});
    }
    html += "</p>";
    html += svgChart(equity, 340.0, "equity curve", [](double v, double step) {
        return grouped(v, step >= 1.0 ? 0 : static_cast<int>(std::ceil(-std::log10(step))));
    });
    html += "</section><section><h2>Drawdown</h2>";
    const std::vector<double> dd = drawdownSeries(input.equity, input.initialCash);
    Series drawdown{{}, "dd", true};
    drawdown.points.reserve(dd.size());
    for (std::size_t i = 0; i < dd.size(); ++i) {
        drawdown.points.push_back({input.equity[i].ts, -dd[i]});
    }
    html += svgChart({drawdown}, 180.0, "drawdown", [](double v, double step) {
        return percent(v, step >= 1.0 ? 0 : static_cast<int>(std::ceil(-std::log10(step))));
    });
    return html + "</section>";
}

std::string heatCell(std::optional<double> pct, double scale, const char* cls = "") {
    if (!pct) {
        return std::string("<td") + cls + "></td>";
    }
    const double strength = 0.12 + 0.7 * std::min(1.0, std::abs(*pct) / scale);
    char color[64];
    std::snprintf(color, sizeof color,
                  *pct >= 0.0 ? "rgba(22,163,74,%.2f)" : "rgba(220,38,38,%.2f)",
                  *pct == 0.0 ? 0.0 : strength);
    return std::string("<td") + cls + " style=\"background:" + color + "\">" + grouped(*pct, 1) +
           "</td>";
}

std::string monthlySection(const RunStatistics& stats) {
    std::string html =
        "<section><h2>Monthly returns (%)</h2><div class=\"scroll\">"
        "<table class=\"heat\"><tr><th class=\"l\">Year</th>";
    for (const char* m :
         {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"}) {
        html += std::string("<th>") + m + "</th>";
    }
    html += "<th>Year</th></tr>";
    double monthScale = 0.5, yearScale = 0.5;
    for (const MonthlyReturn& m : stats.monthly) {
        monthScale = std::max(monthScale, std::abs(m.returnPct));
    }
    for (const YearlyReturn& y : stats.yearly) {
        yearScale = std::max(yearScale, std::abs(y.returnPct));
    }
    for (const YearlyReturn& year : stats.yearly) {
        html += "<tr><th class=\"l\">" + std::to_string(year.year) + "</th>";
        for (int month = 1; month <= 12; ++month) {
            const auto it = std::find_if(
                stats.monthly.begin(), stats.monthly.end(),
                [&](const MonthlyReturn& m) { return m.year == year.year && m.month == month; });
            html += heatCell(
                it == stats.monthly.end() ? std::nullopt : std::optional<double>(it->returnPct),
                monthScale);
        }
        html += heatCell(year.returnPct, yearScale, " class=\"y\"") + "</tr>";
    }
    return html + "</table></div></section>";
}

std::string tradesSection(const std::vector<TradeOutcome>& trades) {
    std::string html = "<section><h2>Trades (" + std::to_string(trades.size()) +
                       ")</h2><div class=\"scroll\"><table class=\"trades\"><tr>"
                       "<th class=\"l\">Id</th><th class=\"l\">Symbol</th><th class=\"l\">Side</th>"
                       "<th>Qty</th><th>Entry time</th><th>Entry price</th><th>Exit time</th>"
                       "<th>Exit price</th><th>P&amp;L</th><th>Fees</th><th>Duration</th></tr>";
    const std::size_t shown = std::min(trades.size(), kMaxReportTrades);
    for (std::size_t i = 0; i < shown; ++i) {
        const TradeOutcome& t = trades[i];
        html += "<tr><td class=\"l\">" + escape(t.tradeId) + "</td><td class=\"l\">" +
                escape(t.symbol) + "</td><td class=\"l\">" + (t.isLong ? "long" : "short") +
                "</td><td>" + decimal(t.qty) + "</td><td>" + displayTime(t.entryTs) + "</td><td>" +
                decimal(t.entryPrice) + "</td><td>" + displayTime(t.exitTs) + "</td><td>" +
                decimal(t.exitPrice) + "</td><td" + signClass(t.pnl) + ">" + grouped(t.pnl, 2) +
                "</td><td>" + grouped(t.fees, 2) + "</td><td>" +
                displayDuration(t.exitTs - t.entryTs) + "</td></tr>";
    }
    html += "</table></div>";
    if (shown < trades.size()) {
        html += "<p class=\"meta\">First " + std::to_string(shown) + " of " +
                std::to_string(trades.size()) + " trades shown; the trades CSV has all.</p>";
    }
    return html + "</section>";
}

// ---- csv ---------------------------------------------------------------------

std::string csvField(std::string_view text) {
    if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
        return std::string(text);
    }
    std::string out = "\"";
    for (const char c : text) {
        out += c == '"' ? "\"\"" : std::string(1, c);
    }
    return out + "\"";
}

}  // namespace

ReportInput runReport(std::string title, const RunStatistics& stats, const StatisticsInput& input) {
    ReportInput report;
    report.title = std::move(title);
    report.stats = stats;
    report.equity = input.equity;
    report.benchmark = input.benchmark;
    report.trades = input.trades;
    report.initialCash = input.initialCash;
    return report;
}

ReportInput backtestReport(const ResolvedSettings& resolved, const RunSettings& settings,
                           const BacktestResult& result) {
    std::string symbols, timeframes;
    for (const SymbolResult& s : result.symbols) {
        symbols += (symbols.empty() ? "" : ",") + s.symbol;
        timeframes += (timeframes.empty() ? "" : ",") + s.timeframe;
    }
    ReportInput report = runReport(result.summary.strategy + " on " + symbols + ' ' + timeframes,
                                   result.statistics, result.input);
    for (const auto& [key, value] : resolved.executor.params) {
        report.parameters.emplace_back(key, value);
    }
    const SimulationConfig& simulation = resolved.executor.simulation;
    report.parameters.insert(report.parameters.end(),
                             {{"initial cash", resolved.executor.initialCash.toString()},
                              {"taker fee (bps)", simulation.takerFeeBps.toString()},
                              {"maker fee (bps)", simulation.makerFeeBps.toString()},
                              {"slippage (bps)", simulation.slippageBps.toString()}});
    for (const auto& [key, value] : settings.risk) {
        report.parameters.emplace_back("risk " + key, value);
    }
    for (const SymbolResult& s : result.symbols) {
        report.parameters.emplace_back("data " + s.symbol, s.dataPath + " (" + s.timeframe + ")");
        if (!s.detailPath.empty()) {
            report.parameters.emplace_back("detail " + s.symbol, s.detailPath);
        }
    }
    return report;
}

std::string renderHtmlReport(const ReportInput& input) {
    std::string html =
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
        "<title>" +
        escape(input.title) + "</title>" + kStyle + "</head><body><main><h1>" +
        escape(input.title) + "</h1><p class=\"meta\">";
    if (!input.equity.empty()) {
        html += displayTime(input.equity.front().ts) + " &ndash; " +
                displayTime(input.equity.back().ts) + " &middot; " +
                std::to_string(input.equity.size()) + " bars &middot; ";
    }
    html += std::to_string(input.trades.size()) + " trades</p>";
    html += "<div class=\"cols\">" + summaryTable(input) + parametersTable(input) + "</div>";
    for (const ReportTable& table : input.tables) {
        html += tableSection(table);
    }
    html += chartsSection(input);
    html += monthlySection(input.stats);
    html += tradesSection(input.trades);
    html +=
        "<footer>Generated by " + escape(input.generatedBy) + "</footer></main></body></html>\n";
    return html;
}

std::string tradesCsv(const std::vector<TradeOutcome>& trades) {
    std::string csv =
        "trade_id,strategy,symbol,side,qty,entry_ts,entry_price,exit_ts,exit_price,pnl,fees\n";
    for (const TradeOutcome& t : trades) {
        csv += csvField(t.tradeId) + ',' + csvField(t.strategy) + ',' + csvField(t.symbol) + ',' +
               (t.isLong ? "long" : "short") + ',' + shortest(t.qty) + ',' +
               formatIso8601(t.entryTs) + ',' + shortest(t.entryPrice) + ',' +
               formatIso8601(t.exitTs) + ',' + shortest(t.exitPrice) + ',' + shortest(t.pnl) + ',' +
               shortest(t.fees) + '\n';
    }
    return csv;
}

std::string equityCsv(const std::vector<EquityPoint>& equity) {
    std::string csv = "ts,equity,in_market\n";
    for (const EquityPoint& p : equity) {
        csv +=
            formatIso8601(p.ts) + ',' + shortest(p.equity) + ',' + (p.inMarket ? '1' : '0') + '\n';
    }
    return csv;
}

std::string monthlyReturnsCsv(const std::vector<MonthlyReturn>& months) {
    std::string csv = "year,month,return_pct\n";
    for (const MonthlyReturn& m : months) {
        csv += std::to_string(m.year) + ',' + std::to_string(m.month) + ',' +
               shortest(m.returnPct) + '\n';
    }
    return csv;
}

}  // namespace causeway::engine
