#include <QFileInfo>
#include <QString>

#include <cstdio>

#include "cli_commands.h"
#include "engine/dag/graph.h"
#include "engine/runtime/workspace_config.h"
#include "engine/runtime/workspace_graph.h"

namespace causeway::app {

// The DAG a workspace's executors would run, as Graphviz DOT named after the
// workspace folder. A bad workspace.yaml is a ConfigError: exit 2.
int runDag(const std::vector<std::string>& rawArgs) {
    const CliArgs args(rawArgs, {{"config"}, {}, {}});
    const engine::WorkspaceConfig workspace =
        engine::WorkspaceConfig::load(args.required("config"));
    engine::Graph graph;
    engine::buildWorkspaceGraph(workspace, graph);
    const QString name = QFileInfo(QString::fromStdString(workspace.directory)).fileName();
    std::fputs(graph.toDot(name.isEmpty() ? "causeway" : name.toStdString()).c_str(), stdout);
    return kOk;
}

}  // namespace causeway::app
