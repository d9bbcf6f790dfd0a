#include "engine/storage/json_text.h"

#include <QJsonArray>

#include <charconv>
#include <cmath>

namespace causeway::engine {

namespace {

void appendValue(std::string& out, QJsonValueConstRef value);

char* writeHex4(char* p, unsigned code) {
    static constexpr char kHex[] = "0123456789abcdef";
    *p++ = '\\';
    *p++ = 'u';
    for (int shift = 12; shift >= 0; shift -= 4) {
        *p++ = kHex[(code >> shift) & 0xF];
    }
    return p;
}

char* writeEscaped(char* p, char16_t c) {
    switch (c) {
        case u'"':
            *p++ = '\\';
            *p++ = '"';
            return p;
        case u'\\':
            *p++ = '\\';
            *p++ = '\\';
            return p;
        case u'\b':
            *p++ = '\\';
            *p++ = 'b';
            return p;
        case u'\f':
            *p++ = '\\';
            *p++ = 'f';
            return p;
        case u'\n':
            *p++ = '\\';
            *p++ = 'n';
            return p;
        case u'\r':
            *p++ = '\\';
            *p++ = 'r';
            return p;
        case u'\t':
            *p++ = '\\';
            *p++ = 't';
            return p;
        default:
            if (c < 0x20) {
                return writeHex4(p, c);
            }
            *p++ = static_cast<char>(c);
            return p;
    }
}

char* writeUtf8(char* p, char32_t code) {
    if (code < 0x800) {
        *p++ = static_cast<char>(0xC0 | (code >> 6));
    } else if (code < 0x10000) {
        *p++ = static_cast<char>(0xE0 | (code >> 12));
        *p++ = static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    } else {
        *p++ = static_cast<char>(0xF0 | (code >> 18));
        *p++ = static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        *p++ = static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    }
    *p++ = static_cast<char>(0x80 | (code & 0x3F));
    return p;
}

void appendString(std::string& out, const QString& text) {
    const qsizetype size = text.size();
    const QChar* data = text.constData();
    // Written in place: at most six bytes per UTF-16 unit (\uXXXX).
    const std::size_t start = out.size();
    out.resize(start + 2 + static_cast<std::size_t>(size) * 6);
    char* p = out.data() + start;
    *p++ = '"';
    for (qsizetype i = 0; i < size; ++i) {
        const char16_t c = data[i].unicode();
        if (c >= 0x20 && c < 0x80 && c != u'"' && c != u'\\') {
            *p++ = static_cast<char>(c);
        } else if (c < 0x80) {
            p = writeEscaped(p, c);
        } else if (QChar::isHighSurrogate(c) && i + 1 < size && data[i + 1].isLowSurrogate()) {
            p = writeUtf8(p, QChar::surrogateToUcs4(c, data[++i].unicode()));
        } else if (QChar::isSurrogate(c)) {
            p = writeHex4(p, c);  // a lone surrogate has no UTF-8 form
        } else {
            p = writeUtf8(p, c);
        }
    }
    *p++ = '"';
    out.resize(static_cast<std::size_t>(p - out.data()));
}

void appendNumber(std::string& out, double value) {
    if (!std::isfinite(value)) {
        out += "null";
        return;
    }
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, result.ptr);
}

void appendObject(std::string& out, const QJsonObject& object) {
    out += '{';
    bool first = true;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!first) {
            out += ',';
        }
        first = false;
        appendString(out, it.key());
        out += ':';
        appendValue(out, it.value());
    }
    out += '}';
}

void appendArray(std::string& out, const QJsonArray& array) {
    out += '[';
    bool first = true;
    for (auto it = array.constBegin(); it != array.constEnd(); ++it) {
        if (!first) {
            out += ',';
        }
        first = false;
        appendValue(out, *it);
    }
    out += ']';
}

// Through the container's references: a QJsonValue copy of every element
// would cost an allocation each.
void appendValue(std::string& out, QJsonValueConstRef value) {
    switch (value.type()) {
        case QJsonValue::Null:
        case QJsonValue::Undefined:
            out += "null";
            break;
        case QJsonValue::Bool:
            out += value.toBool() ? "true" : "false";
            break;
        case QJsonValue::Double:
            appendNumber(out, value.toDouble());
            break;
        case QJsonValue::String:
            appendString(out, value.toString());
            break;
        case QJsonValue::Array:
            appendArray(out, value.toArray());
            break;
        case QJsonValue::Object:
            appendObject(out, value.toObject());
            break;
    }
}

}  // namespace

std::string toCompactJson(const QJsonObject& object) {
    std::string out;
    out.reserve(512);
    appendObject(out, object);
    return out;
}

namespace {

// A UTF-8 string as a JSON string.
void appendUtf8(std::string& out, std::string_view text) {
    out += '"';
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20) {
            char buffer[8];
            char* end = writeEscaped(buffer, static_cast<char16_t>(u));
            out.append(buffer, end);
        } else {
            out += c;
        }
    }
    out += '"';
}

void appendIds(std::string& out, const char* key, const std::vector<std::string>& ids) {
    out += key;
    out += '[';
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        appendUtf8(out, ids[i]);
    }
    out += ']';
}

}  // namespace

std::string compactChainJson(const CausalityChain& chain) {
    // keys in the order QJsonObject keeps them: sorted
    std::string out;
    out.reserve(256);
    out += "{\"directive_id\":";
    appendUtf8(out, chain.directiveId);
    appendIds(out, ",\"fill_ids\":", chain.fillIds);
    appendIds(out, ",\"order_ids\":", chain.orderIds);
    out += ",\"origin\":{\"id\":";
    appendUtf8(out, chain.origin.id);
    out += ",\"timestamp\":";
    appendUtf8(out, formatIso8601(chain.origin.ts));
    out += ",\"type\":";
    appendUtf8(out, toString(chain.origin.type));
    out += '}';
    appendIds(out, ",\"plan_ids\":", chain.planIds);
    appendIds(out, ",\"risk_ids\":", chain.riskIds);
    appendIds(out, ",\"signal_ids\":", chain.signalIds);
    out += '}';
    return out;
}

}  // namespace causeway::engine
