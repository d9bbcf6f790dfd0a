#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "engine/core/fixed_point.h"
#include "engine/core/symbol.h"

namespace causeway::engine {

// How a price or quantity off the instrument's grid is brought onto it.
enum class Rounding { kNearest, kDown, kUp };

// What the venue allows for one symbol: how many decimals its prices and
// quantities carry, the price increment (tick size) and the quantity
// increment (lot size). Engine arithmetic is always 8-decimal fixed point;
// an Instrument says which of those values are legal on the venue and how
// to show them.
struct Instrument {
    Symbol symbol;
    int priceDecimals = Price::kDecimals;
    // Zero: any value at priceDecimals is on the grid.
    Price tickSize;
    int quantityDecimals = Quantity::kDecimals;
    Quantity lotSize;
    Quantity minQuantity;
    std::string currency = "USD";

    // The smallest step a price can take: the tick size, or one unit of
    // the last price decimal.
    Price priceStep() const;
    Quantity quantityStep() const;

    bool isOnTick(Price price) const;
    Price roundPrice(Price price, Rounding rounding = Rounding::kNearest) const;
    bool isOnLot(Quantity qty) const;
    Quantity roundQuantity(Quantity qty, Rounding rounding = Rounding::kDown) const;

    // Why a price or quantity is not acceptable for this instrument, or
    // nothing when it is.
    std::optional<std::string> checkPrice(Price price) const;
    std::optional<std::string> checkQuantity(Quantity qty) const;

    // Fixed number of decimals, as the venue shows it: "1.19300" for a
    // 5-decimal FX pair.
    std::string formatPrice(Price price) const;

    // Why the definition itself is inconsistent, or nothing: decimals
    // outside 0..8, a negative tick or lot, a tick size finer than the
    // price decimals, a minimum quantity off the lot grid.
    std::optional<std::string> validate() const;

    // The instrument assumed for a symbol nobody described: 8 decimals, no
    // tick or lot constraint.
    static Instrument defaultFor(Symbol symbol);
};

// The instruments of a session, by symbol. Thread-safe; lookups of an
// undescribed symbol get Instrument::defaultFor.
class InstrumentRegistry final {
public:
    // Throws std::invalid_argument naming the symbol and what is wrong.
    void add(const Instrument& instrument);
    bool contains(Symbol symbol) const;
    Instrument get(Symbol symbol) const;

private:
    mutable std::mutex m_mutex;
    std::map<std::uint32_t, Instrument> m_instruments;
};

}  // namespace causeway::engine
