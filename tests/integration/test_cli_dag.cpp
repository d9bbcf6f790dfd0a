#include <QDir>
#include <QFile>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include "cli_runner.h"

// `causeway-cli dag --config FILE`: the DAG of a workspace as Graphviz DOT,
// and exit code 2 with the configuration error for a workspace that is not
// valid.
class TestCliDag final : public QObject {
    Q_OBJECT

private:
    using Result = causeway::test::CliResult;

    QTemporaryDir m_dir;

    static Result cli(const QStringList& args, const QStringList& env = {}) {
        return causeway::test::runCli(args, env);
    }

    static QString demo() {
        return QDir::cleanPath(
            QStringLiteral(CAUSEWAY_RESOURCE_DATA_DIR "/../workspaces/demo/workspace.yaml"));
    }

    QString writeWorkspace(const QString& name, const QByteArray& yaml) {
        QDir(m_dir.path()).mkpath(name);
        const QString path = m_dir.filePath(name + QStringLiteral("/workspace.yaml"));
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly)) {
            qFatal("cannot write %s", qPrintable(path));
        }
        file.write(yaml);
        return path;
    }

private Q_SLOTS:
    void printsTheDemoWorkspaceGraph() {
        const Result result = cli({QStringLiteral("dag"), QStringLiteral("--config"), demo()});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.err, QByteArray());
        QCOMPARE(result.out,
                 QByteArray("digraph \"demo\" {\n"
                            "    rankdir=LR;\n"
                            "    \"candles.SP500.1d\" [shape=box];\n"
                            "    \"candles.SP500.1d.ema_10\";\n"
                            "    \"candles.SP500.1d.ema_30\";\n"
                            "    \"candles.SP500.1d.adx_14\";\n"
                            "    \"candles.SP500.1d.natr_14\";\n"
                            "    \"strategy.SP500.ema_cross\";\n"
                            "    \"candles.SP500.1d\" -> \"candles.SP500.1d.ema_10\";\n"
                            "    \"candles.SP500.1d\" -> \"candles.SP500.1d.ema_30\";\n"
                            "    \"candles.SP500.1d\" -> \"candles.SP500.1d.adx_14\";\n"
                            "    \"candles.SP500.1d\" -> \"candles.SP500.1d.natr_14\";\n"
                            "    \"candles.SP500.1d.ema_10\" -> \"strategy.SP500.ema_cross\";\n"
                            "    \"candles.SP500.1d.ema_30\" -> \"strategy.SP500.ema_cross\";\n"
                            "    \"candles.SP500.1d.adx_14\" -> \"strategy.SP500.ema_cross\";\n"
                            "    \"candles.SP500.1d.natr_14\" -> \"strategy.SP500.ema_cross\";\n"
                            "}\n"));

        // the folder holding workspace.yaml names the same workspace
        const Result folder =
            cli({QStringLiteral("dag"), QStringLiteral("--config"), QFileInfo(demo()).path()});
        QCOMPARE(folder.exitCode, 0);
        QCOMPARE(folder.out, result.out);
    }

    void theEnvironmentOverridesTheFile() {
        const Result result = cli({QStringLiteral("dag"), QStringLiteral("--config"), demo()},
                                  {QStringLiteral("CAUSEWAY_STRATEGIES_EMA_CROSS_FAST=12")});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.contains("\"candles.SP500.1d\" -> \"candles.SP500.1d.ema_12\";\n"));
        QVERIFY(
            result.out.contains("\"candles.SP500.1d.ema_12\" -> \"strategy.SP500.ema_cross\";\n"));
        QVERIFY(!result.out.contains("ema_10"));
    }

    void everySymbolWithAnEnabledStrategyIsDrawn() {
        const QString data = QStringLiteral(CAUSEWAY_RESOURCE_DATA_DIR);
        const QString path = writeWorkspace(
            QStringLiteral("two"),
            "symbols:\n"
            "  - {name: MSFT, data: " +
                data.toUtf8() +
                "/msft_daily.csv, timeframe: 1d}\n"
                "  - {name: SP500, data: " +
                data.toUtf8() +
                "/sp500_daily.csv, timeframe: 1d}\n"
                "  - {name: IDLE, data: " +
                data.toUtf8() +
                "/sp500_daily.csv, timeframe: 1d}\n"
                "strategies:\n"
                "  - {name: ema_cross, symbol: MSFT, parameters: {fast: 5, slow: 20}}\n"
                "  - {name: ema_cross, symbol: SP500}\n"
                "  - {name: ema_cross, symbol: IDLE, enabled: false}\n");
        const Result result = cli({QStringLiteral("dag"), QStringLiteral("--config"), path});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.startsWith("digraph \"two\" {\n"));
        for (const char* edge : {"\"candles.MSFT.1d\" -> \"candles.MSFT.1d.ema_5\";",
                                 "\"candles.MSFT.1d.ema_20\" -> \"strategy.MSFT.ema_cross\";",
                                 "\"candles.SP500.1d\" -> \"candles.SP500.1d.ema_30\";",
                                 "\"candles.SP500.1d.ema_10\" -> \"strategy.SP500.ema_cross\";"}) {
            QVERIFY2(result.out.contains(edge), edge);
        }
        QVERIFY(!result.out.contains("IDLE"));
    }

    void aBadWorkspaceIsAUsageError() {
        const QString path =
            writeWorkspace(QStringLiteral("bad"), "symbols: []\n\nconnector:\n  type: ftx\n");
        const Result result = cli({QStringLiteral("dag"), QStringLiteral("--config"), path});
        QCOMPARE(result.exitCode, 2);
        QCOMPARE(result.out, QByteArray());
        QCOMPARE(QString::fromUtf8(result.err),
                 QStringLiteral("causeway-cli dag: ") + path +
                     QStringLiteral(":4: connector.type: unknown connector 'ftx' (valid: sim, "
                                    "paper, binance, coinbase, binance_testnet, alpaca_paper)\n"));

        const Result env = cli({QStringLiteral("dag"), QStringLiteral("--config"), demo()},
                               {QStringLiteral("CAUSEWAY_RISK_MAX_POSITION=-3")});
        QCOMPARE(env.exitCode, 2);
        QCOMPARE(env.err, QByteArray("causeway-cli dag: environment CAUSEWAY_RISK_MAX_POSITION: "
                                     "must be a positive number, got '-3'\n"));
    }

    void aMissingFileIsAUsageError() {
        const QString path = m_dir.filePath(QStringLiteral("nowhere/workspace.yaml"));
        const Result result = cli({QStringLiteral("dag"), QStringLiteral("--config"), path});
        QCOMPARE(result.exitCode, 2);
        QCOMPARE(QString::fromUtf8(result.err),
                 QStringLiteral("causeway-cli dag: ") + path + QStringLiteral(": no such file\n"));

        const Result missing = cli({QStringLiteral("dag")});
        QCOMPARE(missing.exitCode, 2);
        QCOMPARE(missing.err, QByteArray("causeway-cli dag: missing required option --config\n"));
    }

    void helpListsTheCommand() {
        const Result help = cli({QStringLiteral("--help")});
        QVERIFY(help.out.contains("dag --config FILE"));
    }
};

QTEST_GUILESS_MAIN(TestCliDag)
#include "test_cli_dag.moc"
