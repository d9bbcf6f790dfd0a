#include "engine/runtime/logging.h"

#include <QDir>
#include <QFileInfo>
#include <QString>

#include <spdlog/details/registry.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <stdexcept>

#include "engine/core/correlation.h"

namespace causeway::engine {

namespace {

constexpr const char* kDefaultLogger = "causeway";
constexpr char kCorrelationFlag = '*';
constexpr char kJsonMessageFlag = 'q';
constexpr char kJsonComponentFlag = 'k';
constexpr const char* kTextPattern = "%Y-%m-%dT%H:%M:%S.%eZ %l [%n] [%t] [%*] %v";
constexpr const char* kJsonPattern =
    R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","component":"%k","correlation_id":"%*",)"
    R"("thread":%t,"msg":"%q"})";

// Serializes logger creation and reconfiguration; logging itself goes
// through spdlog's own (per-sink) locking.
std::mutex g_mutex;
std::vector<spdlog::sink_ptr> g_sinks;

// Length of the valid UTF-8 sequence at the start of `text`, 0 if invalid.
std::size_t utf8SequenceLength(std::string_view text) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
    const unsigned char lead = byte(0);
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        code = lead & 0x1Fu;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        code = lead & 0x0Fu;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        code = lead & 0x07u;
    } else {
        return 0;
    }
    if (text.size() < length) {
        return 0;
    }
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(i) & 0xC0u) != 0x80u) {
            return 0;
        }
        code = (code << 6) | (byte(i) & 0x3Fu);
    }
    const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
    const bool surrogate = code >= 0xD800 && code <= 0xDFFF;
    return overlong || surrogate || code > 0x10FFFF ? 0 : length;
}

// JSON string content: quotes, backslashes and control characters escaped,
// invalid UTF-8 replaced by U+FFFD so that every line stays valid JSON.
void appendJsonEscaped(std::string_view text, spdlog::memory_buf_t& dest) {
    static constexpr char kHex[] = "0123456789abcdef";
    const auto append = [&](std::string_view part) {
        dest.append(part.data(), part.data() + part.size());
    };
    std::size_t i = 0;
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80) {
            const std::size_t length = utf8SequenceLength(text.substr(i));
            if (length == 0) {
                append("\\ufffd");
                ++i;
            } else {
                append(text.substr(i, length));
                i += length;
            }
            continue;
        }
        switch (c) {
            case '"':
                append("\\\"");
                break;
            case '\\':
                append("\\\\");
                break;
            case '\n':
                append("\\n");
                break;
            case '\r':
                append("\\r");
                break;
            case '\t':
                append("\\t");
                break;
            case '\b':
                append("\\b");
                break;
            case '\f':
                append("\\f");
                break;
            default:
                if (c < 0x20 || c == 0x7F) {
                    const char escaped[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
                    append(std::string_view(escaped, sizeof escaped));
                } else {
                    dest.push_back(static_cast<char>(c));
                }
        }
        ++i;
    }
}

// %* : the correlation id of the flow the logging thread is in.
class CorrelationFlag final : public spdlog::custom_flag_formatter {
public:
    explicit CorrelationFlag(LogFormat format) : m_format(format) {}
    void format(const spdlog::details::log_msg&, const std::tm&,
                spdlog::memory_buf_t& dest) override {
        const std::string& id = CorrelationScope::current();
        if (m_format == LogFormat::kJson) {
            appendJsonEscaped(id, dest);
        } else if (id.empty()) {
            dest.push_back('-');
        } else {
            dest.append(id.data(), id.data() + id.size());
        }
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<CorrelationFlag>(m_format);
    }

private:
    LogFormat m_format;
};

// %q : the message as JSON string content.
class JsonMessageFlag final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& msg, const std::tm&,
                spdlog::memory_buf_t& dest) override {
        appendJsonEscaped(std::string_view(msg.payload.data(), msg.payload.size()), dest);
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<JsonMessageFlag>();
    }
};

// %k : the logger (component) name as JSON string content.
class JsonComponentFlag final : public spdlog::custom_flag_formatter {
public:
    void format(const spdlog::details::log_msg& msg, const std::tm&,
                spdlog::memory_buf_t& dest) override {
        appendJsonEscaped(std::string_view(msg.logger_name.data(), msg.logger_name.size()), dest);
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<JsonComponentFlag>();
    }
};

std::unique_ptr<spdlog::formatter> makeFormatter(LogFormat format) {
    auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
    formatter->add_flag<CorrelationFlag>(kCorrelationFlag, format);
    if (format == LogFormat::kJson) {
        formatter->add_flag<JsonMessageFlag>(kJsonMessageFlag);
        formatter->add_flag<JsonComponentFlag>(kJsonComponentFlag);
        formatter->set_pattern(kJsonPattern);
    } else {
        formatter->set_pattern(kTextPattern);
    }
    return formatter;
}

std::string validLevels() {
    std::string names;
    for (const auto& name : logLevelNames()) {
        names += (names.empty() ? "" : ", ") + name;
    }
    return names;
}

spdlog::level::level_enum toSpdlog(const std::string& canonical) {
    if (canonical == "warn") {
        return spdlog::level::warn;
    }
    if (canonical == "error") {
        return spdlog::level::err;
    }
    return spdlog::level::from_str(canonical);
}

spdlog::level::level_enum requireLevel(const std::string& text, const std::string& component) {
    const auto canonical = normalizeLogLevel(text);
    if (!canonical) {
        throw std::invalid_argument(
            "unknown log level '" + text + "'" +
            (component.empty() ? "" : " for component '" + component + "'") +
            " (valid: " + validLevels() + ")");
    }
    return toSpdlog(*canonical);
}

spdlog::sink_ptr openFileSink(const std::string& path) {
    const QString file = QString::fromStdString(path);
    QDir().mkpath(QFileInfo(file).absolutePath());
    try {
        return std::make_shared<spdlog::sinks::basic_file_sink_mt>(path, false);
    } catch (const spdlog::spdlog_ex& error) {
        throw std::runtime_error("cannot open log file '" + path + "': " + error.what());
    }
}

void install(const LoggingConfig& config, spdlog::sink_ptr console) {
    auto global = requireLevel(config.level, {});
    spdlog::details::registry::log_levels levels;
    for (const auto& [component, level] : config.components) {
        levels[component] = requireLevel(level, component);
    }
    std::vector<spdlog::sink_ptr> sinks{std::move(console)};
    if (!config.file.empty()) {
        sinks.push_back(openFileSink(config.file));
    }

    const std::lock_guard lock(g_mutex);
    g_sinks = sinks;
    spdlog::apply_all([&](const std::shared_ptr<spdlog::logger>& logger) {
        logger->flush();
        logger->sinks() = sinks;
    });
    if (!spdlog::get(kDefaultLogger)) {
        auto logger = std::make_shared<spdlog::logger>(kDefaultLogger, sinks.begin(), sinks.end());
        spdlog::register_logger(logger);
    }
    spdlog::set_default_logger(spdlog::get(kDefaultLogger));
    // The registry clones this formatter into every logger, existing and new.
    spdlog::set_formatter(makeFormatter(config.format));
    spdlog::details::registry::instance().set_levels(std::move(levels), &global);
    spdlog::flush_on(spdlog::level::warn);
}

}  // namespace

const std::vector<std::string>& logLevelNames() {
    static const std::vector<std::string> kNames{"trace", "debug",    "info", "warn",
                                                 "error", "critical", "off"};
    return kNames;
}

std::optional<std::string> normalizeLogLevel(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "warning") {
        return "warn";
    }
    const auto& names = logLevelNames();
    if (std::find(names.begin(), names.end(), lower) == names.end()) {
        return std::nullopt;
    }
    return lower;
}

std::map<std::string, std::string> parseComponentLevels(std::string_view text) {
    const auto trim = [](std::string_view s) {
        while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) {
            s.remove_prefix(1);
        }
        while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) {
            s.remove_suffix(1);
        }
        return s;
    };
    std::map<std::string, std::string> levels;
    if (trim(text).empty()) {
        return levels;
    }
    std::size_t start = 0;
    while (start <= text.size()) {
        const std::size_t comma = std::min(text.find(',', start), text.size());
        const std::string_view entry = trim(text.substr(start, comma - start));
        start = comma + 1;
        const std::size_t eq = entry.find('=');
        if (eq == std::string_view::npos) {
            throw std::invalid_argument("expected COMPONENT=LEVEL, got '" + std::string(entry) +
                                        "'");
        }
        const std::string component(trim(entry.substr(0, eq)));
        const std::string level(trim(entry.substr(eq + 1)));
        const bool validName =
            !component.empty() && std::all_of(component.begin(), component.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' ||
                       c == '-';
            });
        if (!validName) {
            throw std::invalid_argument("invalid component name '" + component + "' in '" +
                                        std::string(entry) + "'");
        }
        const auto canonical = normalizeLogLevel(level);
        if (!canonical) {
            throw std::invalid_argument("unknown log level '" + level + "' for component '" +
                                        component + "' (valid: " + validLevels() + ")");
        }
        if (!levels.emplace(component, *canonical).second) {
            throw std::invalid_argument("component '" + component + "' given twice");
        }
    }
    return levels;
}

void setupLogging(const LoggingConfig& config) {
    install(config, std::make_shared<spdlog::sinks::stderr_sink_mt>());
}

void setupLogging(const LoggingConfig& config, std::ostream& stream) {
    install(config, std::make_shared<spdlog::sinks::ostream_sink_mt>(stream));
}

void setupLogging(const std::string& level) {
    LoggingConfig config;
    const auto canonical = normalizeLogLevel(level);
    config.level = canonical.value_or("warn");
    setupLogging(config);
    if (!canonical) {
        spdlog::warn("unknown log level '{}', using 'warn'", level);
    }
}

std::shared_ptr<spdlog::logger> componentLogger(const std::string& component) {
    const std::lock_guard lock(g_mutex);
    if (auto existing = spdlog::get(component)) {
        return existing;
    }
    const auto& sinks = g_sinks.empty() ? spdlog::default_logger()->sinks() : g_sinks;
    auto logger = std::make_shared<spdlog::logger>(component, sinks.begin(), sinks.end());
    // Gives it the registry's formatter and the component's level, and registers it.
    spdlog::initialize_logger(logger);
    return logger;
}

void flushLogs() {
    spdlog::apply_all([](const std::shared_ptr<spdlog::logger>& logger) { logger->flush(); });
}

}  // namespace causeway::engine
