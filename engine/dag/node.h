#pragma once

#include <string>
#include <vector>

namespace causeway::engine {

class Graph;

// A computation in the per-symbol DAG. A node names the nodes it reads; the
// Graph validates the names, orders the nodes and calls compute() once per
// event that reaches it, after all its inputs have computed.
class Node {
public:
    Node(std::string id, std::vector<std::string> inputs)
        : m_id(std::move(id)), m_inputs(std::move(inputs)) {}
    virtual ~Node() = default;
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;

    const std::string& id() const { return m_id; }
    const std::vector<std::string>& inputs() const { return m_inputs; }

    // Resolves typed pointers to the inputs once the graph is valid; throws
    // DagError when an input is of the wrong kind.
    virtual void bind(const Graph&) {}
    virtual void compute() = 0;

private:
    std::string m_id;
    std::vector<std::string> m_inputs;
};

}  // namespace causeway::engine
