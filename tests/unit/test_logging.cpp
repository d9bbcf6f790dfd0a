#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <spdlog/spdlog.h>

#include <sstream>
#include <thread>

#include <unistd.h>

#include "engine/core/correlation.h"
#include "engine/runtime/logging.h"

using namespace causeway::engine;

class TestLogging final : public QObject {
    Q_OBJECT

private:
    // Outlives every logger pointed at it: reset between tests, never destroyed
    // while a sink writes to it.
    std::ostringstream m_out;

    QStringList lines() const {
        return QString::fromStdString(m_out.str()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    }

    QJsonObject json(const QString& line) const {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(line.toUtf8(), &error);
        if (error.error != QJsonParseError::NoError || !document.isObject()) {
            qFatal("not a JSON object (%s): %s", qPrintable(error.errorString()), qPrintable(line));
        }
        return document.object();
    }

    void setup(LogFormat format, std::string level = "info",
               std::map<std::string, std::string> components = {}) {
        m_out.str({});
        LoggingConfig config;
        config.level = std::move(level);
        config.format = format;
        config.components = std::move(components);
        setupLogging(config, m_out);
    }

private Q_SLOTS:
    void cleanupTestCase() { setupLogging(LoggingConfig{}); }

    void jsonLinesCarryEveryFieldEscaped() {
        setup(LogFormat::kJson);
        const std::string message = "quote \" backslash \\ newline \n tab \t bell \x07 Zürich €";
        {
            const CorrelationScope flow("CDL_MSFT_1d_20010102");
            componentLogger("storage")->info("{}", message);
        }
        componentLogger("storage")->warn("invalid UTF-8 \xff here");
        spdlog::error("from the default logger");

        const QStringList all = lines();
        QCOMPARE(all.size(), 3);
        const QJsonObject first = json(all[0]);
        QCOMPARE(first.keys(),
                 (QStringList{QStringLiteral("component"), QStringLiteral("correlation_id"),
                              QStringLiteral("level"), QStringLiteral("msg"),
                              QStringLiteral("thread"), QStringLiteral("ts")}));
        QCOMPARE(first[QStringLiteral("msg")].toString(), QString::fromStdString(message));
        QCOMPARE(first[QStringLiteral("level")].toString(), QStringLiteral("info"));
        QCOMPARE(first[QStringLiteral("component")].toString(), QStringLiteral("storage"));
        QCOMPARE(first[QStringLiteral("correlation_id")].toString(),
                 QStringLiteral("CDL_MSFT_1d_20010102"));
        QCOMPARE(first[QStringLiteral("thread")].toInteger(), static_cast<qint64>(gettid()));
        const QString ts = first[QStringLiteral("ts")].toString();
        QVERIFY2(ts.endsWith(QLatin1Char('Z')), qPrintable(ts));
        const QDateTime time = QDateTime::fromString(ts, Qt::ISODateWithMs);
        QVERIFY2(time.isValid(), qPrintable(ts));
        QCOMPARE(time.timeSpec(), Qt::UTC);
        QVERIFY(qAbs(time.msecsTo(QDateTime::currentDateTimeUtc())) < 60'000);

        const QJsonObject second = json(all[1]);
        QCOMPARE(second[QStringLiteral("msg")].toString(),
                 QStringLiteral("invalid UTF-8 \ufffd here"));
        QCOMPARE(second[QStringLiteral("level")].toString(), QStringLiteral("warning"));
        QCOMPARE(second[QStringLiteral("correlation_id")].toString(), QString());
        QCOMPARE(json(all[2])[QStringLiteral("component")].toString(), QStringLiteral("causeway"));
    }

    void textLinesCarryTheCorrelationId() {
        setup(LogFormat::kText);
        {
            const CorrelationScope flow("ORD_20010122_000000_0a1b2c3d");
            componentLogger("execution")->info("order handed to the exchange");
        }
        componentLogger("execution")->info("outside any flow");
        const QStringList all = lines();
        QCOMPARE(all.size(), 2);
        const QString tid = QString::number(gettid());
        const QRegularExpression first(
            QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z info \[execution\] \[)") +
            tid +
            QStringLiteral(R"(\] \[ORD_20010122_000000_0a1b2c3d\] order handed to the exchange$)"));
        QVERIFY2(first.match(all[0]).hasMatch(), qPrintable(all[0]));
        QVERIFY2(all[1].endsWith(QStringLiteral(" [-] outside any flow")), qPrintable(all[1]));
    }

    void everyThreadLogsItsOwnFlow() {
        setup(LogFormat::kJson);
        const auto work = [](const std::string& flow) {
            const CorrelationScope scope(flow);
            for (int i = 0; i < 50; ++i) {
                componentLogger("executor")->info("{}", flow);
            }
        };
        std::thread a(work, "CDL_A");
        std::thread b(work, "CDL_B");
        a.join();
        b.join();
        const QStringList all = lines();
        QCOMPARE(all.size(), 100);
        for (const QString& line : all) {
            const QJsonObject object = json(line);
            QCOMPARE(object[QStringLiteral("correlation_id")].toString(),
                     object[QStringLiteral("msg")].toString());
        }
    }

    void componentsHaveTheirOwnLevels() {
        // a logger made before the levels are set follows them too
        const auto bus = componentLogger("bus");
        setup(LogFormat::kJson, "warn", {{"storage", "debug"}});
        componentLogger("storage")->debug("storage debug");
        componentLogger("storage")->trace("storage trace");
        bus->info("bus info");
        bus->warn("bus warn");
        spdlog::info("default info");
        QStringList messages;
        for (const QString& line : lines()) {
            messages << json(line)[QStringLiteral("msg")].toString();
        }
        QCOMPARE(messages,
                 (QStringList{QStringLiteral("storage debug"), QStringLiteral("bus warn")}));

        setup(LogFormat::kText, "info", {{"bus", "error"}});
        componentLogger("storage")->debug("storage debug");
        bus->warn("bus warn");
        componentLogger("storage")->info("storage info");
        QCOMPARE(lines().size(), 1);
        QVERIFY(lines().front().endsWith(QStringLiteral(" storage info")));
    }

    void fileSinkGetsEveryLine() {
        QTemporaryDir dir;
        LoggingConfig config;
        config.file = dir.filePath(QStringLiteral("logs/causeway.log")).toStdString();
        config.format = LogFormat::kJson;
        m_out.str({});
        setupLogging(config, m_out);
        componentLogger("storage")->info("to both");
        flushLogs();
        QFile file(QString::fromStdString(config.file));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray written = file.readAll();
        QCOMPARE(QString::fromUtf8(written).trimmed(), lines().join(QLatin1Char('\n')));
        QCOMPARE(json(QString::fromUtf8(written).trimmed())[QStringLiteral("msg")].toString(),
                 QStringLiteral("to both"));
        setup(LogFormat::kText);  // closes the file before the folder goes
    }

    void refusesUnknownLevels() {
        LoggingConfig config;
        config.level = "loud";
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, setupLogging(config, m_out));
        try {
            setupLogging(config, m_out);
        } catch (const std::invalid_argument& error) {
            QCOMPARE(std::string(error.what()),
                     std::string("unknown log level 'loud' (valid: trace, debug, info, warn, "
                                 "error, critical, off)"));
        }
        config.level = "info";
        config.components = {{"storage", "chatty"}};
        try {
            setupLogging(config, m_out);
            QFAIL("accepted");
        } catch (const std::invalid_argument& error) {
            QCOMPARE(std::string(error.what()),
                     std::string("unknown log level 'chatty' for component 'storage' (valid: "
                                 "trace, debug, info, warn, error, critical, off)"));
        }
    }

    void refusesAnUnwritableLogFile() {
        LoggingConfig config;
        config.file = "/proc/causeway/causeway.log";
        try {
            setupLogging(config, m_out);
            QFAIL("accepted");
        } catch (const std::runtime_error& error) {
            QVERIFY2(std::string(error.what())
                         .starts_with("cannot open log file '/proc/causeway/causeway.log': "),
                     error.what());
        }
    }

    void parsesComponentLevels() {
        QCOMPARE(parseComponentLevels("storage=debug, bus=WARNING"),
                 (std::map<std::string, std::string>{{"bus", "warn"}, {"storage", "debug"}}));
        QVERIFY(parseComponentLevels(" ").empty());
        const std::pair<const char*, const char*> bad[] = {
            {"storage", "expected COMPONENT=LEVEL, got 'storage'"},
            {"storage=debug,,bus=info", "expected COMPONENT=LEVEL, got ''"},
            {"storage=loud",
             "unknown log level 'loud' for component 'storage' (valid: trace, debug, info, warn, "
             "error, critical, off)"},
            {"=debug", "invalid component name '' in '=debug'"},
            {"my logger=debug", "invalid component name 'my logger' in 'my logger=debug'"},
            {"a=info,a=debug", "component 'a' given twice"},
        };
        for (const auto& [text, expected] : bad) {
            try {
                parseComponentLevels(text);
                QFAIL(text);
            } catch (const std::invalid_argument& error) {
                QCOMPARE(std::string(error.what()), std::string(expected));
            }
        }
    }

    void normalizesLevelNames() {
        QCOMPARE(normalizeLogLevel("WARNING"), std::optional<std::string>("warn"));
        QCOMPARE(normalizeLogLevel("Debug"), std::optional<std::string>("debug"));
        QCOMPARE(normalizeLogLevel("verbose"), std::optional<std::string>());
    }

    void plainLevelSetupStillWorks() {
        setupLogging(std::string("debug"));
        QCOMPARE(spdlog::default_logger()->level(), spdlog::level::debug);
        QCOMPARE(spdlog::default_logger()->name(), std::string("causeway"));
        // an unknown name falls back to warn (and says so on stderr)
        setupLogging(std::string("bogus"));
        QCOMPARE(spdlog::default_logger()->level(), spdlog::level::warn);
        QCOMPARE(componentLogger("storage")->level(), spdlog::level::warn);
    }
};

QTEST_GUILESS_MAIN(TestLogging)
#include "test_logging.moc"
