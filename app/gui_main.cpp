// causeway: the desktop workstation.
//   causeway [--workspace DIR] [--demo] [--lang CODE]

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>
#include <QLibraryInfo>
#include <QLocale>
#include <QTimer>
#include <QTranslator>

#include <cstdio>

#include "causeway_version.h"
#include "resources/bundled_resources.h"
#include "ui/main_window.h"

namespace {

// --lang has to be known before the parser is built, so that --help is
// already in the chosen language.
QString requestedLanguage(const QStringList& arguments) {
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString& argument = arguments.at(i);
        if ((argument == QLatin1String("--lang") || argument == QLatin1String("-lang")) &&
            i + 1 < arguments.size()) {
            return arguments.at(i + 1);
        }
        if (argument.startsWith(QLatin1String("--lang="))) {
            return argument.mid(7);
        }
    }
    return {};
}

// Our own strings from the resource, Qt's (standard dialogs) from the
// system. An explicit --lang we have no translation for is reported; a
// system locale without one silently stays English.
bool installTranslations(QApplication& app, const QString& language) {
    const QLocale locale = language.isEmpty() ? QLocale() : QLocale(language);
    auto* own = new QTranslator(&app);
    const bool loaded = own->load(locale, QStringLiteral("causeway"), QStringLiteral("_"),
                                  QStringLiteral(":/i18n"));
    if (!language.isEmpty()) {
        if (!loaded && locale.language() != QLocale::English) {
            return false;
        }
        QLocale::setDefault(locale);
    }
    if (loaded) {
        QApplication::installTranslator(own);
    }
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QApplication::installTranslator(qt);
    }
    return true;
}

}  // namespace

int main(int argc, char* argv[]) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("causeway"));
    QApplication::setApplicationDisplayName(QStringLiteral("Causeway"));
    QApplication::setApplicationVersion(QStringLiteral(CAUSEWAY_VERSION));
    QApplication::setDesktopFileName(QStringLiteral(CAUSEWAY_APP_ID));
    QApplication::setWindowIcon(QIcon(causeway::resources::applicationIcon()));

    const QString language = requestedLanguage(QApplication::arguments());
    const bool languageFound = installTranslations(app, language);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate(
        "main", "Causeway: a desktop trading workstation. Every trade explainable."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption workspaceOption(
        QStringLiteral("workspace"),
        QApplication::translate("main",
                                "Use DIR as the workspace: the demo runs there, and a "
                                "run database found there (demo.sqlite or run.sqlite) "
                                "is shown on start."),
        QApplication::translate("main", "DIR"));
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QApplication::translate("main",
                                "Start the demo: a paper session on the bundled S&P 500 "
                                "daily bars."));
    const QCommandLineOption langOption(
        QStringLiteral("lang"),
        QApplication::translate("main", "User interface language, e.g. de or en."),
        QApplication::translate("main", "CODE"));
    parser.addOption(workspaceOption);
    parser.addOption(demoOption);
    parser.addOption(langOption);
    parser.process(app);

    if (!languageFound) {
        std::fprintf(stderr, "causeway: no translation for language '%s'; using English\n",
                     qPrintable(language));
    }

    causeway::ui::MainWindow window(parser.value(workspaceOption));
    window.show();
    if (parser.isSet(demoOption)) {
        // once the event loop runs, so a failure to start shows over the window
        QTimer::singleShot(0, &window, [&window] { window.startDemo(); });
    } else {
        window.openWorkspaceRun();
    }
    return QApplication::exec();
}
