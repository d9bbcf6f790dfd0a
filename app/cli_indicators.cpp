#include <charconv>
#include <cmath>
#include <cstdio>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "cli_commands.h"
#include "cli_output.h"
#include "engine/core/timestamp.h"
#include "engine/data/bar_csv_reader.h"
#include "engine/data/data_error.h"
#include "engine/indicators/indicator_registry.h"

namespace causeway::app {

namespace {

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    return text;
}

// "sma:20,ema:5" -> {"sma:20", "ema:5"}; every spec must be there once.
std::vector<std::string> splitSpecs(const std::string& list) {
    std::vector<std::string> specs;
    std::set<std::string> seen;
    std::size_t start = 0;
    while (true) {
        const std::size_t comma = list.find(',', start);
        const std::string spec(trimmed(std::string_view(list).substr(start, comma - start)));
        if (spec.empty()) {
            throw UsageError("empty indicator spec in --spec '" + list + "'");
        }
        if (!seen.insert(spec).second) {
            throw UsageError("indicator spec '" + spec + "' given twice");
        }
        specs.push_back(spec);
        if (comma == std::string::npos) {
            return specs;
        }
        start = comma + 1;
    }
}

// Shortest text that reads back as the same double; 0 without a sign.
// Plain decimals from 1e-7 up to 1e21 (an OBV of 2402000000, not 2.402e+09),
// exponents outside: the form spreadsheets and JavaScript print, so a cell
// matches TA-Lib's golden files character for character.
void appendNumber(std::string& row, double value) {
    if (value == 0.0) {
        row += '0';
        return;
    }
    const double magnitude = std::fabs(value);
    const auto format = magnitude >= 1e-7 && magnitude < 1e21 ? std::chars_format::fixed
                                                              : std::chars_format::scientific;
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof(buffer), value, format);
    row.append(buffer, result.ptr);
}

}  // namespace

int runIndicators(const std::vector<std::string>& rawArgs) {
    const CliArgs args(rawArgs, {{"data", "spec", "out"}, {}, {}});
    const std::string data = args.required("data");
    const std::vector<std::string> specs = splitSpecs(args.required("spec"));

    // Every spec is checked before the data is read: a typo costs nothing.
    std::vector<std::unique_ptr<engine::Indicator>> indicators;
    std::string row = "timestamp";
    for (const std::string& spec : specs) {
        indicators.push_back(engine::makeIndicator(spec));
        for (const std::string& column : engine::indicatorColumns(spec, *indicators.back())) {
            row += ',' + column;
        }
    }
    row += '\n';

    engine::BarCsvReader reader(data);
    CliOutput out(args.value("out"));
    bool any = false;
    engine::Candle candle;
    while (reader.next(candle)) {
        if (!any) {
            out.write(row);  // the header, once the file has proved to hold bars
            any = true;
        }
        const engine::BarInput bar = engine::BarInput::from(candle);
        row = engine::formatIso8601(candle.ts);
        for (const auto& indicator : indicators) {
            indicator->update(bar);
            for (std::size_t i = 0; i < indicator->outputCount(); ++i) {
                row += ',';
                if (const auto value = indicator->value(i)) {
                    appendNumber(row, *value);
                }
            }
        }
        row += '\n';
        out.write(row);
    }
    if (!any) {
        throw engine::DataError(data, reader.line(), "no data rows after the header");
    }
    out.commit();
    return kOk;
}

}  // namespace causeway::app
