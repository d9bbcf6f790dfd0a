#include "engine/strategy/worker_factory.h"

#include <algorithm>
#include <functional>
#include <map>

#include "engine/strategy/disposition.h"

namespace causeway::engine {

CapabilityGrant CapabilityGrant::forBarData() {
    return {{"ohlcv_window", "multi_timeframe", "state_persistence", "ledger_state", "journaling"},
            {"strategy"}};
}

namespace {

std::string ref(const DtoRef& dto) {
    return "DTO '" + dto.dto + "' v" + std::to_string(dto.version);
}

}  // namespace

std::vector<StrategyPipeline::Providers> WorkerFactory::providers(
    const std::vector<WorkerManifest>& pipeline) {
    std::vector<StrategyPipeline::Providers> providers;
    providers.reserve(pipeline.size());
    for (const WorkerManifest& worker : pipeline) {
        const auto find = [&](const char* name) {
            return std::find_if(worker.capabilities.begin(), worker.capabilities.end(),
                                [&](const CapabilityNeed& need) { return need.name == name; });
        };
        const auto state = find("state_persistence");
        const bool stateful = state != worker.capabilities.end();
        providers.push_back({find("ledger_state") != worker.capabilities.end(), stateful,
                             stateful ? state->scope : std::string("strategy")});
    }
    return providers;
}

void WorkerFactory::validate(const std::string& strategy,
                             const std::vector<WorkerManifest>& pipeline,
                             const CapabilityGrant& grant) {
    const std::string where = "strategy '" + strategy + "': ";
    for (const WorkerManifest& worker : pipeline) {
        for (const CapabilityNeed& need : worker.capabilities) {
            if (!grant.capabilities.contains(need.name)) {
                throw StrategyError(where + "worker '" + worker.worker + "' needs capability '" +
                                    need.name + "', which the strategy does not grant");
            }
            if (!need.scope.empty() && !grant.persistenceScopes.contains(need.scope)) {
                throw StrategyError(where + "worker '" + worker.worker + "' needs capability '" +
                                    need.name + "' with scope '" + need.scope +
                                    "', which the strategy does not grant");
            }
        }
    }

    // dependency edges: worker -> the workers producing what it requires
    const std::size_t n = pipeline.size();
    std::vector<std::vector<std::pair<std::size_t, std::string>>> edges(n);
    for (std::size_t i = 0; i < n; ++i) {
        for (const DtoRef& needed : pipeline[i].required) {
            bool produced = false;
            for (std::size_t j = 0; j < n; ++j) {
                for (const DtoRef& offered : pipeline[j].produced) {
                    if (offered.dto != needed.dto || j == i) {
                        continue;
                    }
                    produced = true;
                    if (offered.version != needed.version) {
                        throw StrategyError(where + "worker '" + pipeline[i].worker +
                                            "' requires " + ref(needed) + " but worker '" +
                                            pipeline[j].worker + "' produces v" +
                                            std::to_string(offered.version));
                    }
                    edges[i].emplace_back(j, needed.dto);
                }
            }
            if (!produced && !needed.optional) {
                throw StrategyError(where + "worker '" + pipeline[i].worker + "' requires " +
                                    ref(needed) + ", which no worker produces");
            }
        }
    }

    // a cycle first (it explains a wrong order), then the wiring order
    enum class Mark { kNone, kVisiting, kDone };
    std::vector<Mark> marks(n, Mark::kNone);
    std::vector<std::size_t> stack;
    std::vector<std::string> via;
    const std::function<void(std::size_t)> visit = [&](std::size_t i) {
        if (marks[i] == Mark::kDone) {
            return;
        }
        if (marks[i] == Mark::kVisiting) {
            const auto start = std::find(stack.begin(), stack.end(), i);
            const auto offset = static_cast<std::size_t>(start - stack.begin());
            std::string path;
            std::string dtos;
            for (std::size_t k = offset; k < stack.size(); ++k) {
                path += pipeline[stack[k]].worker + " -> ";
                dtos += (dtos.empty() ? "" : ", ") + via[k];
            }
            throw StrategyError(where + "cycle of requirements: " + path + pipeline[i].worker +
                                " (via " + dtos + ")");
        }
        marks[i] = Mark::kVisiting;
        stack.push_back(i);
        for (const auto& [j, dto] : edges[i]) {
            via.push_back(dto);
            visit(j);
            via.pop_back();
        }
        stack.pop_back();
        marks[i] = Mark::kDone;
    };
    for (std::size_t i = 0; i < n; ++i) {
        visit(i);
    }
    for (std::size_t i = 0; i < n; ++i) {
        for (const auto& [j, dto] : edges[i]) {
            const bool earlierProducer =
                std::any_of(edges[i].begin(), edges[i].end(),
                            [&, &d = dto](const auto& e) { return e.second == d && e.first < i; });
            if (j > i && !earlierProducer) {
                throw StrategyError(where + "worker '" + pipeline[i].worker + "' requires DTO '" +
                                    dto + "', which only the later worker '" + pipeline[j].worker +
                                    "' produces");
            }
        }
    }
}

}  // namespace causeway::engine
