#include <QJsonDocument>

#include <cstdio>

#include "cli_commands.h"
#include "engine/strategy/strategy_registry.h"

namespace causeway::app {

namespace {

// "2..1000", "market|limit|twap", "true|false": what a parameter accepts.
std::string validValues(const engine::ParamSpec& p) {
    switch (p.type) {
        case engine::ParamType::kBoolean:
            return "true|false";
        case engine::ParamType::kChoice: {
            std::string list;
            for (const auto& choice : p.choices) {
                list += (list.empty() ? "" : "|") + choice;
            }
            return list;
        }
        case engine::ParamType::kInteger:
        case engine::ParamType::kDecimal:
            return engine::Quantity::fromDouble(*p.min).toString() + ".." +
                   engine::Quantity::fromDouble(*p.max).toString();
    }
    return {};
}

}  // namespace

int runStrategies(const std::vector<std::string>& rawArgs) {
    const CliArgs args(rawArgs, {{}, {}, {"json"}});
    if (args.flag("json")) {
        printJson(QJsonDocument(engine::StrategyRegistry::toJson()));
        return kOk;
    }
    for (const auto& spec : engine::StrategyRegistry::builtins()) {
        std::printf("%s\n  %s\n", spec.name.c_str(), spec.description.c_str());
        for (const auto& p : spec.params) {
            std::printf("  --param %s=%s  (%s) %s\n", p.name.c_str(), p.defaultValue.c_str(),
                        validValues(p).c_str(), p.description.c_str());
        }
    }
    return kOk;
}

}  // namespace causeway::app
