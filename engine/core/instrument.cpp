#include "engine/core/instrument.h"

#include <stdexcept>

namespace causeway::engine {

namespace {

constexpr std::int64_t kPowersOfTen[] = {1,       10,        100,        1'000,      10'000,
                                         100'000, 1'000'000, 10'000'000, 100'000'000};

// One unit of the last of `decimals` decimals, in raw 8-decimal units.
std::int64_t unitRaw(int decimals) {
    return kPowersOfTen[Price::kDecimals - decimals];
}

std::int64_t roundRaw(std::int64_t raw, std::int64_t step, Rounding rounding) {
    if (step <= 1) {
        return raw;
    }
    // floor division that also works below zero
    std::int64_t down = raw / step * step;
    if (down > raw) {
        down -= step;
    }
    const std::int64_t remainder = raw - down;
    if (remainder == 0) {
        return raw;
    }
    switch (rounding) {
        case Rounding::kDown:
            return down;
        case Rounding::kUp:
            return down + step;
        case Rounding::kNearest:
            // half away from zero, like the fixed-point parser
            if (remainder * 2 > step || (remainder * 2 == step && raw > 0)) {
                return down + step;
            }
            return down;
    }
    return raw;
}

}  // namespace

Price Instrument::priceStep() const {
    return tickSize.isZero() ? Price::fromRaw(unitRaw(priceDecimals)) : tickSize;
}

Quantity Instrument::quantityStep() const {
    return lotSize.isZero() ? Quantity::fromRaw(unitRaw(quantityDecimals)) : lotSize;
}

bool Instrument::isOnTick(Price price) const {
    return price.raw() % priceStep().raw() == 0;
}

Price Instrument::roundPrice(Price price, Rounding rounding) const {
    return Price::fromRaw(roundRaw(price.raw(), priceStep().raw(), rounding));
}

bool Instrument::isOnLot(Quantity qty) const {
    return qty.raw() % quantityStep().raw() == 0;
}

Quantity Instrument::roundQuantity(Quantity qty, Rounding rounding) const {
    return Quantity::fromRaw(roundRaw(qty.raw(), quantityStep().raw(), rounding));
}

std::optional<std::string> Instrument::checkPrice(Price price) const {
    if (price.raw() <= 0) {
        return "price " + price.toString() + " is not positive";
    }
    if (!isOnTick(price)) {
        return "price " + price.toString() + " is not a multiple of the tick size " +
               priceStep().toString();
    }
    return std::nullopt;
}

std::optional<std::string> Instrument::checkQuantity(Quantity qty) const {
    if (qty.raw() <= 0) {
        return "quantity " + qty.toString() + " is not positive";
    }
    if (qty < minQuantity) {
        return "quantity " + qty.toString() + " is below the minimum " + minQuantity.toString();
    }
    if (!isOnLot(qty)) {
        return "quantity " + qty.toString() + " is not a multiple of the lot size " +
               quantityStep().toString();
    }
    return std::nullopt;
}

std::string Instrument::formatPrice(Price price) const {
    const std::int64_t raw = roundRaw(price.raw(), unitRaw(priceDecimals), Rounding::kNearest);
    const std::int64_t magnitude = raw < 0 ? -raw : raw;
    std::string text = std::to_string(magnitude / Price::kScale);
    if (priceDecimals > 0) {
        std::string fraction = std::to_string(magnitude % Price::kScale);
        fraction.insert(0, static_cast<std::size_t>(Price::kDecimals) - fraction.size(), '0');
        text += '.' + fraction.substr(0, static_cast<std::size_t>(priceDecimals));
    }
    return raw < 0 ? '-' + text : text;
}

std::optional<std::string> Instrument::validate() const {
    if (priceDecimals < 0 || priceDecimals > Price::kDecimals) {
        return "price decimals must be 0 to 8, got " + std::to_string(priceDecimals);
    }
    if (quantityDecimals < 0 || quantityDecimals > Quantity::kDecimals) {
        return "quantity decimals must be 0 to 8, got " + std::to_string(quantityDecimals);
    }
    if (tickSize.raw() < 0) {
        return "tick size must not be negative, got " + tickSize.toString();
    }
    if (tickSize.raw() % unitRaw(priceDecimals) != 0) {
        return "tick size " + tickSize.toString() + " has more than " +
               std::to_string(priceDecimals) + " decimals";
    }
    if (lotSize.raw() < 0) {
        return "lot size must not be negative, got " + lotSize.toString();
    }
    if (lotSize.raw() % unitRaw(quantityDecimals) != 0) {
        return "lot size " + lotSize.toString() + " has more than " +
               std::to_string(quantityDecimals) + " decimals";
    }
    if (minQuantity.raw() < 0) {
        return "minimum quantity must not be negative, got " + minQuantity.toString();
    }
    if (!isOnLot(minQuantity)) {
        return "minimum quantity " + minQuantity.toString() +
               " is not a multiple of the lot size " + quantityStep().toString();
    }
    return std::nullopt;
}

Instrument Instrument::defaultFor(Symbol symbol) {
    Instrument instrument;
    instrument.symbol = symbol;
    return instrument;
}

void InstrumentRegistry::add(const Instrument& instrument) {
    if (!instrument.symbol.isValid()) {
        throw std::invalid_argument("instrument without a symbol");
    }
    if (const auto problem = instrument.validate()) {
        throw std::invalid_argument("instrument " + instrument.symbol.name() + ": " + *problem);
    }
    const std::lock_guard lock(m_mutex);
    m_instruments[instrument.symbol.id()] = instrument;
}

bool InstrumentRegistry::contains(Symbol symbol) const {
    const std::lock_guard lock(m_mutex);
    return m_instruments.contains(symbol.id());
}

Instrument InstrumentRegistry::get(Symbol symbol) const {
    const std::lock_guard lock(m_mutex);
    const auto it = m_instruments.find(symbol.id());
    return it == m_instruments.end() ? Instrument::defaultFor(symbol) : it->second;
}

}  // namespace causeway::engine
