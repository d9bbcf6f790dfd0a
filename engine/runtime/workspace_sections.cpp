#include "engine/runtime/workspace_sections.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "engine/runtime/logging.h"
#include "engine/runtime/workspace_config.h"

namespace causeway::engine {

namespace {

constexpr std::array<std::string_view, 6> kConnectorNames{
    "sim", "paper", "binance", "coinbase", "binance_testnet", "alpaca_paper"};

}  // namespace

std::string_view connectorTypeName(ConnectorType type) {
    return kConnectorNames.at(static_cast<std::size_t>(type));
}

namespace config {

namespace {

Refusal connectorType(const std::string& text, ConnectorType& out) {
    for (std::size_t i = 0; i < kConnectorNames.size(); ++i) {
        if (text == kConnectorNames[i]) {
            out = static_cast<ConnectorType>(i);
            return std::nullopt;
        }
    }
    return "unknown connector '" + text + "' (valid: " +
           joined(std::vector<std::string_view>(kConnectorNames.begin(), kConnectorNames.end())) +
           ")";
}

Refusal logLevel(const std::string& text, std::string& out) {
    const auto canonical = normalizeLogLevel(text);
    if (!canonical) {
        return "unknown log level '" + text + "' (valid: " + joined(logLevelNames()) + ")";
    }
    out = *canonical;
    return std::nullopt;
}

Refusal logFormat(const std::string& text, LogFormat& out) {
    const std::string format = lower(text);
    if (format != "text" && format != "json") {
        return "must be text or json, got '" + text + "'";
    }
    out = format == "json" ? LogFormat::kJson : LogFormat::kText;
    return std::nullopt;
}

}  // namespace

const Setting* Section::find(std::string_view key) const {
    const auto it = std::find_if(settings.begin(), settings.end(),
                                 [&](const Setting& s) { return s.key == key; });
    return it == settings.end() ? nullptr : &*it;
}

std::string Section::keys() const {
    std::vector<std::string_view> names;
    for (const auto& setting : settings) {
        names.push_back(setting.key);
    }
    return joined(names);
}

const std::vector<Section>& mappingSections() {
    using C = WorkspaceConfig;
    using T = const std::string&;
    static const std::vector<Section> kSections{
        {"risk",
         {
             {"max_position", [](C& c, T t) { return positiveQuantity(t, c.risk.maxPosition); }},
             {"max_order_notional",
              [](C& c, T t) { return positiveMoney(t, c.risk.maxOrderNotional); }},
             {"max_open_orders",
              [](C& c, T t) { return positiveInteger(t, c.risk.maxOpenOrders); }},
             {"daily_loss_limit",
              [](C& c, T t) { return positiveMoney(t, c.risk.dailyLossLimit); }},
             {"max_drawdown_pct", [](C& c, T t) { return percent(t, c.risk.maxDrawdownPct); }},
             {"price_band_pct", [](C& c, T t) { return percent(t, c.risk.priceBandPct); }},
             {"cancel_open_orders_on_trip",
              [](C& c, T t) { return boolean(t, c.risk.cancelOpenOrdersOnTrip); }},
         }},
        {"connector",
         {
             {"type", [](C& c, T t) { return connectorType(t, c.connector.type); }},
             {"market_data_url",
              [](C& c, T t) {
                  return url(t, {"ws", "wss"}, c.connector.marketDataUrl);
              }},
             {"rest_url",
              [](C& c, T t) {
                  return url(t, {"http", "https"}, c.connector.restUrl);
              }},
         }},
        {"logging",
         {
             {"level", [](C& c, T t) { return logLevel(t, c.logging.level); }},
             {"format", [](C& c, T t) { return logFormat(t, c.logging.format); }},
             {"components", [](C& c, T t) { return componentLevels(t, c.logging.components); }},
             {"file", [](C& c, T t) { return path(t, c.directory, c.logging.file); }},
         }},
        {"engine",
         {
             {"bars_per_second",
              [](C& c, T t) { return nonNegativeNumber(t, c.engine.barsPerSecond); }},
             {"initial_cash", [](C& c, T t) { return positiveMoney(t, c.engine.initialCash); }},
             {"fee_bps", [](C& c, T t) { return nonNegativeMoney(t, c.engine.feeBps); }},
             {"slippage_bps", [](C& c, T t) { return nonNegativeMoney(t, c.engine.slippageBps); }},
             {"maker_fee_bps", [](C& c, T t) { return feeBps(t, c.engine.makerFeeBps); }},
             {"taker_fee_bps",
              [](C& c, T t) { return optionalNonNegativeMoney(t, c.engine.takerFeeBps); }},
             {"latency_ms", [](C& c, T t) { return nonNegativeNumber(t, c.engine.latencyMs); }},
             {"participation", [](C& c, T t) { return fraction(t, c.engine.participation); }},
             {"reject_every",
              [](C& c, T t) { return nonNegativeInteger(t, c.engine.rejectEvery); }},
             {"reject_rate", [](C& c, T t) { return fraction(t, c.engine.rejectRate); }},
             {"health_check_interval_ms",
              [](C& c, T t) { return positiveInteger(t, c.engine.healthCheckIntervalMs); }},
             {"heartbeat_timeout_ms",
              [](C& c, T t) { return positiveInteger(t, c.engine.heartbeatTimeoutMs); }},
             {"max_restarts",
              [](C& c, T t) { return nonNegativeInteger(t, c.engine.maxRestarts); }},
         }},
        {"storage",
         {
             {"db", [](C& c, T t) { return path(t, c.directory, c.storage.dbPath); }},
             {"batch_size", [](C& c, T t) { return positiveInteger(t, c.storage.batchSize); }},
         }},
    };
    return kSections;
}

const Section* sectionNamed(std::string_view name) {
    for (const auto& section : mappingSections()) {
        if (section.name == name) {
            return &section;
        }
    }
    return nullptr;
}

Refusal componentLevels(const std::string& text, std::map<std::string, std::string>& out) {
    try {
        out = parseComponentLevels(text);
    } catch (const std::invalid_argument& error) {
        return std::string(error.what());
    }
    return std::nullopt;
}

std::string upper(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return out;
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

// A name as it appears in a variable name: "BTC-USD" -> "BTC_USD".
std::string envName(std::string_view name) {
    std::string out = upper(name);
    std::replace_if(
        out.begin(), out.end(), [](unsigned char c) { return !std::isalnum(c); }, '_');
    return out;
}

std::string indexed(std::string_view list, std::size_t index) {
    return std::string(list) + '[' + std::to_string(index) + ']';
}

std::string symbolNames(const WorkspaceConfig& config) {
    std::vector<std::string> names;
    for (const auto& symbol : config.symbols) {
        names.push_back(symbol.name);
    }
    return joined(names);
}

bool hasParameter(const std::string& strategy, const std::string& name) {
    const auto& params = StrategyRegistry::spec(strategy).params;
    return std::any_of(params.begin(), params.end(),
                       [&](const ParamSpec& p) { return p.name == name; });
}

std::string parameterNames(const std::string& strategy) {
    std::vector<std::string> names;
    for (const auto& p : StrategyRegistry::spec(strategy).params) {
        names.push_back(p.name);
    }
    return joined(names);
}

}  // namespace config

}  // namespace causeway::engine
