#pragma once

#include <QJsonObject>

#include <string>

#include "engine/strategy/causality.h"

namespace causeway::engine {

// Compact JSON text of `object`, as QJsonDocument::toJson(Compact) writes
// it but several times faster: the storage writer turns two objects per
// journal entry into text, and Qt's writer dominated its cost. Strings are
// UTF-8 with JSON escapes, numbers in their shortest round-trip form
// (integral values without a fraction), non-finite numbers as null.
std::string toCompactJson(const QJsonObject& object);

// The same text as toCompactJson(chain.toJson()), written directly: the
// writer turns one chain per journal entry into text.
std::string compactChainJson(const CausalityChain& chain);

}  // namespace causeway::engine
