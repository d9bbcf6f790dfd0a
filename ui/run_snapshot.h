#pragma once

#include <QString>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/storage/run_reader.h"

namespace causeway::ui {

// What one poll of a run database found, read off the GUI thread and handed
// to the views in one piece. Bars are incremental (only those after the
// previous poll); the ledger and journal are small and come whole, so the
// models can reconcile instead of trusting a cursor across tables that are
// read in separate statements.
struct RunSnapshot {
    // Increases with every open(): a snapshot of a run no longer shown is dropped.
    quint64 generation = 0;
    // Filled on the first successful read of a run, empty afterwards.
    std::map<std::string, std::string> runInfo;
    std::vector<engine::BarRow> newBars;
    std::vector<engine::OrderRow> orders;
    std::vector<engine::FillRow> fills;
    std::vector<engine::TradeRow> trades;
    std::vector<engine::JournalRow> journal;
    std::optional<engine::EquityRow> lastEquity;
    // Non-empty when the read failed; the other fields are then empty.
    QString error;
};

}  // namespace causeway::ui
