#pragma once

#include <QJsonObject>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/timestamp.h"

namespace causeway::engine {

enum class OriginType { kTick, kCandle, kNews, kSchedule };

std::string toString(OriginType type);
std::optional<OriginType> originTypeFromString(std::string_view text);

// The market (or scheduled) event that started a flow.
struct Origin {
    OriginType type = OriginType::kCandle;
    std::string id;
    Timestamp ts = 0;
};

// Why an order exists: the origin and the ids of every signal, risk,
// decision, plan, order and fill along the way. The ids point into the
// journal's context snapshots; the ledger never stores causality.
struct CausalityChain {
    Origin origin;
    std::vector<std::string> signalIds;
    std::vector<std::string> riskIds;
    std::string directiveId;
    std::vector<std::string> planIds;
    std::vector<std::string> orderIds;
    std::vector<std::string> fillIds;

    QJsonObject toJson() const;
};

}  // namespace causeway::engine
