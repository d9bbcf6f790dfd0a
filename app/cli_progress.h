#pragma once

#include <QElapsedTimer>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace causeway::app {

// A progress bar on standard error, drawn only when it is a terminal and
// at most ten times a second; finish() clears it. Any thread may call
// update(), one at a time or not.
class TerminalProgress final {
public:
    // `unit`: what is counted ("bars", "runs").
    explicit TerminalProgress(std::string unit);
    ~TerminalProgress();

    bool enabled() const { return m_enabled; }
    void update(std::int64_t done, std::int64_t total);
    // A line of text in the bar's place (what a long step is doing).
    void message(const std::string& text);
    void finish();

private:
    std::string m_unit;
    bool m_enabled = false;
    bool m_drawn = false;
    std::mutex m_mutex;
    QElapsedTimer m_clock;
    std::int64_t m_lastDraw = -1;
};

// Ctrl-C (SIGINT) sets the returned flag instead of killing the process,
// so a long run stops after its current bar and still writes what it did;
// a second Ctrl-C ends the process at once. Lasts as long as the guard.
class InterruptGuard final {
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    const std::shared_ptr<std::atomic_bool>& flag() const { return m_flag; }
    bool interrupted() const { return m_flag->load(); }

private:
    std::shared_ptr<std::atomic_bool> m_flag;
};

// The exit code of a run the user interrupted (128 + SIGINT, as shells do).
inline constexpr int kInterrupted = 130;

}  // namespace causeway::app
