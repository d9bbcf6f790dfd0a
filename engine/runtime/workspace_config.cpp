#include "engine/runtime/workspace_config.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>

#include <algorithm>

#include "engine/runtime/workspace_environment.h"
#include "engine/runtime/workspace_yaml.h"

namespace causeway::engine {

namespace {

using config::RawStrategy;

// What only the whole can tell: files exist, strategies name declared
// symbols and resolve against their schema, timings fit together.
class Validator final {
public:
    Validator(WorkspaceConfig& config, const std::vector<RawStrategy>& raw)
        : m_config(config), m_raw(raw) {}

    void run() {
        if (m_config.symbols.empty()) {
            throw m_config.error("symbols", "at least one symbol is required");
        }
        for (std::size_t i = 0; i < m_config.symbols.size(); ++i) {
            validateSymbol(m_config.symbols[i], config::indexed("symbols", i));
        }
        std::map<std::string, std::size_t> runs;  // symbol -> enabled strategy
        for (std::size_t i = 0; i < m_config.strategies.size(); ++i) {
            validateStrategy(i, runs);
        }
        const EngineConfig& engine = m_config.engine;
        if (engine.heartbeatTimeoutMs <= engine.healthCheckIntervalMs) {
            throw m_config.error("engine.heartbeat_timeout_ms",
                                 "must be greater than engine.health_check_interval_ms (" +
                                     std::to_string(engine.healthCheckIntervalMs) + "), got '" +
                                     std::to_string(engine.heartbeatTimeoutMs) + "'");
        }
        if (m_config.storage.dbPath.empty()) {
            config::path("run.sqlite", m_config.directory, m_config.storage.dbPath);
        }
    }

private:
    void validateSymbol(const SymbolConfig& symbol, const std::string& path) const {
        if (symbol.timeframe.nanos == 0) {
            throw m_config.error(path + ".timeframe", "required (e.g. 1m, 15m, 1h, 1d)");
        }
        if (symbol.dataPath.empty()) {
            if (m_config.connector.marketDataUrl.empty()) {
                throw m_config.error(path + ".data",
                                     "required: the bars file to replay (or set "
                                     "connector.market_data_url)");
            }
            return;
        }
        const QFileInfo info(QString::fromStdString(symbol.dataPath));
        if (!info.exists()) {
            throw m_config.error(path + ".data", "no such file '" + symbol.dataPath + "'");
        }
        if (!info.isFile() || !info.isReadable()) {
            throw m_config.error(path + ".data", "cannot read '" + symbol.dataPath + "'");
        }
    }

    void validateStrategy(std::size_t i, std::map<std::string, std::size_t>& runs) {
        StrategyConfig& strategy = m_config.strategies[i];
        const std::string path = config::indexed("strategies", i);
        if (!m_raw[i].symbolsGiven) {
            for (const auto& symbol : m_config.symbols) {
                strategy.symbols.push_back(symbol.name);
            }
        }
        if (strategy.symbols.empty()) {
            throw m_config.error(path + ".symbols", "must name at least one symbol");
        }
        for (const auto& name : strategy.symbols) {
            if (m_config.findSymbol(name) == nullptr) {
                throw m_config.error(path + ".symbols", "unknown symbol '" + name + "' (symbols: " +
                                                            config::symbolNames(m_config) + ")");
            }
            if (!strategy.enabled) {
                continue;
            }
            if (const auto [other, added] = runs.emplace(name, i); !added) {
                throw m_config.error(path + ".symbols",
                                     "symbol '" + name + "' already runs " +
                                         config::indexed("strategies", other->second) + " (" +
                                         m_config.strategies[other->second].name +
                                         "): one enabled strategy per symbol");
            }
        }
        try {
            strategy.params = StrategyRegistry::resolve(strategy.name, m_raw[i].params);
        } catch (const std::invalid_argument& error) {
            throw m_config.error(path + ".parameters" + blamedParameter(error.what(), m_raw[i]),
                                 error.what());
        }
    }

    // ".fast" when the registry's message is about the given parameter
    // 'fast' (the first one it names), so the error points at its line.
    static std::string blamedParameter(const std::string& message, const RawStrategy& raw) {
        std::size_t best = std::string::npos;
        std::string blamed;
        for (const auto& [name, value] : raw.params) {
            const std::size_t at = message.find("parameter '" + name + "'");
            if (at < best) {
                best = at;
                blamed = '.' + name;
            }
        }
        return blamed;
    }

    WorkspaceConfig& m_config;
    const std::vector<RawStrategy>& m_raw;
};

}  // namespace

WorkspaceConfig WorkspaceConfig::parse(const std::string& yaml, const std::string& file,
                                       const std::string& directory, const Environment& env) {
    WorkspaceConfig workspace;
    workspace.file = file;
    workspace.directory =
        QDir::cleanPath(QDir(QString::fromStdString(directory)).absolutePath()).toStdString();
    std::vector<RawStrategy> raw;
    config::readWorkspaceYaml(yaml, workspace, raw);
    config::applyWorkspaceEnvironment(env, workspace, raw);
    Validator(workspace, raw).run();
    return workspace;
}

WorkspaceConfig WorkspaceConfig::load(const std::string& path, const Environment& env) {
    QFileInfo info(QString::fromStdString(path));
    std::string file = path;
    if (info.isDir()) {
        file = QDir(info.filePath()).filePath(QStringLiteral("workspace.yaml")).toStdString();
        info = QFileInfo(QString::fromStdString(file));
    }
    if (!info.exists()) {
        throw ConfigError::inFile(file, 0, {}, "no such file");
    }
    QFile in(info.filePath());
    if (!in.open(QIODevice::ReadOnly)) {
        throw ConfigError::inFile(file, 0, {},
                                  "cannot open file: " + in.errorString().toStdString());
    }
    const QByteArray text = in.readAll();
    return parse(text.toStdString(), file, info.absolutePath().toStdString(), env);
}

WorkspaceConfig WorkspaceConfig::load(const std::string& path) {
    return load(path, processEnvironment());
}

ConfigError WorkspaceConfig::error(const std::string& key, const std::string& reason) const {
    // A key without an origin of its own (a default, a missing key) is
    // located at the nearest enclosing key that has one.
    std::string at = key;
    while (!at.empty()) {
        if (const auto it = origins.find(at); it != origins.end()) {
            return it->second.variable.empty()
                       ? ConfigError::inFile(file, it->second.line, key, reason)
                       : ConfigError::inEnvironment(it->second.variable, key, reason);
        }
        const std::size_t cut = at.find_last_of(".[");
        at = cut == std::string::npos ? std::string() : at.substr(0, cut);
    }
    return ConfigError::inFile(file, 0, key, reason);
}

const SymbolConfig* WorkspaceConfig::findSymbol(const std::string& name) const {
    const auto it = std::find_if(symbols.begin(), symbols.end(),
                                 [&](const SymbolConfig& s) { return s.name == name; });
    return it == symbols.end() ? nullptr : &*it;
}

const StrategyConfig* WorkspaceConfig::strategyFor(const std::string& symbol) const {
    for (const auto& strategy : strategies) {
        if (strategy.enabled && std::find(strategy.symbols.begin(), strategy.symbols.end(),
                                          symbol) != strategy.symbols.end()) {
            return &strategy;
        }
    }
    return nullptr;
}

Environment processEnvironment() {
    Environment env;
    const QProcessEnvironment system = QProcessEnvironment::systemEnvironment();
    for (const QString& name : system.keys()) {
        if (name.startsWith(QLatin1String("CAUSEWAY_"))) {
            env[name.toStdString()] = system.value(name).toStdString();
        }
    }
    return env;
}

RiskLimits riskLimits(const RiskConfig& config) {
    RiskLimits limits;
    limits.maxPosition = config.maxPosition;
    limits.maxOrderNotional = config.maxOrderNotional;
    limits.maxOpenOrders = config.maxOpenOrders;
    limits.dailyLossLimit = config.dailyLossLimit;
    limits.maxDrawdownPct = config.maxDrawdownPct;
    limits.priceBandPct = config.priceBandPct;
    limits.cancelOpenOrdersOnTrip = config.cancelOpenOrdersOnTrip;
    return limits;
}

}  // namespace causeway::engine
