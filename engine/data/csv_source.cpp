#include "engine/data/csv_source.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "engine/data/data_error.h"

namespace causeway::engine {

namespace {

// Large enough that a read per block costs nothing per row; a longer line
// grows the buffer.
constexpr std::size_t kBlockSize = 1 << 20;

bool isBlank(char c) {
    return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view text) {
    while (!text.empty() && isBlank(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && isBlank(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    return out;
}

bool isNan(std::string_view text) {
    const std::string name = lower(text);
    return name == "nan" || name == "-nan" || name == "+nan";
}

bool isInfinity(std::string_view text) {
    std::string name = lower(text);
    if (!name.empty() && (name.front() == '-' || name.front() == '+')) {
        name.erase(0, 1);
    }
    return name == "inf" || name == "infinity";
}

}  // namespace

CsvSource::CsvSource(std::string path) : m_path(std::move(path)), m_buffer(kBlockSize) {
    m_file.reset(std::fopen(m_path.c_str(), "rb"));
    if (!m_file) {
        throw DataError(m_path, 0, "cannot open file");
    }
    readHeader();
}

void CsvSource::fail(const std::string& reason) const {
    throw DataError(m_path, m_line, reason);
}

Symbol CsvSource::symbolFromPath(const std::string& path) {
    std::string stem = std::filesystem::path(path).filename().string();
    stem = stem.substr(0, stem.find_first_of("_."));
    std::transform(stem.begin(), stem.end(), stem.begin(), [](char c) {
        return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    });
    return Symbol(stem.empty() ? std::string("DATA") : stem);
}

bool CsvSource::readLine(char*& begin, char*& end) {
    while (true) {
        char* start = m_buffer.data() + m_begin;
        const std::size_t available = m_end - m_begin;
        if (auto* newline = static_cast<char*>(std::memchr(start, '\n', available))) {
            begin = start;
            end = newline;
            m_begin += static_cast<std::size_t>(newline - start) + 1;
            break;
        }
        if (m_eof) {
            if (available == 0) {
                return false;
            }
            begin = start;
            end = start + available;
            m_begin = m_end;
            break;
        }
        // Keep the partial line, make room behind it and read the next block.
        if (m_begin > 0) {
            std::memmove(m_buffer.data(), start, available);
            m_begin = 0;
            m_end = available;
        }
        if (m_end == m_buffer.size()) {
            m_buffer.resize(m_buffer.size() * 2);
        }
        const std::size_t got =
            std::fread(m_buffer.data() + m_end, 1, m_buffer.size() - m_end, m_file.get());
        if (got == 0) {
            if (std::ferror(m_file.get())) {
                throw DataError(m_path, m_line + 1,
                                std::string("read error: ") + std::strerror(errno));
            }
            m_eof = true;
        }
        m_end += got;
    }
    ++m_line;
    if (end > begin && end[-1] == '\r') {
        --end;
    }
    return true;
}

void CsvSource::split(char* begin, char* end) {
    m_fields.clear();
    char* p = begin;
    while (true) {
        while (p < end && isBlank(*p)) {
            ++p;
        }
        if (p < end && *p == '"') {
            // Unescape in place: the text only ever shrinks, so the field
            // stays inside this line's bytes and the view needs no copy.
            ++p;
            char* const start = p;
            char* out = p;
            bool closed = false;
            while (p < end) {
                if (*p == '"') {
                    if (p + 1 < end && p[1] == '"') {
                        *out++ = '"';
                        p += 2;
                        continue;
                    }
                    ++p;
                    closed = true;
                    break;
                }
                *out++ = *p++;
            }
            if (!closed) {
                fail("field " + std::to_string(m_fields.size() + 1) + " has an unterminated quote");
            }
            while (p < end && isBlank(*p)) {
                ++p;
            }
            if (p < end && *p != ',') {
                fail("field " + std::to_string(m_fields.size() + 1) +
                     " has text after its closing quote");
            }
            m_fields.push_back(
                trim(std::string_view(start, static_cast<std::size_t>(out - start))));
        } else {
            auto* comma =
                static_cast<char*>(std::memchr(p, ',', static_cast<std::size_t>(end - p)));
            if (comma == nullptr) {
                comma = end;
            }
            m_fields.push_back(trim(std::string_view(p, static_cast<std::size_t>(comma - p))));
            p = comma;
        }
        if (p >= end) {
            return;
        }
        ++p;  // the comma
    }
}

void CsvSource::readHeader() {
    char* begin = nullptr;
    char* end = nullptr;
    bool found = false;
    while (readLine(begin, end)) {
        if (m_line == 1 && end - begin >= 3 && std::memcmp(begin, "\xEF\xBB\xBF", 3) == 0) {
            begin += 3;
        }
        if (!trim(std::string_view(begin, static_cast<std::size_t>(end - begin))).empty()) {
            found = true;
            break;
        }
    }
    if (!found) {
        m_line = 1;
        fail("empty file: no header row");
    }
    m_header.assign(begin, end);
    split(begin, end);
    for (const auto name : m_fields) {
        m_names.push_back(lower(name));
    }
}

std::optional<std::size_t> CsvSource::find(std::span<const std::string_view> aliases) const {
    for (std::size_t i = 0; i < m_names.size(); ++i) {
        if (std::find(aliases.begin(), aliases.end(), m_names[i]) != aliases.end()) {
            return i;
        }
    }
    return std::nullopt;
}

std::size_t CsvSource::require(std::string_view name,
                               std::span<const std::string_view> aliases) const {
    const auto index = find(aliases);
    if (!index) {
        throw DataError(
            m_path, m_line,
            "missing required column '" + std::string(name) + "' (header: " + m_header + ")");
    }
    return *index;
}

bool CsvSource::next() {
    char* begin = nullptr;
    char* end = nullptr;
    while (readLine(begin, end)) {
        if (trim(std::string_view(begin, static_cast<std::size_t>(end - begin))).empty()) {
            continue;  // a blank line (often the last one) carries no data
        }
        split(begin, end);
        if (m_fields.size() != m_names.size()) {
            fail("expected " + std::to_string(m_names.size()) + " fields, found " +
                 std::to_string(m_fields.size()));
        }
        return true;
    }
    return false;
}

Timestamp CsvSource::timestamp(std::size_t index) const {
    const std::string_view text = m_fields[index];
    const auto ts = parseTimestamp(text);
    if (!ts) {
        fail("invalid timestamp '" + std::string(text) + "'");
    }
    return *ts;
}

Price CsvSource::price(std::size_t index, std::string_view label) const {
    const std::string_view text = m_fields[index];
    const auto value = Price::parse(text);
    if (value && value->raw() > 0) {
        return *value;
    }
    const std::string what(label);
    if (!value) {
        if (isNan(text)) {
            fail("NaN " + what);
        }
        if (isInfinity(text)) {
            fail("infinite " + what);
        }
        fail("invalid " + what + " '" + std::string(text) + "'");
    }
    fail((value->raw() < 0 ? "negative " : "zero ") + what + " " + std::string(text));
}

Quantity CsvSource::quantity(std::size_t index, std::string_view label) const {
    const std::string_view text = m_fields[index];
    const auto value = Quantity::parse(text);
    if (!value || value->raw() < 0) {
        fail("invalid " + std::string(label) + " '" + std::string(text) + "'");
    }
    return *value;
}

CsvKind detectCsvKind(const std::string& path) {
    const CsvSource source(path);
    const bool open = source.find(csv_columns::kOpen).has_value();
    const bool high = source.find(csv_columns::kHigh).has_value();
    const bool low = source.find(csv_columns::kLow).has_value();
    const bool close = source.find(csv_columns::kClose).has_value();
    if (open && high && low && close) {
        return CsvKind::kBars;
    }
    if (source.find(csv_columns::kPrice)) {
        return CsvKind::kTicks;
    }
    return open || high || low || close ? CsvKind::kBars : CsvKind::kTicks;
}

}  // namespace causeway::engine
