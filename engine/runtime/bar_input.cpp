#include "engine/runtime/bar_input.h"

#include <spdlog/spdlog.h>

#include "engine/runtime/logging.h"

namespace causeway::engine {

ValidatedBars readSessionBars(const std::string& path, Symbol symbol) {
    ValidatedBars input = loadValidatedBars(path, symbol);
    const auto log = componentLogger("data");
    for (const ValidationIssue& issue : input.issues) {
        log->info("{}:{}: {}: {}", path, issue.sequence, validationRuleName(issue.rule),
                  issue.detail);
    }
    return input;
}

}  // namespace causeway::engine
