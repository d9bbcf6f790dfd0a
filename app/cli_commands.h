#pragma once

#include <QJsonDocument>

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace causeway::app {

// Exit codes of the command-line contract; kUnreconciled only from verify.
enum ExitCode : int { kOk = 0, kUsage = 2, kBadData = 3, kStorage = 4, kUnreconciled = 5 };

class UsageError final : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// The options of one sub-command: "--key value", "--key=value" or a flag.
class CliArgs final {
public:
    struct Spec {
        std::vector<std::string> valued;    // take a value
        std::vector<std::string> repeated;  // take a value, may repeat
        std::vector<std::string> flags;     // take none
    };
    CliArgs(const std::vector<std::string>& args, const Spec& spec);

    bool flag(const std::string& name) const { return m_flags.contains(name); }
    bool has(const std::string& name) const { return m_values.contains(name); }
    std::string value(const std::string& name, const std::string& fallback = {}) const;
    std::string required(const std::string& name) const;
    std::vector<std::string> values(const std::string& name) const;

private:
    std::map<std::string, std::vector<std::string>> m_values;
    std::map<std::string, bool> m_flags;
};

// Every command prints JSON the same way: indented, UTF-8, on stdout.
void printJson(const QJsonDocument& document);

// One function per sub-command, each in its own cli_<command>.cpp and
// registered in the table of cli_main.cpp.
int runBacktest(const std::vector<std::string>& args);
int runOptimize(const std::vector<std::string>& args);
int runTrades(const std::vector<std::string>& args);
int runStory(const std::vector<std::string>& args);
int runAnalyze(const std::vector<std::string>& args);
int runVerify(const std::vector<std::string>& args);
int runDiff(const std::vector<std::string>& args);
int runSession(const std::vector<std::string>& args);
int runPositions(const std::vector<std::string>& args);
int runStrategies(const std::vector<std::string>& args);
int runResample(const std::vector<std::string>& args);
int runDag(const std::vector<std::string>& args);
int runIndicators(const std::vector<std::string>& args);

}  // namespace causeway::app
