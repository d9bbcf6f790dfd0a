#include "engine/data/bar_csv_reader.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <limits>

#include "engine/data/data_error.h"

namespace causeway::engine {

namespace {

std::string_view trim(std::string_view text) {
    while (!text.empty() &&
           (std::isspace(static_cast<unsigned char>(text.front())) || text.front() == '"')) {
        text.remove_prefix(1);
    }
    while (!text.empty() &&
           (std::isspace(static_cast<unsigned char>(text.back())) || text.back() == '"')) {
        text.remove_suffix(1);
    }
    return text;
}

void split(std::string_view line, std::vector<std::string_view>& fields) {
    fields.clear();
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = line.find(',', start);
        if (comma == std::string_view::npos) {
            fields.push_back(trim(line.substr(start)));
            return;
        }
        fields.push_back(trim(line.substr(start, comma - start)));
        start = comma + 1;
    }
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

}  // namespace

BarCsvReader::BarCsvReader(const std::string& path, Symbol symbol)
    : m_path(path),
      m_displayName(path),
      m_symbol(symbol.isValid() ? symbol : symbolFromPath(path)) {
    m_in.open(path, std::ios::binary);
    if (!m_in) {
        throw DataError(m_displayName, 0, "cannot open file");
    }
    readHeader();
}

Symbol BarCsvReader::symbolFromPath(const std::string& path) {
    std::string stem = std::filesystem::path(path).filename().string();
    stem = stem.substr(0, stem.find_first_of("_."));
    std::transform(stem.begin(), stem.end(), stem.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return Symbol(stem.empty() ? std::string("DATA") : stem);
}

void BarCsvReader::fail(const std::string& reason) const {
    throw DataError(m_displayName, m_line, reason);
}

void BarCsvReader::readHeader() {
    if (!std::getline(m_in, m_buffer)) {
        m_line = 1;
        fail("empty file: no header row");
    }
    m_line = 1;
    if (m_buffer.starts_with("\xEF\xBB\xBF")) {
        m_buffer.erase(0, 3);
    }
    if (!m_buffer.empty() && m_buffer.back() == '\r') {
        m_buffer.pop_back();
    }
    split(m_buffer, m_fields);
    m_fieldCount = m_fields.size();
    m_index.fill(kAbsent);
    for (std::size_t i = 0; i < m_fields.size(); ++i) {
        const std::string name = lower(m_fields[i]);
        std::size_t column = kAbsent;
        if (name == "timestamp" || name == "time" || name == "date" || name == "datetime" ||
            name == "ts") {
            column = kTime;
        } else if (name == "open" || name == "o") {
            column = kOpen;
        } else if (name == "high" || name == "h") {
            column = kHigh;
        } else if (name == "low" || name == "l") {
            column = kLow;
        } else if (name == "close" || name == "c") {
            column = kClose;
        } else if (name == "volume" || name == "vol" || name == "v") {
            column = kVolume;
        }
        if (column != kAbsent && m_index[column] == kAbsent) {
            m_index[column] = i;
        }
    }
    static constexpr std::array<const char*, kVolume> kRequired{"timestamp", "open", "high", "low",
                                                                "close"};
    for (std::size_t c = 0; c < kRequired.size(); ++c) {
        if (m_index[c] == kAbsent) {
            fail(std::string("missing required column '") + kRequired[c] +
                 "' (header: " + m_buffer + ")");
        }
    }
}

Price BarCsvReader::parsePrice(std::string_view text, const char* column) const {
    const auto price = Price::parse(text);
    if (!price) {
        const std::string name = lower(text);
        if (name == "nan" || name == "-nan" || name == "+nan") {
            fail(std::string("NaN ") + column + " price");
        }
        fail(std::string("invalid ") + column + " price '" + std::string(text) + "'");
    }
    if (price->raw() < 0) {
        fail(std::string("negative ") + column + " price " + std::string(text));
    }
    return *price;
}

bool BarCsvReader::next(Candle& bar) {
    while (std::getline(m_in, m_buffer)) {
        ++m_line;
        if (!m_buffer.empty() && m_buffer.back() == '\r') {
            m_buffer.pop_back();
        }
        if (trim(m_buffer).empty()) {
            continue;  // a blank line (often the last one) carries no data
        }
        split(m_buffer, m_fields);
        if (m_fields.size() != m_fieldCount) {
            fail("expected " + std::to_string(m_fieldCount) + " fields, found " +
                 std::to_string(m_fields.size()));
        }
        const auto ts = parseTimestamp(m_fields[m_index[kTime]]);
        if (!ts) {
            fail("invalid timestamp '" + std::string(m_fields[m_index[kTime]]) + "'");
        }
        if (m_hasPrevious && *ts <= m_previous) {
            fail("timestamp " + formatIso8601(*ts) + " is not after the previous row's " +
                 formatIso8601(m_previous));
        }
        bar.symbol = m_symbol;
        bar.ts = *ts;
        bar.open = parsePrice(m_fields[m_index[kOpen]], "open");
        bar.high = parsePrice(m_fields[m_index[kHigh]], "high");
        bar.low = parsePrice(m_fields[m_index[kLow]], "low");
        bar.close = parsePrice(m_fields[m_index[kClose]], "close");
        if (bar.high < bar.low || bar.open > bar.high || bar.open < bar.low ||
            bar.close > bar.high || bar.close < bar.low) {
            fail("inconsistent bar: high " + bar.high.toString() + ", low " + bar.low.toString() +
                 " do not contain open " + bar.open.toString() + " and close " +
                 bar.close.toString());
        }
        bar.volume = Quantity();
        if (m_index[kVolume] != kAbsent) {
            const auto text = m_fields[m_index[kVolume]];
            const auto volume = Quantity::parse(text);
            if (!volume || volume->raw() < 0) {
                fail("invalid volume '" + std::string(text) + "'");
            }
            bar.volume = *volume;
        }
        m_previous = *ts;
        m_hasPrevious = true;
        return true;
    }
    return false;
}

std::vector<Candle> loadBars(const std::string& path, Symbol symbol) {
    BarCsvReader reader(path, symbol);
    std::vector<Candle> bars;
    Candle bar;
    while (reader.next(bar)) {
        bars.push_back(bar);
    }
    if (bars.empty()) {
        throw DataError(path, reader.line(), "no data rows after the header");
    }
    std::int64_t smallest = std::numeric_limits<std::int64_t>::max();
    for (std::size_t i = 1; i < bars.size(); ++i) {
        smallest = std::min(smallest, bars[i].ts - bars[i - 1].ts);
    }
    const Timeframe timeframe{bars.size() > 1 ? smallest : kNanosPerDay};
    for (auto& b : bars) {
        b.timeframe = timeframe;
    }
    return bars;
}

}  // namespace causeway::engine
