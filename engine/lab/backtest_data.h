#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/core/market_data.h"
#include "engine/data/data_validator.h"
#include "engine/execution/intrabar_detail.h"

namespace causeway::engine {

// One symbol of a backtest: the bars its executor replays and, when finer
// data says how each bar traded inside, that detail.
struct SymbolSeries {
    std::string path;  // the data file
    std::vector<Candle> bars;
    // The finer data as read (kept so that a slice can rebuild its detail):
    // lower-timeframe bars or trade prints, and where they came from.
    std::string detailPath;
    std::vector<Candle> detailBars;
    std::vector<Tick> detailTicks;
    std::shared_ptr<const IntraBarDetail> detail;  // none without finer data
    ValidationMetrics quality;                     // what the validator flagged in the bars

    Symbol symbol() const { return bars.front().symbol; }
    Timeframe timeframe() const { return bars.front().timeframe; }
};

// The data of a run, read once and shared by every run of an optimization.
struct BacktestData {
    std::vector<SymbolSeries> symbols;  // in the order given

    std::int64_t barCount() const;
    Timestamp firstTs() const;
    Timestamp lastTs() const;
    // "SPX" or "SPX,USDCHF"; "1d" or "1d,30m" (each symbol's).
    std::string symbolList() const;
    std::string timeframeList() const;
    std::string dataList() const;
};

// What `backtest --data ... [--detail ...] [--timeframe TF]` names.
//
// Each data file is one symbol (named by the file, see
// CsvSource::symbolFromPath), bars or trade prints (detectCsvKind). Prints
// are aggregated into bars of `timeframe` (required for them) and are the
// bars' detail too; bars coarsened to `timeframe` keep the finer bars as
// detail. A `detail` entry is FILE when there is one data file, else
// SYMBOL=FILE; it replaces the detail the data itself gives.
//
// Throws DataError (a file's content, naming file and line) and
// std::invalid_argument (the options: an unknown timeframe, two files of
// one symbol, detail of a symbol not in the run, detail not finer than its
// bars).
BacktestData loadBacktestData(const std::vector<std::string>& data,
                              const std::vector<std::string>& detail, const std::string& timeframe);

// The bars in [from, to) of every symbol with their detail; a symbol
// without bars there is left out. Empty when no symbol has any.
BacktestData sliceBacktestData(const BacktestData& data, Timestamp from, Timestamp to);

}  // namespace causeway::engine
