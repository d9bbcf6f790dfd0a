#pragma once

#include <QSaveFile>

#include <memory>
#include <string>
#include <string_view>

namespace causeway::app {

// Where a command's text output goes: standard output, or — all or
// nothing — the file given with --out (QSaveFile: a failed run leaves no
// partial file behind). A write failure throws StorageError (exit 4).
class CliOutput final {
public:
    // Empty path: standard output.
    explicit CliOutput(const std::string& path);

    void write(std::string_view text);
    // Makes the file appear (or flushes standard output).
    void commit();

private:
    [[noreturn]] void fail() const;

    std::string m_path;
    std::unique_ptr<QSaveFile> m_file;
};

}  // namespace causeway::app
