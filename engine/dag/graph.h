#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/dag/node.h"

namespace causeway::engine {

class DagError final : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Owns the nodes, validates the graph once (missing inputs, cycles) and
// precomputes for every node the impacted set in topological order, so an
// event runs exactly the nodes downstream of it, each once.
class Graph final {
public:
    Node& add(std::unique_ptr<Node> node);
    template <class T, class... Args>
    T& emplace(Args&&... args) {
        return static_cast<T&>(add(std::make_unique<T>(std::forward<Args>(args)...)));
    }

    // Throws DagError naming the node and input, or the nodes of a cycle.
    void finalize();

    Node* find(const std::string& id) const;
    template <class T>
    T& input(const Node& node, std::size_t index) const;

    // Runs `source` and then, in topological order, every node downstream
    // of it that has at least one input changed by this propagation (see
    // Node::markUnchanged). Returns how many nodes computed.
    std::size_t propagate(Node& source) const;
    const std::vector<Node*>& order() const { return m_order; }
    const std::vector<Node*>& impactedBy(const Node& source) const;
    // Graphviz DOT of the graph, nodes in topological order, one edge per input.
    std::string toDot(const std::string& name = "causeway") const;

private:
    std::vector<std::unique_ptr<Node>> m_nodes;
    std::unordered_map<std::string, Node*> m_byId;
    std::vector<Node*> m_order;
    std::unordered_map<const Node*, std::vector<Node*>> m_impacted;
    bool m_finalized = false;
    mutable std::uint64_t m_propagation = 0;
};

template <class T>
T& Graph::input(const Node& node, std::size_t index) const {
    const std::string& name = node.inputs().at(index);
    auto* typed = dynamic_cast<T*>(find(name));
    if (typed == nullptr) {
        throw DagError("node '" + node.id() + "': input '" + name + "' has the wrong type");
    }
    return *typed;
}

}  // namespace causeway::engine
