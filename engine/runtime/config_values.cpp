#include "engine/runtime/config_values.h"

#include <QDir>
#include <QString>
#include <QUrl>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>

namespace causeway::engine::config {

namespace {

std::string got(const std::string& text) {
    return ", got '" + text + "'";
}

std::optional<long long> integer(const std::string& text) {
    long long value = 0;
    const char* end = text.data() + text.size();
    const char* begin = text.data() + (text.starts_with('+') ? 1 : 0);
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    if (text.empty() || ec != std::errc{} || ptr != end) {
        return std::nullopt;
    }
    return value;
}

std::optional<double> number(const std::string& text) {
    double value = 0;
    const char* end = text.data() + text.size();
    const char* begin = text.data() + (text.starts_with('+') ? 1 : 0);
    const auto [ptr, ec] = std::from_chars(begin, end, value);
    if (text.empty() || ec != std::errc{} || ptr != end || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value;
}

template <class T>
std::optional<T> positiveFixed(const std::string& text) {
    const auto value = T::parse(text);
    if (!value || *value <= T()) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

Refusal positiveQuantity(const std::string& text, std::optional<Quantity>& out) {
    const auto value = positiveFixed<Quantity>(text);
    if (!value) {
        return "must be a positive number" + got(text);
    }
    out = value;
    return std::nullopt;
}

Refusal positiveMoney(const std::string& text, std::optional<Money>& out) {
    const auto value = positiveFixed<Money>(text);
    if (!value) {
        return "must be a positive number" + got(text);
    }
    out = value;
    return std::nullopt;
}

Refusal positiveMoney(const std::string& text, Money& out) {
    std::optional<Money> value;
    if (auto refusal = positiveMoney(text, value)) {
        return refusal;
    }
    out = *value;
    return std::nullopt;
}

Refusal nonNegativeMoney(const std::string& text, Money& out) {
    const auto value = Money::parse(text);
    if (!value || *value < Money()) {
        return "must be a number >= 0" + got(text);
    }
    out = *value;
    return std::nullopt;
}

Refusal optionalNonNegativeMoney(const std::string& text, std::optional<Money>& out) {
    Money value;
    if (auto refusal = nonNegativeMoney(text, value)) {
        return refusal;
    }
    out = value;
    return std::nullopt;
}

Refusal feeBps(const std::string& text, std::optional<Money>& out) {
    const auto value = Money::parse(text);
    if (!value || *value < Money::fromInt(-100)) {
        return "must be a number of basis points >= -100 (a rebate below 0)" + got(text);
    }
    out = *value;
    return std::nullopt;
}

Refusal fraction(const std::string& text, double& out) {
    const auto value = number(text);
    if (!value || *value < 0.0 || *value > 1.0) {
        return "must be a number from 0 to 1" + got(text);
    }
    out = *value;
    return std::nullopt;
}

Refusal positiveInteger(const std::string& text, int& out) {
    const auto value = integer(text);
    if (!value || *value <= 0 || *value > std::numeric_limits<int>::max()) {
        return "must be a positive integer" + got(text);
    }
    out = static_cast<int>(*value);
    return std::nullopt;
}

Refusal positiveInteger(const std::string& text, std::optional<int>& out) {
    int value = 0;
    if (auto refusal = positiveInteger(text, value)) {
        return refusal;
    }
    out = value;
    return std::nullopt;
}

Refusal nonNegativeInteger(const std::string& text, int& out) {
    const auto value = integer(text);
    if (!value || *value < 0 || *value > std::numeric_limits<int>::max()) {
        return "must be an integer >= 0" + got(text);
    }
    out = static_cast<int>(*value);
    return std::nullopt;
}

Refusal percent(const std::string& text, std::optional<double>& out) {
    const auto value = number(text);
    if (!value || *value <= 0.0 || *value > 100.0) {
        return "must be a percentage above 0 and at most 100" + got(text);
    }
    out = *value;
    return std::nullopt;
}

Refusal nonNegativeNumber(const std::string& text, double& out) {
    const auto value = number(text);
    if (!value || *value < 0.0) {
        return "must be a number >= 0" + got(text);
    }
    out = *value;
    return std::nullopt;
}

Refusal boolean(const std::string& text, bool& out) {
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "true" || lower == "yes" || lower == "on") {
        out = true;
    } else if (lower == "false" || lower == "no" || lower == "off") {
        out = false;
    } else {
        return "must be true or false" + got(text);
    }
    return std::nullopt;
}

Refusal url(const std::string& text, const std::vector<std::string_view>& schemes,
            std::string& out) {
    if (text.empty()) {
        out.clear();
        return std::nullopt;
    }
    const QUrl parsed(QString::fromStdString(text), QUrl::StrictMode);
    const std::string scheme = parsed.scheme().toStdString();
    if (!parsed.isValid() || parsed.host().isEmpty() ||
        std::find(schemes.begin(), schemes.end(), scheme) == schemes.end()) {
        std::string expected;
        for (std::size_t i = 0; i < schemes.size(); ++i) {
            expected += (i == 0                    ? ""
                         : i + 1 == schemes.size() ? " or "
                                                   : ", ") +
                        std::string(schemes[i]) + "://";
        }
        return "must be a " + expected + " URL" + got(text);
    }
    out = text;
    return std::nullopt;
}

Refusal timeframe(const std::string& text, Timeframe& out) {
    const auto parsed = Timeframe::parse(text);
    if (!parsed) {
        return "must be a timeframe such as 1m, 15m, 1h or 1d" + got(text);
    }
    out = *parsed;
    return std::nullopt;
}

Refusal path(const std::string& text, const std::string& directory, std::string& out) {
    if (text.empty()) {
        return std::string("must be a file path, got ''");
    }
    out =
        QDir::cleanPath(
            QDir(QString::fromStdString(directory)).absoluteFilePath(QString::fromStdString(text)))
            .toStdString();
    return std::nullopt;
}

std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) {
        text += (text.empty() ? "" : ", ") + item;
    }
    return text;
}

std::string joined(const std::vector<std::string_view>& items) {
    return joined(std::vector<std::string>(items.begin(), items.end()));
}

}  // namespace causeway::engine::config
