#pragma once

#include <QCoreApplication>
#include <QString>

#include "engine/runtime/session.h"

namespace causeway::ui {

// The folder the demo runs in: the bundled S&P 500 daily bars copied out of
// the binary, and the run database the demo session writes. Nothing here
// needs an account, a key or a network.
class DemoWorkspace final {
    Q_DECLARE_TR_FUNCTIONS(DemoWorkspace)

public:
    // Paced like a paper session: slow enough to watch, fast enough that
    // trades appear within seconds.
    static constexpr double kBarsPerSecond = 40.0;

    // An empty `dir` means the per-user application data folder + "/demo".
    explicit DemoWorkspace(const QString& dir = {});

    const QString& dir() const { return m_dir; }
    QString dataPath() const;
    QString dbPath() const;
    // Creates the folder, copies the data and removes the previous demo run.
    // Returns why it failed, or an empty string.
    QString prepare() const;
    engine::SessionConfig sessionConfig() const;

private:
    QString m_dir;
};

}  // namespace causeway::ui
