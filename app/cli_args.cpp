#include "cli_commands.h"

#include <QJsonDocument>

#include <algorithm>
#include <cstdio>

namespace causeway::app {

namespace {

bool contains(const std::vector<std::string>& list, const std::string& name) {
    return std::find(list.begin(), list.end(), name) != list.end();
}

}  // namespace

void printJson(const QJsonDocument& document) {
    const QByteArray text = document.toJson(QJsonDocument::Indented);
    std::fwrite(text.constData(), 1, static_cast<std::size_t>(text.size()), stdout);
}

CliArgs::CliArgs(const std::vector<std::string>& args, const Spec& spec) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string arg = args[i];
        if (!arg.starts_with("--")) {
            throw UsageError("unexpected argument '" + arg + "'");
        }
        std::string name = arg.substr(2);
        std::optional<std::string> inlineValue;
        if (const auto eq = name.find('='); eq != std::string::npos) {
            inlineValue = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        if (contains(spec.flags, name)) {
            if (inlineValue) {
                throw UsageError("option --" + name + " takes no value");
            }
            m_flags[name] = true;
            continue;
        }
        const bool repeated = contains(spec.repeated, name);
        if (!repeated && !contains(spec.valued, name)) {
            throw UsageError("unknown option --" + name);
        }
        std::string value;
        if (inlineValue) {
            value = *inlineValue;
        } else if (i + 1 < args.size()) {
            value = args[++i];
        } else {
            throw UsageError("option --" + name + " needs a value");
        }
        if (!repeated && m_values.contains(name)) {
            throw UsageError("option --" + name + " given twice");
        }
        m_values[name].push_back(value);
    }
}

std::string CliArgs::value(const std::string& name, const std::string& fallback) const {
    const auto it = m_values.find(name);
    return it == m_values.end() ? fallback : it->second.front();
}

std::string CliArgs::required(const std::string& name) const {
    if (!has(name)) {
        throw UsageError("missing required option --" + name);
    }
    return value(name);
}

std::vector<std::string> CliArgs::values(const std::string& name) const {
    const auto it = m_values.find(name);
    return it == m_values.end() ? std::vector<std::string>{} : it->second;
}

}  // namespace causeway::app
