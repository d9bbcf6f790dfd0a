// causeway-cli: the engine without a window. Tests and scripts depend on its
// options, output and exit codes exactly (DESIGN.md, command-line contract).

#include <QCoreApplication>

#include <cstdio>
#include <exception>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "causeway_version.h"
#include "cli_commands.h"
#include "engine/data/data_error.h"
#include "engine/runtime/logging.h"
#include "engine/storage/storage_error.h"

namespace {

constexpr const char* kUsage = R"(usage: causeway-cli COMMAND [OPTIONS]

Commands:
  backtest --data BARS.csv --strategy NAME [--param KEY=VALUE]... [--data MORE.csv]...
           [--timeframe TF] [--detail [SYMBOL=]FINER.csv]... [--threads N]
           [--cash X] [--fee-bps X] [--slippage-bps X] [--risk KEY=VALUE]...
           [--risk-free-rate R] --db RUN.sqlite [--report R.html] [--export DIR] [--json]
                          run a strategy over bar or tick data of one or more symbols; ledger
                          and journal go to RUN.sqlite; statistics, HTML report, CSV exports
  optimize --data BARS.csv --strategy NAME --grid KEY=FROM:TO:STEP|KEY=V1,V2...
           [--samples N [--seed S]] [--objective sharpe|sortino|calmar|net_pnl|return_pct|
           profit_factor] [--walk-forward IN:OUT] [--threads N] [--top N] [--report R.html]
           [--json] and backtest's data, account and exchange options
                          grid or random search over a strategy's parameters, in parallel;
                          with --walk-forward (e.g. 730d:180d) rolling in-sample optimization
                          and out-of-sample test
  trades --db RUN.sqlite [--json]
                          closed round trips of a run
  story --db RUN.sqlite (--order ID | --trade ID) [--json]
                          why an order (or every order of a trade) happened and how it filled
  positions --db RUN.sqlite [--symbol S] [--strategy NAME] [--lots] [--json]
                          positions per strategy and symbol at the last bar: average cost,
                          unrealized, realized (average cost and FIFO), fees, open lots
  analyze --db RUN.sqlite --by origin|signal|algorithm|strategy|regime [--json]
                          win rate, expectancy and slippage of a run, grouped by cause
  verify --db RUN.sqlite  integrity check and reconciliation of a run's ledger and journal;
                          exit 5 and one line per problem when it does not reconcile
  diff --db A.sqlite --db B.sqlite [--json]
                          trade-by-trade comparison of two runs through their causality
                          chains: matched, only in A or B, the first divergence and why,
                          settings that differ; exit 0 whether or not they differ
  session --workspace DIR [--duration SECONDS] [--db RUN.sqlite] [--fresh] [--json]
                          paper session of a workspace; continues an unfinished one in the db
  strategies [--json]     built-in strategies and their parameter schemas
  indicators --data BARS.csv --spec SPEC[,SPEC...] [--out OUT.csv]
                          indicator values per bar, e.g. --spec sma:20,rsi:14,macd:12:26:9
  resample --data TICKS_OR_BARS.csv --timeframe TF [--out OUT.csv]
                          OHLCV bars of ticks or bars at a coarser timeframe (1m, 5m, 1h, 1d, ...)
  dag --config FILE       the DAG a workspace's strategies run, as Graphviz DOT

Options:
  --help                  this text
  --version               the version

Exit codes: 0 ok, 2 usage, 3 bad input data, 4 storage error,
5 the run does not reconcile (verify), 130 interrupted (Ctrl-C; what ran is kept).
)";

}  // namespace

int main(int argc, char* argv[]) {
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("causeway-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(CAUSEWAY_VERSION));
    causeway::engine::setupLogging(
        qEnvironmentVariable("CAUSEWAY_LOG_LEVEL", QStringLiteral("warn")).toStdString());

    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty()) {
        std::fputs(kUsage, stderr);
        return causeway::app::kUsage;
    }
    const std::string command = args.front();
    if (command == "--help" || command == "-h" || command == "help") {
        std::fputs(kUsage, stdout);
        return causeway::app::kOk;
    }
    if (command == "--version") {
        std::printf("causeway-cli %s\n", CAUSEWAY_VERSION);
        return causeway::app::kOk;
    }
    const std::map<std::string, std::function<int(const std::vector<std::string>&)>> commands{
        {"backtest", causeway::app::runBacktest},
        {"optimize", causeway::app::runOptimize},
        {"trades", causeway::app::runTrades},
        {"story", causeway::app::runStory},
        {"analyze", causeway::app::runAnalyze},
        {"verify", causeway::app::runVerify},
        {"strategies", causeway::app::runStrategies},
        {"resample", causeway::app::runResample},
        {"dag", causeway::app::runDag},
        {"indicators", causeway::app::runIndicators},
        {"session", causeway::app::runSession},
        {"positions", causeway::app::runPositions},
        {"diff", causeway::app::runDiff},
    };
    const auto it = commands.find(command);
    if (it == commands.end()) {
        std::fprintf(stderr, "causeway-cli: unknown command '%s'\n\n%s", command.c_str(), kUsage);
        return causeway::app::kUsage;
    }
    try {
        return it->second(std::vector<std::string>(args.begin() + 1, args.end()));
    } catch (const causeway::app::UsageError& error) {
        std::fprintf(stderr, "causeway-cli %s: %s\n", command.c_str(), error.what());
        return causeway::app::kUsage;
    } catch (const std::invalid_argument& error) {
        std::fprintf(stderr, "causeway-cli %s: %s\n", command.c_str(), error.what());
        return causeway::app::kUsage;
    } catch (const causeway::engine::DataError& error) {
        std::fprintf(stderr, "causeway-cli %s: %s\n", command.c_str(), error.what());
        return causeway::app::kBadData;
    } catch (const causeway::engine::StorageError& error) {
        std::fprintf(stderr, "causeway-cli %s: %s\n", command.c_str(), error.what());
        return causeway::app::kStorage;
    } catch (const std::exception& error) {
        std::fprintf(stderr, "causeway-cli %s: internal error: %s\n", command.c_str(),
                     error.what());
        return 1;
    }
}
