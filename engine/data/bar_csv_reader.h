#pragma once

#include <array>
#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "engine/core/market_data.h"

namespace causeway::engine {

// Streams OHLCV bars from a CSV file. The header names the columns in any
// order and case (timestamp|time|date|datetime, open, high, low, close,
// optional volume); other columns are ignored. Every defect throws DataError
// naming file, line and reason: nothing is skipped silently.
class BarCsvReader final {
public:
    explicit BarCsvReader(const std::string& path, Symbol symbol = {});

    // Reads the next bar; false at end of file.
    bool next(Candle& bar);
    std::int64_t line() const { return m_line; }
    Symbol symbol() const { return m_symbol; }

    // The symbol a file stands for when none is given: its name up to the
    // first '_' or '.', upper-cased ("msft_daily.csv" -> "MSFT").
    static Symbol symbolFromPath(const std::string& path);

private:
    enum Column : std::size_t { kTime, kOpen, kHigh, kLow, kClose, kVolume, kColumnCount };
    static constexpr std::size_t kAbsent = static_cast<std::size_t>(-1);

    void readHeader();
    [[noreturn]] void fail(const std::string& reason) const;
    Price parsePrice(std::string_view text, const char* column) const;

    std::string m_path;
    std::string m_displayName;
    std::ifstream m_in;
    Symbol m_symbol;
    std::int64_t m_line = 0;
    std::size_t m_fieldCount = 0;
    std::array<std::size_t, kColumnCount> m_index{};
    std::string m_buffer;
    std::vector<std::string_view> m_fields;
    Timestamp m_previous = 0;
    bool m_hasPrevious = false;
};

// Reads a whole bar file and sets each bar's timeframe to the smallest gap
// between consecutive bars.
std::vector<Candle> loadBars(const std::string& path, Symbol symbol = {});

}  // namespace causeway::engine
