#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/market_data.h"
#include "engine/data/csv_source.h"

namespace causeway::engine {

// Streams trade prints from a CSV file. The header names the columns in any
// order and case: timestamp|time|date|datetime|ts and price are required;
// size|qty|quantity|volume, side (buy, sell, b, s in any case), bid and ask
// are optional, and an empty optional cell means "not given" (no size counts
// as 1, as DESIGN.md's resample rule says). Other columns are ignored.
// Timestamps may repeat but never go back. Every defect throws DataError
// naming file, line and reason.
class TickCsvReader final {
public:
    explicit TickCsvReader(const std::string& path, Symbol symbol = {});

    // Reads the next tick; false at end of file.
    bool next(Tick& tick);
    std::int64_t line() const { return m_source.line(); }
    Symbol symbol() const { return m_symbol; }
    bool hasSizes() const { return m_size.has_value(); }

private:
    AggressorSide side(std::size_t index) const;
    std::optional<Price> quote(const std::optional<std::size_t>& index, const char* label) const;

    CsvSource m_source;
    Symbol m_symbol;
    std::size_t m_time;
    std::size_t m_price;
    std::optional<std::size_t> m_size;
    std::optional<std::size_t> m_side;
    std::optional<std::size_t> m_bid;
    std::optional<std::size_t> m_ask;
    Timestamp m_previous = 0;
    bool m_hasPrevious = false;
};

// Reads a whole tick file. A file without data rows is a DataError.
std::vector<Tick> loadTicks(const std::string& path, Symbol symbol = {});

}  // namespace causeway::engine
