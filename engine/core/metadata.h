#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace causeway::engine {

// Optional metadata of a market-data message: a small key/value set
// (source=usdchf_30m.csv, venue=SIM, feed=synthetic) interned once per
// process, so a message carries only a 16-bit id and equal sets share one.
// Id 0 is "no metadata". Thread-safe; interning is meant for set-up (one
// set per feed or file), not for every message, and more than 65,535
// distinct sets is an error.
using MetadataId = std::uint16_t;
using Metadata = std::map<std::string, std::string>;

inline constexpr MetadataId kNoMetadata = 0;

MetadataId internMetadata(const Metadata& metadata);
// The set behind `id`; empty for kNoMetadata. Throws std::out_of_range for
// an id never returned by internMetadata.
const Metadata& metadataOf(MetadataId id);

}  // namespace causeway::engine
