#include "engine/indicators/indicator_registry.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <functional>
#include <limits>
#include <optional>

#include "engine/indicators/accumulation_distribution.h"
#include "engine/indicators/adx.h"
#include "engine/indicators/average_true_range.h"
#include "engine/indicators/bollinger_bands.h"
#include "engine/indicators/cci.h"
#include "engine/indicators/close_indicator.h"
#include "engine/indicators/dema.h"
#include "engine/indicators/donchian_channel.h"
#include "engine/indicators/ema.h"
#include "engine/indicators/ichimoku.h"
#include "engine/indicators/keltner_channel.h"
#include "engine/indicators/macd.h"
#include "engine/indicators/momentum.h"
#include "engine/indicators/money_flow_index.h"
#include "engine/indicators/normalized_atr.h"
#include "engine/indicators/on_balance_volume.h"
#include "engine/indicators/parabolic_sar.h"
#include "engine/indicators/rate_of_change.h"
#include "engine/indicators/rsi.h"
#include "engine/indicators/sma.h"
#include "engine/indicators/stoch_rsi.h"
#include "engine/indicators/stochastic.h"
#include "engine/indicators/tema.h"
#include "engine/indicators/vwap.h"
#include "engine/indicators/williams_r.h"
#include "engine/indicators/wma.h"

namespace causeway::engine {

namespace {

// The longest window any parameter may ask for, as in TA-Lib.
constexpr int kMaxPeriod = 100'000;

enum class Kind { kInteger, kPositive, kChoice };

struct Param {
    std::string name;
    Kind kind = Kind::kInteger;
    int min = 1;
    std::vector<std::string> choices;
    // Empty: the parameter is required. Otherwise the value an omitted
    // (trailing) parameter takes.
    std::string fallback;
};

Param integer(std::string name, int min, std::string fallback = {}) {
    return {std::move(name), Kind::kInteger, min, {}, std::move(fallback)};
}
Param positive(std::string name) {
    return {std::move(name), Kind::kPositive, 0, {}, {}};
}
Param choice(std::string name, std::vector<std::string> choices, std::string fallback) {
    return {std::move(name), Kind::kChoice, 0, std::move(choices), std::move(fallback)};
}

// The checked parameter values of one spec, with their text for messages.
class Args final {
public:
    int integer(std::size_t i) const { return static_cast<int>(m_numbers.at(i)); }
    double number(std::size_t i) const { return m_numbers.at(i); }
    const std::string& text(std::size_t i) const { return m_texts.at(i); }
    void add(double number, std::string text) {
        m_numbers.push_back(number);
        m_texts.push_back(std::move(text));
    }

private:
    std::vector<double> m_numbers;
    std::vector<std::string> m_texts;
};

using Factory = std::function<std::unique_ptr<Indicator>(const Args&)>;

struct Entry {
    std::string name;
    std::vector<Param> params;
    Factory make;
};

std::string uppercase(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return text;
}

std::string formOf(const Entry& entry) {
    std::string form = entry.name;
    for (const Param& param : entry.params) {
        const std::string part = ':' + uppercase(param.name);
        form += param.fallback.empty() ? part : '[' + part + ']';
    }
    return form;
}

template <class T>
std::unique_ptr<Indicator> closeOf(const Args& args) {
    return std::make_unique<CloseIndicator<T>>(args.integer(0));
}

[[noreturn]] void fail(const std::string& name, const std::string& message) {
    throw IndicatorSpecError("indicator '" + name + "': " + message);
}

std::unique_ptr<Indicator> makeMacd(const Args& args) {
    if (args.integer(1) <= args.integer(0)) {
        fail("macd", "parameter 'slow' must be greater than 'fast' (" + args.text(0) + "), got '" +
                         args.text(1) + "'");
    }
    return std::make_unique<Macd>(args.integer(0), args.integer(1), args.integer(2));
}

std::unique_ptr<Indicator> makeSar(const Args& args) {
    if (args.number(1) < args.number(0)) {
        fail("sar", "parameter 'maximum' must be at least 'acceleration' (" + args.text(0) +
                        "), got '" + args.text(1) + "'");
    }
    return std::make_unique<ParabolicSar>(args.number(0), args.number(1));
}

std::unique_ptr<Indicator> makeVwap(const Args& args) {
    const std::string& anchor = args.text(0);
    const VwapAnchor value = anchor == "week"    ? VwapAnchor::kWeek
                             : anchor == "month" ? VwapAnchor::kMonth
                             : anchor == "none"  ? VwapAnchor::kNone
                                                 : VwapAnchor::kSession;
    return std::make_unique<Vwap>(value);
}

const std::vector<Entry>& registry() {
    static const std::vector<Entry> entries = [] {
        const Param period2 = integer("period", 2);
        const Param period1 = integer("period", 1);
        std::vector<Entry> list{
            {"ad", {}, [](const Args&) { return std::make_unique<AccumulationDistribution>(); }},
            {"adx", {period2}, [](const Args& a) { return std::make_unique<Adx>(a.integer(0)); }},
            {"atr",
             {period1},
             [](const Args& a) { return std::make_unique<AverageTrueRange>(a.integer(0)); }},
            {"bbands",
             {period2, positive("deviations")},
             [](const Args& a) {
                 return std::make_unique<BollingerBands>(a.integer(0), a.number(1));
             }},
            {"cci", {period2}, [](const Args& a) { return std::make_unique<Cci>(a.integer(0)); }},
            {"dema", {period2}, closeOf<Dema>},
            {"donchian",
             {period1},
             [](const Args& a) { return std::make_unique<DonchianChannel>(a.integer(0)); }},
            {"ema", {period2}, closeOf<Ema>},
            {"ichimoku",
             {integer("tenkan", 1, "9"), integer("kijun", 1, "26"), integer("senkou_b", 1, "52")},
             [](const Args& a) {
                 return std::make_unique<Ichimoku>(a.integer(0), a.integer(1), a.integer(2));
             }},
            {"keltner",
             {period2, positive("multiplier"), integer("atr_period", 1, "10")},
             [](const Args& a) {
                 return std::make_unique<KeltnerChannel>(a.integer(0), a.number(1), a.integer(2));
             }},
            {"macd", {integer("fast", 2), integer("slow", 2), integer("signal", 1)}, makeMacd},
            {"mfi",
             {period2},
             [](const Args& a) { return std::make_unique<MoneyFlowIndex>(a.integer(0)); }},
            {"mom", {period1}, closeOf<Momentum>},
            {"natr",
             {period2},
             [](const Args& a) { return std::make_unique<NormalizedAtr>(a.integer(0)); }},
            {"obv", {}, [](const Args&) { return std::make_unique<OnBalanceVolume>(); }},
            {"roc", {period1}, closeOf<RateOfChange>},
            {"rsi", {period2}, closeOf<Rsi>},
            {"sar", {positive("acceleration"), positive("maximum")}, makeSar},
            {"sma", {period2}, closeOf<Sma>},
            {"stoch",
             {integer("fast_k", 1), integer("slow_k", 1), integer("slow_d", 1)},
             [](const Args& a) {
                 return std::make_unique<Stochastic>(a.integer(0), a.integer(1), a.integer(2));
             }},
            {"stochrsi",
             {period2, integer("fast_k", 1), integer("fast_d", 1)},
             [](const Args& a) {
                 return std::make_unique<StochRsi>(a.integer(0), a.integer(1), a.integer(2));
             }},
            {"tema", {period2}, closeOf<Tema>},
            {"vwap", {choice("anchor", {"session", "week", "month", "none"}, "session")}, makeVwap},
            {"willr",
             {period2},
             [](const Args& a) { return std::make_unique<WilliamsR>(a.integer(0)); }},
            {"wma", {period2}, closeOf<Wma>},
        };
        std::sort(list.begin(), list.end(),
                  [](const Entry& a, const Entry& b) { return a.name < b.name; });
        return list;
    }();
    return entries;
}

std::string validNames() {
    std::string text;
    for (const Entry& entry : registry()) {
        text += (text.empty() ? "" : ", ") + entry.name;
    }
    return text;
}

const Entry& find(std::string_view name) {
    for (const Entry& entry : registry()) {
        if (entry.name == name) {
            return entry;
        }
    }
    throw IndicatorSpecError("unknown indicator '" + std::string(name) +
                             "' (valid: " + validNames() + ")");
}

std::vector<std::string> split(std::string_view spec) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const std::size_t colon = spec.find(':', start);
        parts.emplace_back(spec.substr(start, colon - start));
        if (colon == std::string_view::npos) {
            return parts;
        }
        start = colon + 1;
    }
}

template <class T>
std::optional<T> parseWhole(const std::string& text) {
    T value{};
    const char* end = text.data() + text.size();
    const auto [last, error] = std::from_chars(text.data(), end, value);
    if (error != std::errc() || last != end) {
        return std::nullopt;
    }
    return value;
}

// Checks one parameter's text and adds its value; fails with the rule.
void check(const Entry& entry, const Param& param, const std::string& text, Args& args) {
    switch (param.kind) {
        case Kind::kInteger:
            if (const auto value = parseWhole<long long>(text);
                value && *value >= param.min && *value <= kMaxPeriod) {
                args.add(static_cast<double>(*value), text);
                return;
            }
            fail(entry.name, "parameter '" + param.name + "' must be an integer from " +
                                 std::to_string(param.min) + " to " + std::to_string(kMaxPeriod) +
                                 ", got '" + text + "'");
        case Kind::kPositive:
            if (const auto value = parseWhole<double>(text);
                value && std::isfinite(*value) && *value > 0.0) {
                args.add(*value, text);
                return;
            }
            fail(entry.name, "parameter '" + param.name +
                                 "' must be a number greater than 0, got '" + text + "'");
        case Kind::kChoice: {
            if (std::find(param.choices.begin(), param.choices.end(), text) !=
                param.choices.end()) {
                args.add(0.0, text);
                return;
            }
            std::string valid;
            for (const std::string& option : param.choices) {
                valid += (valid.empty() ? "" : ", ") + option;
            }
            fail(entry.name,
                 "parameter '" + param.name + "' must be one of " + valid + ", got '" + text + "'");
        }
    }
}

std::size_t requiredCount(const Entry& entry) {
    return static_cast<std::size_t>(
        std::count_if(entry.params.begin(), entry.params.end(),
                      [](const Param& param) { return param.fallback.empty(); }));
}

}  // namespace

std::unique_ptr<Indicator> makeIndicator(std::string_view spec) {
    const std::vector<std::string> parts = split(spec);
    const Entry& entry = find(parts.front());
    const std::size_t given = parts.size() - 1;
    if (given < requiredCount(entry) || given > entry.params.size()) {
        fail(entry.name, "expected " + formOf(entry) + ", got '" + std::string(spec) + "'");
    }
    Args args;
    for (std::size_t i = 0; i < entry.params.size(); ++i) {
        const Param& param = entry.params[i];
        check(entry, param, i < given ? parts[i + 1] : param.fallback, args);
    }
    return entry.make(args);
}

std::vector<std::string> indicatorNames() {
    std::vector<std::string> names;
    for (const Entry& entry : registry()) {
        names.push_back(entry.name);
    }
    return names;
}

std::string indicatorForm(std::string_view name) {
    return formOf(find(name));
}

std::vector<std::string> indicatorColumns(std::string_view spec, const Indicator& indicator) {
    std::string base(spec);
    std::replace(base.begin(), base.end(), ':', '_');
    if (indicator.outputCount() == 1) {
        return {base};
    }
    std::vector<std::string> columns;
    for (const IndicatorOutput& output : indicator.outputs()) {
        columns.push_back(base + '.' + output.name);
    }
    return columns;
}

}  // namespace causeway::engine
