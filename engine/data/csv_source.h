#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/fixed_point.h"
#include "engine/core/symbol.h"
#include "engine/core/timestamp.h"

namespace causeway::engine {

// Accepted header spellings, lower case; the header is matched
// case-insensitively and the first column matching a list wins.
namespace csv_columns {
inline constexpr std::array<std::string_view, 5> kTimestamp{"timestamp", "time", "date", "datetime",
                                                            "ts"};
inline constexpr std::array<std::string_view, 2> kOpen{"open", "o"};
inline constexpr std::array<std::string_view, 2> kHigh{"high", "h"};
inline constexpr std::array<std::string_view, 2> kLow{"low", "l"};
inline constexpr std::array<std::string_view, 2> kClose{"close", "c"};
inline constexpr std::array<std::string_view, 3> kVolume{"volume", "vol", "v"};
inline constexpr std::array<std::string_view, 1> kPrice{"price"};
inline constexpr std::array<std::string_view, 4> kSize{"size", "qty", "quantity", "volume"};
inline constexpr std::array<std::string_view, 1> kSide{"side"};
inline constexpr std::array<std::string_view, 1> kBid{"bid"};
inline constexpr std::array<std::string_view, 1> kAsk{"ask"};
}  // namespace csv_columns

// The streaming CSV layer under every market-data reader. Reads the file in
// large blocks, hands out one row at a time as views into its buffer (no
// allocation per row), and owns the wording of every defect: each is a
// DataError "FILE:LINE: reason".
//
// Rows: comma-separated; fields trimmed of spaces and tabs; a field may be
// quoted ("a,b" is one field, "" inside quotes is a quote). A UTF-8 BOM, CRLF
// line ends and blank lines are tolerated. The first non-blank line is the
// header, and every row must have as many fields as the header.
class CsvSource final {
public:
    explicit CsvSource(std::string path);

    // The header column spelled like one of `aliases`, if any.
    std::optional<std::size_t> find(std::span<const std::string_view> aliases) const;
    // The same, but a missing column is a DataError naming `name`.
    std::size_t require(std::string_view name, std::span<const std::string_view> aliases) const;

    // Moves to the next non-blank row; false at the end of the file.
    bool next();
    std::string_view field(std::size_t index) const { return m_fields[index]; }
    std::int64_t line() const { return m_line; }
    const std::string& path() const { return m_path; }
    // The header row as written (without BOM and line end).
    const std::string& header() const { return m_header; }

    // Field decoders with the shared wording. `label` names the value in
    // the message ("close price" -> "NaN close price").
    Timestamp timestamp(std::size_t index) const;
    // A price must be a finite decimal > 0.
    Price price(std::size_t index, std::string_view label) const;
    // A quantity must be a finite decimal >= 0.
    Quantity quantity(std::size_t index, std::string_view label) const;

    [[noreturn]] void fail(const std::string& reason) const;

    // The symbol a file stands for when none is given: its name up to the
    // first '_' or '.', upper-cased ("msft_daily.csv" -> "MSFT").
    static Symbol symbolFromPath(const std::string& path);

private:
    struct FileCloser {
        void operator()(std::FILE* file) const { std::fclose(file); }
    };

    bool readLine(char*& begin, char*& end);
    void split(char* begin, char* end);
    void readHeader();

    std::string m_path;
    std::unique_ptr<std::FILE, FileCloser> m_file;
    std::vector<char> m_buffer;
    std::size_t m_begin = 0;
    std::size_t m_end = 0;
    bool m_eof = false;
    std::int64_t m_line = 0;
    std::string m_header;
    std::vector<std::string> m_names;
    std::vector<std::string_view> m_fields;
};

// What a market-data file holds, told from its header: bars when it names
// open, high, low and close; ticks when it names a price; otherwise bars if
// it names any of open/high/low/close (the bar reader then says which one is
// missing), else ticks (the tick reader says that price is missing).
enum class CsvKind { kBars, kTicks };
CsvKind detectCsvKind(const std::string& path);

}  // namespace causeway::engine
