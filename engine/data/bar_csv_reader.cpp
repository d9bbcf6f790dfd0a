#include "engine/data/bar_csv_reader.h"

#include <algorithm>
#include <limits>

#include "engine/data/data_error.h"

namespace causeway::engine {

BarCsvReader::BarCsvReader(const std::string& path, Symbol symbol)
    : m_source(path),
      m_symbol(symbol.isValid() ? symbol : CsvSource::symbolFromPath(path)),
      m_time(m_source.require("timestamp", csv_columns::kTimestamp)),
      m_open(m_source.require("open", csv_columns::kOpen)),
      m_high(m_source.require("high", csv_columns::kHigh)),
      m_low(m_source.require("low", csv_columns::kLow)),
      m_close(m_source.require("close", csv_columns::kClose)),
      m_volume(m_source.find(csv_columns::kVolume)) {}

bool BarCsvReader::next(Candle& bar) {
    if (!m_source.next()) {
        return false;
    }
    const Timestamp ts = m_source.timestamp(m_time);
    if (m_hasPrevious && ts <= m_previous) {
        m_source.fail("timestamp " + formatIso8601(ts) + " is not after the previous row's " +
                      formatIso8601(m_previous));
    }
    bar.symbol = m_symbol;
    bar.ts = ts;
    bar.open = m_source.price(m_open, "open price");
    bar.high = m_source.price(m_high, "high price");
    bar.low = m_source.price(m_low, "low price");
    bar.close = m_source.price(m_close, "close price");
    if (bar.high < bar.low || bar.open > bar.high || bar.open < bar.low || bar.close > bar.high ||
        bar.close < bar.low) {
        m_source.fail("inconsistent bar: high " + bar.high.toString() + ", low " +
                      bar.low.toString() + " do not contain open " + bar.open.toString() +
                      " and close " + bar.close.toString());
    }
    bar.volume = m_volume ? m_source.quantity(*m_volume, "volume") : Quantity();
    m_previous = ts;
    m_hasPrevious = true;
    return true;
}

namespace {

std::vector<Candle> readAll(const std::string& path, Symbol symbol,
                            std::vector<std::int64_t>* lines) {
    BarCsvReader reader(path, symbol);
    std::vector<Candle> bars;
    Candle bar;
    while (reader.next(bar)) {
        bars.push_back(bar);
        if (lines != nullptr) {
            lines->push_back(reader.line());
        }
    }
    if (bars.empty()) {
        throw DataError(path, reader.line(), "no data rows after the header");
    }
    const Timeframe timeframe = inferTimeframe(bars);
    for (auto& b : bars) {
        b.timeframe = timeframe;
    }
    return bars;
}

}  // namespace

std::vector<Candle> loadBars(const std::string& path, Symbol symbol) {
    return readAll(path, symbol, nullptr);
}

ValidatedBars loadValidatedBars(const std::string& path, Symbol symbol) {
    std::vector<std::int64_t> lines;
    ValidatedBars out;
    out.bars = readAll(path, symbol, &lines);
    DataValidator validator(ValidationConfig::forBars(out.bars.front().timeframe),
                            [&out](const ValidationIssue& issue) { out.issues.push_back(issue); });
    std::size_t kept = 0;
    for (std::size_t i = 0; i < out.bars.size(); ++i) {
        if (validator.check(out.bars[i], lines[i])) {
            out.bars[kept++] = out.bars[i];
        }
    }
    out.bars.resize(kept);
    out.metrics = validator.metrics();
    return out;
}

Timeframe inferTimeframe(const std::vector<Candle>& bars) {
    std::int64_t smallest = std::numeric_limits<std::int64_t>::max();
    for (std::size_t i = 1; i < bars.size(); ++i) {
        smallest = std::min(smallest, bars[i].ts - bars[i - 1].ts);
    }
    return Timeframe{bars.size() > 1 ? smallest : kNanosPerDay};
}

}  // namespace causeway::engine
