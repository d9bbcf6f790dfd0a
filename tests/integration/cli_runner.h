#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>
#include <QtGlobal>

// Runs the causeway-cli under test. No CAUSEWAY_* variable of the test's own
// environment leaks into it; `env` ("NAME=value") adds the ones a test wants.
namespace causeway::test {

struct CliResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

inline CliResult runCli(const QStringList& args, const QStringList& env = {}) {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString& name : environment.keys()) {
        if (name.startsWith(QLatin1String("CAUSEWAY_"))) {
            environment.remove(name);
        }
    }
    for (const QString& pair : env) {
        environment.insert(pair.section(QLatin1Char('='), 0, 0), pair.section(QLatin1Char('='), 1));
    }
    QProcess process;
    process.setProcessEnvironment(environment);
    process.start(QStringLiteral(CAUSEWAY_CLI_PATH), args);
    if (!process.waitForFinished(120'000)) {
        qFatal("causeway-cli %s did not finish", qPrintable(args.join(QLatin1Char(' '))));
    }
    return {process.exitCode(), process.readAllStandardOutput(), process.readAllStandardError()};
}

}  // namespace causeway::test
