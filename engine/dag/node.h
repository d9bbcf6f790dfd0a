#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace causeway::engine {

class Graph;

// A computation in the per-symbol DAG. A node names the nodes it reads; the
// Graph validates the names, orders the nodes and calls compute() once per
// event that reaches it, after all its inputs have computed.
//
// A compute that produced nothing new calls markUnchanged(): the nodes that
// read only unchanged inputs are then skipped for this event. That is what
// makes cross-timeframe graphs work: a 15m bar node reading the 1m bars
// changes once per 15 minutes, and its indicators run only then.
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

protected:
    void markUnchanged() { m_unchanged = true; }

private:
    friend class Graph;
    std::string m_id;
    std::vector<std::string> m_inputs;
    // Filled by the Graph: the input nodes, and the propagation in which
    // this node last changed.
    std::vector<const Node*> m_inputNodes;
    std::uint64_t m_changedIn = 0;
    bool m_unchanged = false;
};

}  // namespace causeway::engine
