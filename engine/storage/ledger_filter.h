#pragma once

#include <optional>
#include <string>

#include "engine/core/timestamp.h"

namespace causeway::engine {

// What a ledger listing keeps; an empty field keeps everything. Fields have
// initializers so that designated initializers may name only some. Values are
// the ledger's own words, and a value a listing cannot hold is refused with
// std::invalid_argument naming the valid ones.
struct LedgerFilter {
    std::optional<std::string> symbol = {};
    std::optional<std::string> strategy = {};
    // orders: new, accepted, partially_filled, filled, cancelled, rejected,
    // expired; trades: open, closed, void; fills have none.
    std::optional<std::string> status = {};
    // orders and fills (by their order): buy, sell; trades: long, short.
    std::optional<std::string> side = {};
    // [from, to): orders by creation time, fills by fill time, trades by
    // entry time (a trade that never entered has none and is left out).
    std::optional<Timestamp> from = {};
    std::optional<Timestamp> to = {};
};

}  // namespace causeway::engine
