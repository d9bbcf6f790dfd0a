#include "cli_output.h"

#include <cstdio>

#include "engine/storage/storage_error.h"

namespace causeway::app {

CliOutput::CliOutput(const std::string& path) : m_path(path) {
    if (!path.empty()) {
        m_file = std::make_unique<QSaveFile>(QString::fromStdString(path));
        if (!m_file->open(QIODevice::WriteOnly)) {
            fail();
        }
    }
}

void CliOutput::write(std::string_view text) {
    if (m_file) {
        if (m_file->write(text.data(), static_cast<qint64>(text.size())) !=
            static_cast<qint64>(text.size())) {
            fail();
        }
    } else {
        std::fwrite(text.data(), 1, text.size(), stdout);
    }
}

void CliOutput::commit() {
    if (m_file) {
        if (!m_file->commit()) {
            fail();
        }
    } else if (std::fflush(stdout) != 0) {
        throw engine::StorageError("cannot write to standard output");
    }
}

void CliOutput::fail() const {
    throw engine::StorageError("cannot write " + m_path + ": " +
                               m_file->errorString().toStdString());
}

}  // namespace causeway::app
