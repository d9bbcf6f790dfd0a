#include "engine/runtime/orchestrator.h"

#include <QJsonArray>
#include <QTimer>

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <stdexcept>

#include "engine/runtime/bar_input.h"
#include "engine/runtime/executor_thread.h"
#include "engine/runtime/logging.h"
#include "engine/runtime/session.h"
#include "engine/runtime/workspace_config.h"

namespace causeway::engine {

namespace {

std::int64_t steadyNanos() {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::shared_ptr<spdlog::logger> log() {
    return componentLogger("orchestrator");
}

using BusTotals = std::map<std::string, EventBus::TypeMetrics>;

void add(BusTotals& totals, const std::vector<EventBus::NamedMetrics>& metrics) {
    for (const auto& [type, m] : metrics) {
        EventBus::TypeMetrics& total = totals[type];
        total.published += m.published;
        total.delivered += m.delivered;
        total.handlerErrors += m.handlerErrors;
        total.handlerNanos += m.handlerNanos;
        total.maxHandlerNanos = std::max(total.maxHandlerNanos, m.maxHandlerNanos);
    }
}

std::vector<EventBus::NamedMetrics> listed(const BusTotals& totals) {
    std::vector<EventBus::NamedMetrics> list;
    for (const auto& [type, metrics] : totals) {
        list.push_back({type, metrics});
    }
    return list;
}

QJsonObject busJson(const std::vector<EventBus::NamedMetrics>& metrics) {
    QJsonObject bus;
    for (const auto& [type, m] : metrics) {
        bus[QString::fromStdString(type)] = QJsonObject{
            {QStringLiteral("published"), static_cast<qint64>(m.published)},
            {QStringLiteral("delivered"), static_cast<qint64>(m.delivered)},
            {QStringLiteral("handler_errors"), static_cast<qint64>(m.handlerErrors)},
        };
    }
    return bus;
}

// What a symbol's executor runs, from the workspace.
ExecutorConfig executorConfig(const WorkspaceConfig& workspace, std::size_t index,
                              const StrategyConfig& strategy) {
    const SymbolConfig& symbol = workspace.symbols[index];
    const std::string key = "symbols[" + std::to_string(index) + ']';
    if (symbol.dataPath.empty()) {
        throw workspace.error(key + ".data",
                              "required: sessions replay recorded data, live market data is not "
                              "supported yet");
    }
    ExecutorConfig config;
    config.bars = readSessionBars(symbol.dataPath, Symbol(symbol.name)).bars;
    const Timeframe data = config.bars.front().timeframe;
    if (data.nanos == 0) {
        // A single bar has no spacing to tell its timeframe by.
        for (Candle& bar : config.bars) {
            bar.timeframe = symbol.timeframe;
        }
    } else if (data != symbol.timeframe) {
        throw workspace.error(key + ".timeframe", "is " + symbol.timeframe.label() +
                                                      " but the bars of '" + symbol.dataPath +
                                                      "' are " + data.label() + " apart");
    }
    config.strategy = strategy.name;
    config.params = strategy.params;
    config.simulation = simulationConfig(workspace.engine);
    config.risk = riskLimits(workspace.risk);
    config.initialCash = workspace.engine.initialCash;
    config.barsPerSecond = workspace.engine.barsPerSecond;
    return config;
}

}  // namespace

struct Orchestrator::Unit {
    std::string symbol;
    std::string strategy;
    std::int64_t barsTotal = 0;
    // Built at construction, launched by start().
    std::unique_ptr<SymbolExecutor> pending;
    std::unique_ptr<ExecutorThread> live;
    // Tells the signals of a retired incarnation from the live one's.
    int generation = 0;
    Health health = Health::kStarting;
    bool done = false;
    // What the incarnations that ended did.
    std::int64_t barsProcessed = 0;
    std::int64_t events = 0;
    BusTotals bus;
    int failures = 0;
    int restarts = 0;
    std::vector<std::string> restartReasons;
    std::string lastError;
};

Orchestrator::Orchestrator(const WorkspaceConfig& workspace, LedgerSink& sink, QObject* parent)
    : Orchestrator(workspace, sink, SessionOptions{}, parent) {}

Orchestrator::Orchestrator(const WorkspaceConfig& workspace, LedgerSink& sink,
                           SessionOptions session, QObject* parent)
    : QObject(parent),
      m_options{workspace.engine.healthCheckIntervalMs, workspace.engine.heartbeatTimeoutMs,
                workspace.engine.maxRestarts},
      m_sink(sink) {
    const ConnectorType type = workspace.connector.type;
    if (type != ConnectorType::kSim && type != ConnectorType::kPaper) {
        throw workspace.error("connector.type",
                              "'" + std::string(connectorTypeName(type)) +
                                  "' cannot run a session yet: sessions replay recorded data "
                                  "with the sim or paper connector");
    }
    for (std::size_t i = 0; i < workspace.symbols.size(); ++i) {
        const SymbolConfig& symbol = workspace.symbols[i];
        const StrategyConfig* strategy = workspace.strategyFor(symbol.name);
        if (strategy == nullptr) {
            log()->info("symbol {}: no enabled strategy, no executor", symbol.name);
            continue;
        }
        auto unit = std::make_unique<Unit>();
        unit->symbol = symbol.name;
        unit->strategy = strategy->name;
        ExecutorConfig config = executorConfig(workspace, i, *strategy);
        config.flattenOnStop = session.flattenOnStop;
        if (const auto resume = session.resume.find(symbol.name); resume != session.resume.end()) {
            config.resume = resume->second;
            config.reauthorizedAfter = resume->second.reauthorizedAfter;
            config.reauthorizeAtResume = session.reauthorize;
        }
        unit->barsTotal = static_cast<std::int64_t>(config.bars.size());
        unit->pending = std::make_unique<SymbolExecutor>(std::move(config), m_sink,
                                                         std::make_shared<std::atomic_bool>(false));
        m_units.push_back(std::move(unit));
    }
    if (m_units.empty()) {
        throw workspace.error("strategies", "no enabled strategy: nothing to run");
    }
    m_healthTimer = new QTimer(this);
    m_healthTimer->setInterval(m_options.healthCheckIntervalMs);
    connect(m_healthTimer, &QTimer::timeout, this, &Orchestrator::checkHealth);
}

Orchestrator::~Orchestrator() {
    m_healthTimer->stop();
    for (auto& unit : m_units) {
        unit->live.reset();
    }
}

const char* Orchestrator::stateName(State state) {
    switch (state) {
        case State::kInitializing:
            return "initializing";
        case State::kRunning:
            return "running";
        case State::kStopping:
            return "stopping";
        case State::kStopped:
            return "stopped";
    }
    return "?";
}

const char* Orchestrator::healthName(Health health) {
    switch (health) {
        case Health::kStarting:
            return "starting";
        case Health::kHealthy:
            return "healthy";
        case Health::kStalled:
            return "stalled";
        case Health::kFailed:
            return "failed";
        case Health::kFinished:
            return "finished";
    }
    return "?";
}

void Orchestrator::transition(State to) {
    const State from = m_state;
    const bool allowed = (from == State::kInitializing && to == State::kRunning) ||
                         (from == State::kInitializing && to == State::kStopped) ||
                         (from == State::kRunning && to == State::kStopping) ||
                         (from == State::kStopping && to == State::kStopped);
    if (!allowed) {
        throw std::logic_error(std::string("illegal orchestrator transition ") + stateName(from) +
                               " -> " + stateName(to));
    }
    m_state = to;
    log()->info("{} -> {}", stateName(from), stateName(to));
    Q_EMIT stateChanged(to);
}

void Orchestrator::start() {
    if (m_state != State::kInitializing) {
        throw std::logic_error(std::string("orchestrator cannot start: it is ") +
                               stateName(m_state));
    }
    m_uptime.start();
    for (auto& unit : m_units) {
        launch(*unit, std::move(unit->pending));
    }
    m_healthTimer->start();
    transition(State::kRunning);
}

bool Orchestrator::stop() {
    switch (m_state) {
        case State::kStopping:
        case State::kStopped:
            log()->info("stop refused: already {}", stateName(m_state));
            return false;
        case State::kInitializing:
            transition(State::kStopped);
            return true;
        case State::kRunning:
            break;
    }
    transition(State::kStopping);
    for (auto& unit : m_units) {
        if (unit->live) {
            unit->live->executor().requestStop();
        }
    }
    return true;
}

std::vector<std::string> Orchestrator::symbols() const {
    std::vector<std::string> names;
    for (const auto& unit : m_units) {
        names.push_back(unit->symbol);
    }
    return names;
}

Orchestrator::Unit& Orchestrator::unitFor(const std::string& symbol) const {
    for (const auto& unit : m_units) {
        if (unit->symbol == symbol) {
            return *unit;
        }
    }
    throw std::out_of_range("orchestrator runs no executor for symbol '" + symbol + "'");
}

Orchestrator::Health Orchestrator::health(const std::string& symbol) const {
    return unitFor(symbol).health;
}

void Orchestrator::launch(Unit& unit, std::unique_ptr<SymbolExecutor> executor) {
    const int generation = ++unit.generation;
    unit.live = std::make_unique<ExecutorThread>(
        std::move(executor), QStringLiteral("engine-") + QString::fromStdString(unit.symbol));
    SymbolExecutor* running = &unit.live->executor();
    connect(running, &SymbolExecutor::done, this,
            [this, &unit, generation] { onDone(unit, generation); });
    connect(
        running, &SymbolExecutor::failed, this,
        [this, &unit, generation](const QString& message) { onFailed(unit, generation, message); });
    setHealth(unit, Health::kStarting);
    unit.live->start();
}

void Orchestrator::retire(Unit& unit) {
    if (!unit.live) {
        return;
    }
    // The executor has finished or failed: its thread only idles now.
    const ExecutorCounters counters = unit.live->executor().counters();
    unit.barsProcessed += counters.nextBar - counters.firstBar;
    unit.events += counters.events;
    add(unit.bus, counters.bus);
    unit.live.reset();
}

void Orchestrator::onDone(Unit& unit, int generation) {
    if (generation != unit.generation || unit.done) {
        return;
    }
    retire(unit);
    unit.done = true;
    setHealth(unit, Health::kFinished);
    finishIfDone();
}

void Orchestrator::onFailed(Unit& unit, int generation, const QString& message) {
    if (generation != unit.generation || unit.done) {
        return;
    }
    const std::string reason = message.toStdString();
    ++unit.failures;
    unit.lastError = reason;
    log()->error("executor {} failed: {}", unit.symbol, reason);
    // A copy before the executor goes: a restart replays the same bars.
    ExecutorConfig config = unit.live->executor().config();
    const std::int64_t failedAt = unit.live->executor().counters().nextBar;
    const bool resumeFailed = unit.live->executor().resumeFailed();
    retire(unit);
    setHealth(unit, Health::kFailed);

    if (m_state == State::kRunning && unit.restarts < m_options.maxRestarts && !resumeFailed) {
        config.firstBar = failedAt;
        std::unique_ptr<SymbolExecutor> executor;
        try {
            executor = std::make_unique<SymbolExecutor>(std::move(config), m_sink,
                                                        std::make_shared<std::atomic_bool>(false));
        } catch (const std::exception& error) {
            unit.lastError = error.what();
        }
        if (executor) {
            ++unit.restarts;
            unit.restartReasons.push_back(reason);
            log()->warn("executor {}: restart {} of {} from bar {}", unit.symbol, unit.restarts,
                        m_options.maxRestarts, failedAt);
            launch(unit, std::move(executor));
            Q_EMIT executorRestarted(QString::fromStdString(unit.symbol), unit.restarts, message);
            return;
        }
    }
    unit.done = true;
    log()->error("executor {}: giving up after {} restarts", unit.symbol, unit.restarts);
    Q_EMIT executorGaveUp(QString::fromStdString(unit.symbol),
                          QString::fromStdString(unit.lastError));
    finishIfDone();
}

void Orchestrator::setHealth(Unit& unit, Health health) {
    if (unit.health == health) {
        return;
    }
    unit.health = health;
    if (health == Health::kStalled) {
        log()->warn("executor {}: no heartbeat for over {} ms", unit.symbol,
                    m_options.heartbeatTimeoutMs);
    } else {
        log()->debug("executor {}: {}", unit.symbol, healthName(health));
    }
    Q_EMIT healthChanged(QString::fromStdString(unit.symbol), health);
}

void Orchestrator::checkHealth() {
    const std::int64_t now = steadyNanos();
    const std::int64_t timeout = std::int64_t{m_options.heartbeatTimeoutMs} * 1'000'000;
    for (auto& unit : m_units) {
        if (!unit->live || unit->done) {
            continue;
        }
        SymbolExecutor& executor = unit->live->executor();
        const bool silent = now - executor.lastHeartbeat() > timeout;
        setHealth(*unit, silent ? Health::kStalled : Health::kHealthy);
        QMetaObject::invokeMethod(&executor, &SymbolExecutor::ping, Qt::QueuedConnection);
    }
}

void Orchestrator::finishIfDone() {
    const bool allDone =
        std::all_of(m_units.begin(), m_units.end(), [](const auto& unit) { return unit->done; });
    if (!allDone) {
        return;
    }
    m_healthTimer->stop();
    if (m_state == State::kRunning) {
        transition(State::kStopping);
    }
    if (m_state == State::kStopping) {
        transition(State::kStopped);
    }
}

Orchestrator::Metrics Orchestrator::metrics() const {
    Metrics metrics;
    metrics.state = m_state;
    metrics.uptimeSeconds =
        m_uptime.isValid() ? static_cast<double>(m_uptime.nsecsElapsed()) / 1e9 : 0.0;
    BusTotals allBus;
    for (const auto& unit : m_units) {
        ExecutorMetrics m;
        m.symbol = unit->symbol;
        m.strategy = unit->strategy;
        m.health = unit->health;
        m.barsTotal = unit->barsTotal;
        m.barsProcessed = unit->barsProcessed;
        m.events = unit->events;
        BusTotals bus = unit->bus;
        if (unit->live) {
            const ExecutorCounters live = unit->live->executor().counters();
            m.barsProcessed += live.nextBar - live.firstBar;
            m.events += live.events;
            add(bus, live.bus);
        }
        m.bus = listed(bus);
        m.failures = unit->failures;
        m.restarts = unit->restarts;
        m.restartReasons = unit->restartReasons;
        m.lastError = unit->lastError;

        ++metrics.executors;
        if (m.health != Health::kStalled && m.health != Health::kFailed) {
            ++metrics.healthy;
        }
        metrics.barsProcessed += m.barsProcessed;
        metrics.events += m.events;
        metrics.failures += m.failures;
        metrics.restarts += m.restarts;
        add(allBus, m.bus);
        metrics.perExecutor.push_back(std::move(m));
    }
    metrics.bus = listed(allBus);
    for (const auto& [type, m] : metrics.bus) {
        metrics.busHandlerErrors += m.handlerErrors;
    }
    return metrics;
}

QJsonObject Orchestrator::Metrics::toJson() const {
    QJsonArray executorList;
    for (const ExecutorMetrics& m : perExecutor) {
        QJsonArray reasons;
        for (const auto& reason : m.restartReasons) {
            reasons.append(QString::fromStdString(reason));
        }
        executorList.append(QJsonObject{
            {QStringLiteral("symbol"), QString::fromStdString(m.symbol)},
            {QStringLiteral("strategy"), QString::fromStdString(m.strategy)},
            {QStringLiteral("health"), QString::fromLatin1(healthName(m.health))},
            {QStringLiteral("bars"), static_cast<qint64>(m.barsProcessed)},
            {QStringLiteral("bars_total"), static_cast<qint64>(m.barsTotal)},
            {QStringLiteral("events"), static_cast<qint64>(m.events)},
            {QStringLiteral("failures"), m.failures},
            {QStringLiteral("restarts"), m.restarts},
            {QStringLiteral("restart_reasons"), reasons},
            {QStringLiteral("last_error"), QString::fromStdString(m.lastError)},
            {QStringLiteral("bus"), busJson(m.bus)},
        });
    }
    return QJsonObject{
        {QStringLiteral("state"), QString::fromLatin1(stateName(state))},
        {QStringLiteral("uptime_s"), uptimeSeconds},
        {QStringLiteral("executor_count"), executors},
        {QStringLiteral("healthy"), healthy},
        {QStringLiteral("bars"), static_cast<qint64>(barsProcessed)},
        {QStringLiteral("events"), static_cast<qint64>(events)},
        {QStringLiteral("failures"), failures},
        {QStringLiteral("restarts"), restarts},
        {QStringLiteral("bus_handler_errors"), static_cast<qint64>(busHandlerErrors)},
        {QStringLiteral("bus"), busJson(bus)},
        {QStringLiteral("executors"), executorList},
    };
}

}  // namespace causeway::engine
