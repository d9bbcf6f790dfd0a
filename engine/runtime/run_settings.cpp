#include "engine/runtime/run_settings.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <stdexcept>

#include "engine/runtime/session.h"
#include "engine/runtime/workspace_sections.h"
#include "engine/storage/schema.h"

namespace causeway::engine {

namespace {

Money parseMoneyOption(const std::string& text, const char* option, bool allowZero) {
    const auto value = Money::parse(text);
    if (!value || *value < Money() || (!allowZero && value->isZero())) {
        throw std::invalid_argument(
            std::string("invalid value '") + text + "' for " + option +
            (allowZero ? ": expected a number >= 0" : ": expected a number > 0"));
    }
    return *value;
}

// A value of workspace.yaml's engine or risk section, given as `option`.
void applySetting(WorkspaceConfig& target, const char* section, const std::string& key,
                  const std::string& text, const std::string& option) {
    const config::Section* found = config::sectionNamed(section);
    const config::Setting* setting = found ? found->find(key) : nullptr;
    if (!setting) {
        throw std::invalid_argument("unknown " + std::string(section) + " setting '" + key +
                                    "' for " + option + " (valid: " + found->keys() + ")");
    }
    if (const auto refusal = setting->apply(target, text)) {
        throw std::invalid_argument("invalid value '" + text + "' for " + option + ": " + *refusal);
    }
}

}  // namespace

ResolvedSettings resolveRunSettings(const RunSettings& run) {
    ResolvedSettings resolved;
    ExecutorConfig& executor = resolved.executor;
    WorkspaceConfig& settings = resolved.workspace;
    executor.strategy = run.strategy;
    executor.params = StrategyRegistry::resolve(run.strategy, run.params);
    executor.initialCash = parseMoneyOption(run.initialCash, "--cash", false);
    settings.engine.initialCash = executor.initialCash;
    settings.engine.feeBps = parseMoneyOption(run.feeBps, "--fee-bps", true);
    settings.engine.slippageBps = parseMoneyOption(run.slippageBps, "--slippage-bps", true);
    for (const auto& [key, text] : std::vector<std::pair<const char*, const std::string*>>{
             {"maker_fee_bps", &run.makerFeeBps},
             {"taker_fee_bps", &run.takerFeeBps},
             {"latency_ms", &run.latencyMs},
             {"participation", &run.participation},
             {"reject_every", &run.rejectEvery},
             {"reject_rate", &run.rejectRate},
         }) {
        if (!text->empty()) {
            std::string option = std::string("--") + key;
            std::replace(option.begin(), option.end(), '_', '-');
            applySetting(settings, "engine", key, *text, option);
        }
    }
    for (const auto& [key, text] : run.risk) {
        applySetting(settings, "risk", key, text, "--risk " + key);
    }
    executor.simulation = simulationConfig(settings.engine);
    executor.risk = riskLimits(settings.risk);
    return resolved;
}

std::vector<RunInfoRecord> runInfoRecords(const ResolvedSettings& resolved,
                                          const std::string& strategy, const std::string& data,
                                          const std::string& symbols, const std::string& timeframes,
                                          const std::string& mode) {
    const ExecutorConfig& executor = resolved.executor;
    QJsonObject params;
    for (const auto& [key, value] : executor.params) {
        params[QString::fromStdString(key)] = QString::fromStdString(value);
    }
    return {
        {"strategy", strategy},
        {"params", QJsonDocument(params).toJson(QJsonDocument::Compact).toStdString()},
        {"data", data},
        {"symbol", symbols},
        {"timeframe", timeframes},
        {"initial_cash", executor.initialCash.toString()},
        {"fee_bps", resolved.workspace.engine.feeBps.toString()},
        {"maker_fee_bps", executor.simulation.makerFeeBps.toString()},
        {"taker_fee_bps", executor.simulation.takerFeeBps.toString()},
        {"slippage_bps", executor.simulation.slippageBps.toString()},
        {"latency_ns", std::to_string(executor.simulation.latency)},
        {"participation", Quantity::fromDouble(resolved.workspace.engine.participation).toString()},
        {"mode", mode},
        {"schema_version", std::to_string(schema::kVersion)},
    };
}

}  // namespace causeway::engine
