#include "engine/dag/graph.h"

#include <algorithm>
#include <functional>

namespace causeway::engine {

Node& Graph::add(std::unique_ptr<Node> node) {
    if (m_finalized) {
        throw DagError("node '" + node->id() + "' added after the graph was finalized");
    }
    if (m_byId.contains(node->id())) {
        throw DagError("duplicate node id '" + node->id() + "'");
    }
    Node& ref = *node;
    m_byId.emplace(ref.id(), &ref);
    m_nodes.push_back(std::move(node));
    return ref;
}

Node* Graph::find(const std::string& id) const {
    const auto it = m_byId.find(id);
    return it == m_byId.end() ? nullptr : it->second;
}

void Graph::finalize() {
    for (const auto& node : m_nodes) {
        for (const auto& input : node->inputs()) {
            if (!m_byId.contains(input)) {
                throw DagError("node '" + node->id() + "' reads missing input '" + input + "'");
            }
        }
    }
    // Depth-first topological sort in insertion order, so the order (and
    // with it every run) is deterministic.
    enum class Mark { kNone, kVisiting, kDone };
    std::unordered_map<const Node*, Mark> marks;
    std::vector<Node*> stack;
    std::function<void(Node*)> visit = [&](Node* node) {
        auto& mark = marks[node];
        if (mark == Mark::kDone) {
            return;
        }
        if (mark == Mark::kVisiting) {
            const auto start = std::find(stack.begin(), stack.end(), node);
            std::string cycle;
            for (auto it = start; it != stack.end(); ++it) {
                cycle += (*it)->id() + " -> ";
            }
            throw DagError("cycle in graph: " + cycle + node->id());
        }
        mark = Mark::kVisiting;
        stack.push_back(node);
        for (const auto& input : node->inputs()) {
            visit(m_byId.at(input));
        }
        stack.pop_back();
        marks[node] = Mark::kDone;
        m_order.push_back(node);
    };
    for (const auto& node : m_nodes) {
        visit(node.get());
    }
    std::unordered_map<const Node*, std::size_t> position;
    for (std::size_t i = 0; i < m_order.size(); ++i) {
        position[m_order[i]] = i;
    }
    // A node is impacted by a source when any of its inputs is; walking the
    // topological order once per source gives the set already sorted.
    for (Node* source : m_order) {
        std::vector<Node*> impacted{source};
        std::unordered_map<const Node*, bool> hit{{source, true}};
        for (std::size_t i = position[source] + 1; i < m_order.size(); ++i) {
            Node* node = m_order[i];
            const bool reached =
                std::any_of(node->inputs().begin(), node->inputs().end(),
                            [&](const std::string& in) { return hit.contains(m_byId.at(in)); });
            if (reached) {
                hit[node] = true;
                impacted.push_back(node);
            }
        }
        m_impacted[source] = std::move(impacted);
    }
    m_finalized = true;
    for (Node* node : m_order) {
        node->m_inputNodes.clear();
        for (const auto& input : node->inputs()) {
            node->m_inputNodes.push_back(m_byId.at(input));
        }
        node->bind(*this);
    }
}

const std::vector<Node*>& Graph::impactedBy(const Node& source) const {
    return m_impacted.at(&source);
}

std::size_t Graph::propagate(Node& source) const {
    const std::uint64_t now = ++m_propagation;
    const auto run = [now](Node& node) {
        node.m_unchanged = false;
        node.compute();
        if (!node.m_unchanged) {
            node.m_changedIn = now;
        }
    };
    const std::vector<Node*>& impacted = impactedBy(source);
    run(source);
    std::size_t computed = 1;
    for (std::size_t i = 1; i < impacted.size(); ++i) {
        Node& node = *impacted[i];
        const bool reached = std::any_of(node.m_inputNodes.begin(), node.m_inputNodes.end(),
                                         [now](const Node* in) { return in->m_changedIn == now; });
        if (reached) {
            run(node);
            ++computed;
        }
    }
    return computed;
}

std::string Graph::toDot(const std::string& name) const {
    const auto quote = [](const std::string& text) {
        std::string out = "\"";
        for (const char c : text) {
            if (c == '"' || c == '\\') {
                out += '\\';
            }
            out += c;
        }
        return out + '"';
    };
    if (!m_finalized) {
        throw DagError("graph printed before it was finalized");
    }
    std::string dot = "digraph " + quote(name) + " {\n    rankdir=LR;\n";
    for (const Node* node : m_order) {
        dot += "    " + quote(node->id()) + (node->inputs().empty() ? " [shape=box];\n" : ";\n");
    }
    for (const Node* node : m_order) {
        for (const auto& input : node->inputs()) {
            dot += "    " + quote(input) + " -> " + quote(node->id()) + ";\n";
        }
    }
    return dot + "}\n";
}

}  // namespace causeway::engine
