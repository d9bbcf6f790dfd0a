#include "ui/demo_workspace.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>
#include <QStandardPaths>

#include "resources/bundled_resources.h"

namespace causeway::ui {

DemoWorkspace::DemoWorkspace(const QString& dir)
    : m_dir(dir.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) +
                                QStringLiteral("/demo")
                          : QDir(dir).absolutePath()) {}

QString DemoWorkspace::dataPath() const {
    return QDir(m_dir).filePath(QStringLiteral("sp500_daily.csv"));
}

QString DemoWorkspace::dbPath() const {
    return QDir(m_dir).filePath(QStringLiteral("demo.sqlite"));
}

QString DemoWorkspace::prepare() const {
    if (!QDir().mkpath(m_dir)) {
        return tr("Cannot create the demo folder %1").arg(QDir::toNativeSeparators(m_dir));
    }
    QFile source(resources::sp500DailyCsv());
    if (!source.open(QIODevice::ReadOnly)) {
        return tr("The bundled demo data is missing from this build");
    }
    // Written rather than copied: a file copied out of the resource system
    // is read-only and could not be replaced by the next demo.
    QSaveFile target(dataPath());
    if (!target.open(QIODevice::WriteOnly) || target.write(source.readAll()) < 0 ||
        !target.commit()) {
        return tr("Cannot write %1: %2")
            .arg(QDir::toNativeSeparators(dataPath()), target.errorString());
    }
    for (const QString& suffix :
         {QString(), QStringLiteral("-wal"), QStringLiteral("-shm"), QStringLiteral("-journal")}) {
        const QString path = dbPath() + suffix;
        if (QFile::exists(path) && !QFile::remove(path)) {
            return tr("Cannot remove the previous demo run %1").arg(QDir::toNativeSeparators(path));
        }
    }
    return {};
}

engine::SessionConfig DemoWorkspace::sessionConfig() const {
    engine::SessionConfig config;
    config.dataPath = dataPath().toStdString();
    config.strategy = "ema_cross";
    config.dbPath = dbPath().toStdString();
    config.barsPerSecond = kBarsPerSecond;
    // the limits of the demo workspace (resources/workspaces/demo)
    config.risk = {{"max_position", "10"},     {"max_order_notional", "50000"},
                   {"max_open_orders", "4"},   {"daily_loss_limit", "5000"},
                   {"max_drawdown_pct", "25"}, {"price_band_pct", "10"}};
    return config;
}

}  // namespace causeway::ui
