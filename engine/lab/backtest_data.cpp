#include "engine/lab/backtest_data.h"

#include <algorithm>
#include <optional>
#include <stdexcept>

#include "engine/data/bar_aggregator.h"
#include "engine/data/bar_csv_reader.h"
#include "engine/data/csv_source.h"
#include "engine/data/tick_csv_reader.h"
#include "engine/runtime/bar_input.h"

namespace causeway::engine {

namespace {

std::vector<Candle> aggregate(Timeframe source, Timeframe target, const auto& events) {
    std::vector<Candle> bars;
    BarAggregator aggregator(source, {target}, [&](const Candle& bar) { bars.push_back(bar); });
    for (const auto& event : events) {
        aggregator.add(event);
    }
    aggregator.flush();
    return bars;
}

// Finer data of another instrument (or another price scale) would route
// every order along a path its bars never took: refused when more than 1% of
// the rows inside some bar leave that bar's low-high range.
void checkDetailFits(const SymbolSeries& series) {
    std::int64_t checked = 0;
    std::int64_t outside = 0;
    std::string first;
    const auto check = [&](Timestamp ts, Price low, Price high) {
        const auto after =
            std::upper_bound(series.bars.begin(), series.bars.end(), ts,
                             [](Timestamp t, const Candle& bar) { return t < bar.ts; });
        if (after == series.bars.begin()) {
            return;
        }
        const Candle& bar = *std::prev(after);
        if (ts >= bar.ts + bar.timeframe.nanos) {
            return;
        }
        ++checked;
        if (low < bar.low || high > bar.high) {
            if (outside++ == 0) {
                first = formatIso8601(ts) + " trades " + low.toString() +
                        (low == high ? std::string() : "-" + high.toString()) + ", its bar " +
                        bar.low.toString() + "-" + bar.high.toString();
            }
        }
    };
    for (const Tick& tick : series.detailTicks) {
        check(tick.ts, tick.price, tick.price);
    }
    for (const Candle& bar : series.detailBars) {
        check(bar.ts, bar.low, bar.high);
    }
    if (outside * 100 > checked) {
        throw std::invalid_argument("detail '" + series.detailPath + "' does not fit the bars of " +
                                    series.symbol().name() + ": " + std::to_string(outside) +
                                    " of " + std::to_string(checked) +
                                    " rows lie outside their bar's low-high range (first at " +
                                    first + "); is it the same symbol?");
    }
}

void buildDetail(SymbolSeries& series) {
    if (!series.detailTicks.empty()) {
        series.detail = std::make_shared<const IntraBarDetail>(
            IntraBarDetail::fromTicks(series.bars, series.detailTicks, series.detailPath));
    } else if (!series.detailBars.empty()) {
        series.detail = std::make_shared<const IntraBarDetail>(
            IntraBarDetail::fromBars(series.bars, series.detailBars, series.detailPath));
    } else {
        series.detail.reset();
    }
}

// Bars or prints of `path` for `symbol`, as its file holds them.
void readFinerData(const std::string& path, Symbol symbol, std::vector<Candle>& bars,
                   std::vector<Tick>& ticks) {
    if (detectCsvKind(path) == CsvKind::kTicks) {
        ticks = loadTicks(path, symbol);
        bars.clear();
    } else {
        bars = loadBars(path, symbol);
        ticks.clear();
    }
}

SymbolSeries loadSeries(const std::string& path, std::optional<Timeframe> timeframe) {
    SymbolSeries series;
    series.path = path;
    const Symbol symbol = CsvSource::symbolFromPath(path);
    if (detectCsvKind(path) == CsvKind::kTicks) {
        if (!timeframe) {
            throw std::invalid_argument("'" + path +
                                        "' holds trade prints: --timeframe says which bars to "
                                        "build from them (e.g. --timeframe 1h)");
        }
        series.detailTicks = loadTicks(path, symbol);
        series.detailPath = path;
        series.bars = aggregate(Timeframe{}, *timeframe, series.detailTicks);
        return series;
    }
    ValidatedBars input = readSessionBars(path, symbol);
    series.quality = input.metrics;
    if (!timeframe || *timeframe == input.bars.front().timeframe) {
        series.bars = std::move(input.bars);
        return series;
    }
    const Timeframe source = input.bars.front().timeframe;
    if (timeframe->nanos < source.nanos || timeframe->nanos % source.nanos != 0) {
        throw std::invalid_argument("--timeframe " + timeframe->label() + " is not a multiple of " +
                                    source.label() + ", the bars of '" + path + "'");
    }
    series.bars = aggregate(source, *timeframe, input.bars);
    series.detailBars = std::move(input.bars);
    series.detailPath = path;
    return series;
}

}  // namespace

std::int64_t BacktestData::barCount() const {
    std::int64_t count = 0;
    for (const SymbolSeries& series : symbols) {
        count += static_cast<std::int64_t>(series.bars.size());
    }
    return count;
}

Timestamp BacktestData::firstTs() const {
    Timestamp first = symbols.front().bars.front().ts;
    for (const SymbolSeries& series : symbols) {
        first = std::min(first, series.bars.front().ts);
    }
    return first;
}

Timestamp BacktestData::lastTs() const {
    Timestamp last = symbols.front().bars.back().ts;
    for (const SymbolSeries& series : symbols) {
        last = std::max(last, series.bars.back().ts);
    }
    return last;
}

namespace {

template <class Part>
std::string joined(const std::vector<SymbolSeries>& symbols, Part part) {
    std::string text;
    for (const SymbolSeries& series : symbols) {
        text += (text.empty() ? "" : ",") + part(series);
    }
    return text;
}

}  // namespace

std::string BacktestData::symbolList() const {
    return joined(symbols, [](const SymbolSeries& s) { return s.symbol().name(); });
}

std::string BacktestData::timeframeList() const {
    return joined(symbols, [](const SymbolSeries& s) { return s.timeframe().label(); });
}

std::string BacktestData::dataList() const {
    return joined(symbols, [](const SymbolSeries& s) { return s.path; });
}

BacktestData loadBacktestData(const std::vector<std::string>& data,
                              const std::vector<std::string>& detail,
                              const std::string& timeframe) {
    if (data.empty()) {
        throw std::invalid_argument("--data names no file");
    }
    std::optional<Timeframe> target;
    if (!timeframe.empty()) {
        target = Timeframe::parse(timeframe);
        if (!target || target->nanos <= 0) {
            throw std::invalid_argument("invalid value '" + timeframe +
                                        "' for --timeframe: expected e.g. 1m, 15m, 1h, 1d");
        }
    }
    BacktestData loaded;
    for (const std::string& path : data) {
        SymbolSeries series = loadSeries(path, target);
        for (const SymbolSeries& earlier : loaded.symbols) {
            if (earlier.symbol() == series.symbol()) {
                throw std::invalid_argument("'" + earlier.path + "' and '" + path +
                                            "' are both symbol " + series.symbol().name() +
                                            " (a file's name up to its first '_' or '.' names "
                                            "its symbol)");
            }
        }
        loaded.symbols.push_back(std::move(series));
    }
    for (const std::string& entry : detail) {
        SymbolSeries* series = nullptr;
        std::string path = entry;
        if (loaded.symbols.size() == 1) {
            series = &loaded.symbols.front();
        } else {
            const auto eq = entry.find('=');
            const Symbol named = eq == std::string::npos ? CsvSource::symbolFromPath(entry)
                                                         : Symbol(entry.substr(0, eq));
            if (eq != std::string::npos) {
                path = entry.substr(eq + 1);
            }
            for (SymbolSeries& candidate : loaded.symbols) {
                if (candidate.symbol() == named) {
                    series = &candidate;
                }
            }
            if (!series) {
                throw std::invalid_argument("--detail " + entry + ": symbol " + named.name() +
                                            " is not one of the run's (" + loaded.symbolList() +
                                            "); with several --data files give SYMBOL=FILE");
            }
        }
        readFinerData(path, series->symbol(), series->detailBars, series->detailTicks);
        series->detailPath = path;
    }
    for (SymbolSeries& series : loaded.symbols) {
        checkDetailFits(series);
        buildDetail(series);
    }
    return loaded;
}

BacktestData sliceBacktestData(const BacktestData& data, Timestamp from, Timestamp to) {
    BacktestData slice;
    for (const SymbolSeries& series : data.symbols) {
        const auto inside = [&](const auto& event) { return event.ts >= from && event.ts < to; };
        SymbolSeries part;
        part.path = series.path;
        part.detailPath = series.detailPath;
        part.quality = series.quality;
        std::copy_if(series.bars.begin(), series.bars.end(), std::back_inserter(part.bars), inside);
        if (part.bars.empty()) {
            continue;
        }
        // Detail of the slice's last bar runs up to that bar's end.
        const Timestamp end = part.bars.back().ts + part.bars.back().timeframe.nanos;
        const auto within = [&](const auto& event) {
            return event.ts >= part.bars.front().ts && event.ts < end;
        };
        std::copy_if(series.detailBars.begin(), series.detailBars.end(),
                     std::back_inserter(part.detailBars), within);
        std::copy_if(series.detailTicks.begin(), series.detailTicks.end(),
                     std::back_inserter(part.detailTicks), within);
        if (series.detail && part.detailBars.empty() && part.detailTicks.empty()) {
            // the detail covers none of this slice's bars: they keep the guess
            part.detailPath.clear();
        }
        buildDetail(part);
        slice.symbols.push_back(std::move(part));
    }
    return slice;
}

}  // namespace causeway::engine
