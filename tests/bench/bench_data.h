#pragma once

// Inputs shared by the benchmarks: generated once per process, deterministic,
// in a private temporary directory removed at exit.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "engine/core/market_data.h"

namespace causeway::bench {

inline constexpr std::int64_t kRows = 1'000'000;

// A temporary directory that removes itself.
class TempDir final {
public:
    TempDir()
        : m_path(std::filesystem::temp_directory_path() /
                 ("causeway_bench_" + std::to_string(::getpid()))) {
        std::filesystem::create_directories(m_path);
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(m_path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::string file(const std::string& name) const { return (m_path / name).string(); }

private:
    std::filesystem::path m_path;
};

inline TempDir& tempDir() {
    static TempDir dir;
    return dir;
}

// A small deterministic random walk in hundredths: no library distribution,
// so the files are the same everywhere.
class Walk final {
public:
    std::int64_t next() {
        m_state = m_state * 6364136223846793005ULL + 1442695040888963407ULL;
        m_cents += static_cast<std::int64_t>(m_state >> 62) - 1;  // -1, 0, +1, +2
        m_cents -= m_cents > 20'000 ? 2 : 0;
        m_cents = m_cents < 1'000 ? 1'000 : m_cents;
        return m_cents;
    }
    std::uint64_t raw() const { return m_state; }

private:
    std::uint64_t m_state = 42;
    std::int64_t m_cents = 10'000;
};

inline std::string cents(std::int64_t value) {
    char buffer[32];
    const int n =
        std::snprintf(buffer, sizeof buffer, "%lld.%02lld", static_cast<long long>(value / 100),
                      static_cast<long long>(value % 100));
    return {buffer, static_cast<std::size_t>(n)};
}

// kRows one-minute bars from 2020-01-01, ISO 8601 timestamps:
// "2020-01-01T00:00:00Z,100.00,100.02,99.98,100.01,1234".
inline const std::string& barFile() {
    static const std::string path = [] {
        const std::string file = tempDir().file("bars_1m.csv");
        std::ofstream out(file, std::ios::binary);
        out << "timestamp,open,high,low,close,volume\n";
        Walk walk;
        const engine::Timestamp start = 1'577'836'800LL * engine::kNanosPerSecond;
        for (std::int64_t i = 0; i < kRows; ++i) {
            const std::int64_t open = walk.next();
            const std::int64_t close = walk.next();
            const std::int64_t high = std::max(open, close) + 2;
            const std::int64_t low = std::min(open, close) - 2;
            out << engine::formatIso8601(start + i * 60 * engine::kNanosPerSecond) << ','
                << cents(open) << ',' << cents(high) << ',' << cents(low) << ',' << cents(close)
                << ',' << (walk.raw() >> 50) << '\n';
        }
        return file;
    }();
    return path;
}

// kRows trades, epoch milliseconds, a size and a side:
// "1577836800000,100.01,3,buy".
inline const std::string& tickFile() {
    static const std::string path = [] {
        const std::string file = tempDir().file("ticks.csv");
        std::ofstream out(file, std::ios::binary);
        out << "timestamp,price,size,side\n";
        Walk walk;
        for (std::int64_t i = 0; i < kRows; ++i) {
            out << 1'577'836'800'000LL + i * 250 << ',' << cents(walk.next()) << ','
                << (walk.raw() >> 60) + 1 << ',' << ((walk.raw() >> 59) & 1 ? "buy" : "sell")
                << '\n';
        }
        return file;
    }();
    return path;
}

// kRows one-minute candles in memory, the same walk as barFile().
inline std::vector<engine::Candle> minuteBars(std::int64_t count = kRows) {
    std::vector<engine::Candle> bars(static_cast<std::size_t>(count));
    Walk walk;
    const engine::Symbol symbol("BENCH");
    const engine::Timestamp start = 1'577'836'800LL * engine::kNanosPerSecond;
    for (std::int64_t i = 0; i < count; ++i) {
        engine::Candle& bar = bars[static_cast<std::size_t>(i)];
        const std::int64_t open = walk.next();
        const std::int64_t close = walk.next();
        bar.symbol = symbol;
        bar.ts = start + i * 60 * engine::kNanosPerSecond;
        bar.timeframe = engine::Timeframe{60 * engine::kNanosPerSecond};
        bar.open = engine::Price::fromRaw(open * 1'000'000);
        bar.close = engine::Price::fromRaw(close * 1'000'000);
        bar.high = engine::Price::fromRaw((std::max(open, close) + 2) * 1'000'000);
        bar.low = engine::Price::fromRaw((std::min(open, close) - 2) * 1'000'000);
        bar.volume = engine::Quantity::fromInt(static_cast<std::int64_t>(walk.raw() >> 50));
    }
    return bars;
}

inline std::int64_t fileBytes(const std::string& path) {
    return static_cast<std::int64_t>(std::filesystem::file_size(path));
}

// Resident set size of this process, from /proc/self/statm.
inline std::int64_t residentBytes() {
    std::ifstream statm("/proc/self/statm");
    std::int64_t size = 0;
    std::int64_t resident = 0;
    statm >> size >> resident;
    return resident * ::sysconf(_SC_PAGESIZE);
}

}  // namespace causeway::bench
