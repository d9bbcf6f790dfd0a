#include "engine/core/metadata.h"

#include <deque>
#include <limits>
#include <mutex>
#include <stdexcept>

#include "engine/core/market_data.h"

namespace causeway::engine {

namespace {

struct MetadataTable {
    std::mutex mutex;
    // deque: references handed out by metadataOf stay valid as it grows
    std::deque<Metadata> sets{Metadata{}};
    std::map<Metadata, MetadataId> ids;
};

MetadataTable& table() {
    static MetadataTable instance;
    return instance;
}

}  // namespace

MetadataId internMetadata(const Metadata& metadata) {
    if (metadata.empty()) {
        return kNoMetadata;
    }
    MetadataTable& t = table();
    const std::lock_guard lock(t.mutex);
    if (const auto found = t.ids.find(metadata); found != t.ids.end()) {
        return found->second;
    }
    if (t.sets.size() > std::numeric_limits<MetadataId>::max()) {
        throw std::length_error("more than 65535 distinct metadata sets");
    }
    const auto id = static_cast<MetadataId>(t.sets.size());
    t.sets.push_back(metadata);
    t.ids.emplace(metadata, id);
    return id;
}

const Metadata& metadataOf(MetadataId id) {
    MetadataTable& t = table();
    const std::lock_guard lock(t.mutex);
    if (id >= t.sets.size()) {
        throw std::out_of_range("unknown metadata id " + std::to_string(id));
    }
    return t.sets[id];
}

const char* messageTypeName(MessageType type) {
    switch (type) {
        case MessageType::kTick:
            return "tick";
        case MessageType::kQuote:
            return "quote";
        case MessageType::kCandle:
            return "candle";
    }
    return "unknown";
}

}  // namespace causeway::engine
