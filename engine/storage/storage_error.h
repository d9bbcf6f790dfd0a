#pragma once

#include <stdexcept>

namespace causeway::engine {

// Any failure of the ledger/journal database. The CLI maps it to exit code 4.
class StorageError final : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

}  // namespace causeway::engine
