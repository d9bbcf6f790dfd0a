#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/market_data.h"
#include "engine/data/csv_source.h"
#include "engine/data/data_validator.h"

namespace causeway::engine {

// Streams OHLCV bars from a CSV file. The header names the columns in any
// order and case (timestamp|time|date|datetime|ts, open|o, high|h, low|l,
// close|c, optional volume|vol|v); other columns are ignored. Every defect
// throws DataError naming file, line and reason: nothing is skipped silently.
class BarCsvReader final {
public:
    explicit BarCsvReader(const std::string& path, Symbol symbol = {});

    // Reads the next bar; false at end of file. The bar's timeframe is left
    // as it was (a file does not say it; loadBars infers it).
    bool next(Candle& bar);
    std::int64_t line() const { return m_source.line(); }
    Symbol symbol() const { return m_symbol; }

    static Symbol symbolFromPath(const std::string& path) {
        return CsvSource::symbolFromPath(path);
    }

private:
    CsvSource m_source;
    Symbol m_symbol;
    std::size_t m_time;
    std::size_t m_open;
    std::size_t m_high;
    std::size_t m_low;
    std::size_t m_close;
    std::optional<std::size_t> m_volume;
    Timestamp m_previous = 0;
    bool m_hasPrevious = false;
};

// Reads a whole bar file and sets each bar's timeframe with
// inferTimeframe. A file without data rows is a DataError.
std::vector<Candle> loadBars(const std::string& path, Symbol symbol = {});

// loadBars, then every bar through a DataValidator configured by
// ValidationConfig::forBars for the inferred timeframe, each issue located
// by its file line. Rejected bars are left out, flagged ones stay (the
// reader itself already refuses time going back).
struct ValidatedBars {
    std::vector<Candle> bars;
    ValidationMetrics metrics;
    std::vector<ValidationIssue> issues;
};
ValidatedBars loadValidatedBars(const std::string& path, Symbol symbol = {});

// The timeframe a bar series stands for: the smallest gap between
// consecutive bars, 1d for a single bar.
Timeframe inferTimeframe(const std::vector<Candle>& bars);

}  // namespace causeway::engine
