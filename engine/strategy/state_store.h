#pragma once

#include <QJsonObject>

#include <map>
#include <stdexcept>
#include <string>
#include <string_view>

namespace causeway::engine {

// Where workers with the state_persistence capability keep what they carry
// from one flow to the next (a breakout's stop and target, a pending
// setup), one JSON object per worker and scope: the key is
// "<strategy>/<worker>" in the strategy scope, "global/<worker>" in the
// global one (shared by every strategy using the store). The store belongs
// to the session, not to the executor: an executor restarted after a
// failure gets the same store back and its workers continue where they
// were. Workers without the capability are never handed it.
class StateStore final {
public:
    // Empty when nothing is stored under `key`.
    QJsonObject get(std::string_view key) const;
    // An empty object forgets what is stored under `key`.
    void put(std::string_view key, QJsonObject state);
    std::size_t size() const { return m_states.size(); }
    // The key of `worker`'s state in `scope` ("strategy" or "global").
    static std::string key(const std::string& scope, const std::string& strategy,
                           const std::string& worker);

private:
    std::map<std::string, QJsonObject, std::less<>> m_states;
};

// The process() of a worker whose state lives in the StateStore: loads the
// state, lets `decide` work on it, stores it back when it changed. `Worker`
// provides name(), static State load(const QJsonObject&), static QJsonObject
// save(const State&) and decide(State&, const FlowContext&).
template <class Worker, class Flow>
auto withStoredState(Worker& worker, const Flow& flow) {
    if (flow.state == nullptr || flow.stateKey.empty()) {
        throw std::logic_error("worker '" + worker.name() + "' runs without its state store");
    }
    const QJsonObject stored = flow.state->get(flow.stateKey);
    auto state = Worker::load(stored);
    auto envelope = worker.decide(state, flow);
    QJsonObject updated = Worker::save(state);
    if (updated != stored) {
        flow.state->put(flow.stateKey, std::move(updated));
    }
    return envelope;
}

}  // namespace causeway::engine
