#include <QJsonDocument>

#include <cstdio>

#include "cli_commands.h"
#include "engine/strategy/strategy_registry.h"

namespace causeway::app {

int runStrategies(const std::vector<std::string>& rawArgs) {
    const CliArgs args(rawArgs, {{}, {}, {"json"}});
    if (args.flag("json")) {
        printJson(QJsonDocument(engine::StrategyRegistry::toJson()));
        return kOk;
    }
    for (const auto& spec : engine::StrategyRegistry::builtins()) {
        std::printf("%s\n  %s\n", spec.name.c_str(), spec.description.c_str());
        for (const auto& p : spec.params) {
            std::printf("  --param %s=%s  %s\n", p.name.c_str(), p.defaultValue.c_str(),
                        p.description.c_str());
        }
    }
    return kOk;
}

}  // namespace causeway::app
