#include "cli_progress.h"

#include <unistd.h>

#include <csignal>
#include <cstdio>

namespace causeway::app {

TerminalProgress::TerminalProgress(std::string unit)
    : m_unit(std::move(unit)), m_enabled(isatty(STDERR_FILENO) == 1) {
    m_clock.start();
}

TerminalProgress::~TerminalProgress() {
    finish();
}

void TerminalProgress::update(std::int64_t done, std::int64_t total) {
    if (!m_enabled || total <= 0) {
        return;
    }
    const std::lock_guard lock(m_mutex);
    const std::int64_t now = m_clock.elapsed();
    if (m_lastDraw >= 0 && now - m_lastDraw < 100 && done < total) {
        return;
    }
    m_lastDraw = now;
    constexpr int kWidth = 30;
    const double share = static_cast<double>(done) / static_cast<double>(total);
    const int filled = static_cast<int>(share * kWidth);
    char bar[kWidth + 1];
    for (int i = 0; i < kWidth; ++i) {
        bar[i] = i < filled ? '#' : '.';
    }
    bar[kWidth] = '\0';
    std::fprintf(stderr, "\r[%s] %5.1f%%  %lld / %lld %s  %.1f s ", bar, share * 100.0,
                 static_cast<long long>(done), static_cast<long long>(total), m_unit.c_str(),
                 static_cast<double>(now) / 1000.0);
    std::fflush(stderr);
    m_drawn = true;
}

void TerminalProgress::message(const std::string& text) {
    if (!m_enabled) {
        return;
    }
    const std::lock_guard lock(m_mutex);
    std::fprintf(stderr, "\r\033[K%s  %.1f s ", text.c_str(),
                 static_cast<double>(m_clock.elapsed()) / 1000.0);
    std::fflush(stderr);
    m_drawn = true;
}

void TerminalProgress::finish() {
    const std::lock_guard lock(m_mutex);
    if (m_drawn) {
        std::fprintf(stderr, "\r\033[K");
        std::fflush(stderr);
        m_drawn = false;
    }
}

namespace {

// The flag of the live guard; the handler only stores to it (lock-free).
std::atomic<std::atomic_bool*> g_interruptFlag{nullptr};

extern "C" void onInterrupt(int) {
    std::atomic_bool* flag = g_interruptFlag.load();
    if (!flag || flag->exchange(true)) {
        std::signal(SIGINT, SIG_DFL);
        std::raise(SIGINT);
    }
}

}  // namespace

InterruptGuard::InterruptGuard() : m_flag(std::make_shared<std::atomic_bool>(false)) {
    g_interruptFlag.store(m_flag.get());
    std::signal(SIGINT, onInterrupt);
}

InterruptGuard::~InterruptGuard() {
    std::signal(SIGINT, SIG_DFL);
    g_interruptFlag.store(nullptr);
}

}  // namespace causeway::app
