#include "engine/data/tick_csv_reader.h"

#include "engine/data/data_error.h"

namespace causeway::engine {

namespace {

bool equalsIgnoringCase(std::string_view text, std::string_view lowerCase) {
    if (text.size() != lowerCase.size()) {
        return false;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c =
            text[i] >= 'A' && text[i] <= 'Z' ? static_cast<char>(text[i] - 'A' + 'a') : text[i];
        if (c != lowerCase[i]) {
            return false;
        }
    }
    return true;
}

}  // namespace

TickCsvReader::TickCsvReader(const std::string& path, Symbol symbol)
    : m_source(path),
      m_symbol(symbol.isValid() ? symbol : CsvSource::symbolFromPath(path)),
      m_time(m_source.require("timestamp", csv_columns::kTimestamp)),
      m_price(m_source.require("price", csv_columns::kPrice)),
      m_size(m_source.find(csv_columns::kSize)),
      m_side(m_source.find(csv_columns::kSide)),
      m_bid(m_source.find(csv_columns::kBid)),
      m_ask(m_source.find(csv_columns::kAsk)) {}

AggressorSide TickCsvReader::side(std::size_t index) const {
    const std::string_view text = m_source.field(index);
    if (text.empty()) {
        return AggressorSide::kUnknown;
    }
    if (equalsIgnoringCase(text, "buy") || equalsIgnoringCase(text, "b")) {
        return AggressorSide::kBuy;
    }
    if (equalsIgnoringCase(text, "sell") || equalsIgnoringCase(text, "s")) {
        return AggressorSide::kSell;
    }
    m_source.fail("invalid side '" + std::string(text) + "' (expected buy, sell, b or s)");
}

std::optional<Price> TickCsvReader::quote(const std::optional<std::size_t>& index,
                                          const char* label) const {
    if (!index || m_source.field(*index).empty()) {
        return std::nullopt;
    }
    return m_source.price(*index, label);
}

bool TickCsvReader::next(Tick& tick) {
    if (!m_source.next()) {
        return false;
    }
    const Timestamp ts = m_source.timestamp(m_time);
    if (m_hasPrevious && ts < m_previous) {
        m_source.fail("timestamp " + formatIso8601(ts) + " is before the previous row's " +
                      formatIso8601(m_previous));
    }
    tick.symbol = m_symbol;
    tick.ts = ts;
    tick.price = m_source.price(m_price, "price");
    tick.size = m_size && !m_source.field(*m_size).empty() ? m_source.quantity(*m_size, "size")
                                                           : Quantity::fromInt(1);
    tick.side = m_side ? side(*m_side) : AggressorSide::kUnknown;
    tick.bid = quote(m_bid, "bid price");
    tick.ask = quote(m_ask, "ask price");
    m_previous = ts;
    m_hasPrevious = true;
    return true;
}

std::vector<Tick> loadTicks(const std::string& path, Symbol symbol) {
    TickCsvReader reader(path, symbol);
    std::vector<Tick> ticks;
    Tick tick;
    while (reader.next(tick)) {
        ticks.push_back(tick);
    }
    if (ticks.empty()) {
        throw DataError(path, reader.line(), "no data rows after the header");
    }
    return ticks;
}

}  // namespace causeway::engine
