#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace causeway::engine {

// Bad input data, located: what() reads "FILE:LINE: reason". The CLI maps it
// to exit code 3.
class DataError final : public std::runtime_error {
public:
    DataError(std::string file, std::int64_t line, std::string reason)
        : std::runtime_error(file + ':' + std::to_string(line) + ": " + reason),
          m_file(std::move(file)),
          m_line(line),
          m_reason(std::move(reason)) {}

    const std::string& file() const { return m_file; }
    std::int64_t line() const { return m_line; }
    const std::string& reason() const { return m_reason; }

private:
    std::string m_file;
    std::int64_t m_line;
    std::string m_reason;
};

}  // namespace causeway::engine
