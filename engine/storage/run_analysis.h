#pragma once

#include <QJsonObject>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/fixed_point.h"

namespace causeway::engine {

class RunReader;

// What `analyze --by` groups a run by: the decision behind each order, read
// from its journal entry (README.md, "Run database"). A cause the journal
// does not record is "unknown".
enum class AnalysisKey {
    kOrigin,     // origin type: candle, tick, news, schedule
    kSignal,     // the sorted set of signal types, joined by '+'; "none" without signals
    kAlgorithm,  // execution algorithm
    kStrategy,
    kRegime,  // market regime at decision time
};

std::optional<AnalysisKey> parseAnalysisKey(std::string_view text);
const char* toString(AnalysisKey key);

// One group of a run. Trade figures count closed round trips by the cause
// of their entry (the decision that opened them); order and slippage
// figures count every order and fill by the cause of its own order, so an
// end-of-data exit shows under "schedule" while its trade counts under the
// signal that opened it.
struct GroupStats {
    std::string key;
    std::int64_t trades = 0;
    std::int64_t wins = 0;    // pnl > 0
    std::int64_t losses = 0;  // pnl < 0
    Money netPnl;             // sum of the trades' pnl, net of fees
    std::int64_t orders = 0;
    std::int64_t fills = 0;
    // Sums over the fills whose reference price is known, in basis points,
    // positive when the fill cost the trader (see slippage.h).
    double decisionSlippageSum = 0.0;
    std::int64_t decisionSlippageFills = 0;
    double arrivalSlippageSum = 0.0;
    std::int64_t arrivalSlippageFills = 0;

    std::optional<double> winRate() const;     // wins / trades
    std::optional<double> expectancy() const;  // mean pnl per trade
    std::optional<double> avgSlippageBps() const;
    std::optional<double> avgArrivalSlippageBps() const;
    // Without the key; absent figures are null.
    QJsonObject toJson() const;
};

struct RunAnalysis {
    AnalysisKey by = AnalysisKey::kOrigin;
    std::vector<GroupStats> groups;  // by key
    GroupStats total;

    // {"by": ..., "groups": [{"key": ..., figures...}], "total": {figures}}
    QJsonObject toJson() const;
};

RunAnalysis analyzeRun(const RunReader& reader, AnalysisKey by);

}  // namespace causeway::engine
