#pragma once

#include <QJsonObject>

#include <map>
#include <stdexcept>
#include <string>

namespace causeway::engine {

// Where workers with the state_persistence capability keep what they carry
// from one flow to the next (a breakout's stop and target, a pending
// setup), one JSON object per worker, in the strategy's scope. The store
// belongs to the session, not to the executor: an executor restarted after
// a failure gets the same store back and its workers continue where they
// were. Workers without the capability are never handed it.
class StateStore final {
public:
    // Empty when the worker has stored nothing.
    QJsonObject get(const std::string& worker) const;
    // An empty object forgets the worker's state.
    void put(const std::string& worker, QJsonObject state);
    std::size_t size() const { return m_states.size(); }

private:
    std::map<std::string, QJsonObject, std::less<>> m_states;
};

// The process() of a worker whose state lives in the StateStore: loads the
// state, lets `decide` work on it, stores it back when it changed. `Worker`
// provides name(), static State load(const QJsonObject&), static QJsonObject
// save(const State&) and decide(State&, const FlowContext&).
template <class Worker, class Flow>
auto withStoredState(Worker& worker, const Flow& flow) {
    if (flow.state == nullptr) {
        throw std::logic_error("worker '" + worker.name() + "' runs without its state store");
    }
    const QJsonObject stored = flow.state->get(worker.name());
    auto state = Worker::load(stored);
    auto envelope = worker.decide(state, flow);
    QJsonObject updated = Worker::save(state);
    if (updated != stored) {
        flow.state->put(worker.name(), std::move(updated));
    }
    return envelope;
}

}  // namespace causeway::engine
