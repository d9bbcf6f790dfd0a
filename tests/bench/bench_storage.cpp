// Ledger + journal writes (DESIGN.md budget: >= 200,000 rows/s batched, off
// the engine thread) and what the engine thread pays to hand a record over.
//
// The records imitate a bar replay that trades every other bar: per bar a
// bar and an equity mark; per round trip a trade, a group, an order (new,
// accepted, filled), its journal entry with a causality chain and a context
// snapshot of the pipeline's size (~1 KB), a fill, its journal entry and the
// position.

#include <benchmark/benchmark.h>

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <chrono>
#include <vector>

#include "bench_data.h"
#include "engine/storage/json_text.h"
#include "engine/storage/storage_writer.h"

namespace {

using namespace causeway;
using engine::LedgerRecord;

constexpr std::int64_t kBars = 40'000;
constexpr engine::Timestamp kMinute = 60 * engine::kNanosPerSecond;

// The shape of the pipeline's snapshot (engine/strategy), written out here
// so the benchmark does not follow every change of the DTOs.
QJsonObject flowContext(engine::Timestamp ts, const std::string& n) {
    const QString id = QString::fromStdString(n);
    const QString time = QString::fromStdString(engine::formatIso8601(ts));
    const QJsonObject signal{
        {QStringLiteral("id"), QString(QStringLiteral("SIG_") + id)},
        {QStringLiteral("timestamp"), time},
        {QStringLiteral("symbol"), QStringLiteral("BENCH")},
        {QStringLiteral("type"), QStringLiteral("ema_cross_up")},
        {QStringLiteral("direction"), QStringLiteral("buy")},
        {QStringLiteral("intent"), QStringLiteral("enter")},
        {QStringLiteral("confidence"), 1.0},
        {QStringLiteral("evidence"), QJsonObject{{QStringLiteral("fast"), 100.125},
                                                 {QStringLiteral("slow"), 100.0625},
                                                 {QStringLiteral("fast_prev"), 100.0},
                                                 {QStringLiteral("slow_prev"), 100.03125}}}};
    const QJsonObject regime{
        {QStringLiteral("regime"), QStringLiteral("trending")},
        {QStringLiteral("timestamp"), time},
        {QStringLiteral("measures"),
         QJsonObject{{QStringLiteral("adx"), 31.5}, {QStringLiteral("natr"), 1.25}}}};
    const QJsonObject directive{{QStringLiteral("id"), QString(QStringLiteral("DIR_") + id)},
                                {QStringLiteral("timestamp"), time},
                                {QStringLiteral("strategy"), QStringLiteral("ema_cross")},
                                {QStringLiteral("action"), QStringLiteral("open")},
                                {QStringLiteral("side"), QStringLiteral("buy")},
                                {QStringLiteral("rationale"),
                                 QString(QStringLiteral("enter long: ema_cross_up at ") + time)}};
    const QJsonObject plans{
        {QStringLiteral("entry"),
         QJsonObject{{QStringLiteral("id"), QString(QStringLiteral("PLN_e") + id)},
                     {QStringLiteral("order_type"), QStringLiteral("market")}}},
        {QStringLiteral("size"),
         QJsonObject{{QStringLiteral("id"), QString(QStringLiteral("PLN_s") + id)},
                     {QStringLiteral("qty"), 1.0},
                     {QStringLiteral("method"), QStringLiteral("fixed")}}},
        {QStringLiteral("exit"),
         QJsonObject{{QStringLiteral("id"), QString(QStringLiteral("PLN_x") + id)},
                     {QStringLiteral("rule"), QStringLiteral("opposite cross")}}}};
    const QJsonObject execution{
        {QStringLiteral("id"), QString(QStringLiteral("EXD_") + id)},
        {QStringLiteral("algorithm"), QStringLiteral("market")},
        {QStringLiteral("decision_price"), 100.0},
        {QStringLiteral("legs"),
         QJsonArray{QJsonObject{{QStringLiteral("side"), QStringLiteral("buy")},
                                {QStringLiteral("qty"), 1.0},
                                {QStringLiteral("closes_position"), false}}}}};
    return {{QStringLiteral("signals"), QJsonArray{signal}},
            {QStringLiteral("risks"), QJsonArray{}},
            {QStringLiteral("regime"), regime},
            {QStringLiteral("directive"), directive},
            {QStringLiteral("plans"), plans},
            {QStringLiteral("execution"), execution}};
}

std::vector<LedgerRecord> replayRecords() {
    std::vector<LedgerRecord> records;
    const engine::Symbol symbol("BENCH");
    const engine::Timeframe minute{kMinute};
    bench::Walk walk;
    engine::Order order;
    for (std::int64_t i = 0; i < kBars; ++i) {
        const engine::Timestamp ts = 1'577'836'800LL * engine::kNanosPerSecond + i * kMinute;
        const auto price = engine::Price::parse(bench::cents(walk.next())).value();
        const std::string n = std::to_string(i);
        if (i % 2 == 1) {  // the order of the previous bar fills at this open
            engine::Fill fill;
            fill.id = "FIL_" + n;
            fill.orderId = order.id;
            fill.ts = ts;
            fill.price = price;
            fill.qty = order.qty;
            fill.seq = i;
            engine::PositionRecord position;
            position.strategy = "ema_cross";
            position.symbol = symbol;
            position.qty = order.qty;
            position.avgPrice = price;
            position.ts = ts;
            records.push_back(position);
            engine::TradeRecord trade;
            trade.tradeId = order.tradeId;
            trade.strategy = "ema_cross";
            trade.symbol = symbol;
            trade.qty = order.qty;
            trade.entryTs = ts;
            trade.entryPrice = price;
            records.push_back(trade);
            records.push_back(engine::FillRecord{fill});
            order.filled = order.qty;
            order.status = engine::OrderStatus::kFilled;
            records.push_back(engine::OrderRecord{order});
            engine::CausalityChain chain;
            chain.orderIds = {order.id};
            chain.fillIds = {fill.id};
            records.push_back(engine::JournalRecord{
                "fill", ts, order.id, fill.id, chain,
                QJsonObject{{QStringLiteral("fill_id"), QString::fromStdString(fill.id)},
                            {QStringLiteral("price"), price.toDouble()}}});
        }
        records.push_back(engine::BarRecord{
            engine::Candle{symbol, engine::MessageType::kCandle, engine::kNoMetadata, ts, minute,
                           price, price, price, price, engine::Quantity::fromInt(100)}});
        if (i % 2 == 0) {  // a decision at this close
            engine::TradeRecord trade;
            trade.tradeId = "TRD_" + n;
            trade.strategy = "ema_cross";
            trade.symbol = symbol;
            trade.qty = engine::Quantity::fromInt(1);
            records.push_back(trade);
            records.push_back(engine::GroupRecord{"GRP_" + n, trade.tradeId, "entry", ts});
            order = engine::Order{};
            order.id = "ORD_" + n;
            order.tradeId = trade.tradeId;
            order.groupId = "GRP_" + n;
            order.strategy = "ema_cross";
            order.symbol = symbol;
            order.qty = trade.qty;
            order.decisionPrice = price;
            order.createdTs = order.updatedTs = ts;
            order.seq = i;
            records.push_back(engine::OrderRecord{order});
            engine::CausalityChain chain;
            chain.origin = {engine::OriginType::kCandle, "CDL_BENCH_1m_" + n, ts};
            chain.signalIds = {"SIG_" + n};
            chain.directiveId = "DIR_" + n;
            chain.planIds = {"PLN_e" + n, "PLN_x" + n};
            chain.orderIds = {order.id};
            records.push_back(
                engine::JournalRecord{"order", ts, order.id, {}, chain, flowContext(ts, n)});
            order.status = engine::OrderStatus::kAccepted;
            records.push_back(engine::OrderRecord{order});
        }
        records.push_back(engine::EquityRecord{ts, engine::Money::fromInt(100'000),
                                               engine::Money::fromInt(100'000),
                                               engine::Symbol("BENCH")});
    }
    return records;
}

const std::vector<LedgerRecord>& records() {
    static const std::vector<LedgerRecord> all = replayRecords();
    return all;
}

// Everything through the writer thread into a fresh file: rows/s from the
// first write to the last commit.
void BM_WriterThroughput(benchmark::State& state) {
    const std::string path = bench::tempDir().file("storage_throughput.sqlite");
    engine::StorageWriterOptions options;
    options.batchSize = static_cast<int>(state.range(0));
    std::int64_t rows = 0;
    std::int64_t transactions = 0;
    for (auto _ : state) {
        state.PauseTiming();
        std::vector<LedgerRecord> input = records();
        engine::StorageWriter writer(path, options);
        state.ResumeTiming();
        for (auto& record : input) {
            writer.write(std::move(record));
        }
        if (const auto error = writer.finish()) {
            state.SkipWithError(error->c_str());
            return;
        }
        rows += writer.rowsWritten();
        transactions += writer.transactions();
    }
    state.counters["rows/s"] =
        benchmark::Counter(static_cast<double>(rows), benchmark::Counter::kIsRate);
    state.counters["rows/txn"] =
        static_cast<double>(rows) / static_cast<double>(std::max<std::int64_t>(transactions, 1));
}
BENCHMARK(BM_WriterThroughput)
    ->Arg(100)
    ->Arg(1'000)
    ->Arg(10'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The engine thread's side alone: one write() call each, timed one by one
// while the writer thread drains and commits. Arg 0: as fast as it can (the
// producer outruns the writer, so every block is new memory); otherwise
// paced at that many records a second, which the writer keeps up with (the
// steady state: blocks are reused). Counters in nanoseconds, including one
// clock pair (BM_ClockPair).
void BM_WriterAppend(benchmark::State& state) {
    const std::string path = bench::tempDir().file("storage_append.sqlite");
    const std::int64_t rate = state.range(0);
    const std::size_t count =
        rate == 0 ? records().size() : std::min<std::size_t>(records().size(), 100'000);
    std::vector<double> nanos;
    for (auto _ : state) {
        state.PauseTiming();
        std::vector<LedgerRecord> input(records().begin(),
                                        records().begin() + static_cast<std::ptrdiff_t>(count));
        nanos.reserve(nanos.size() + input.size());
        engine::StorageWriter writer(path);
        state.ResumeTiming();
        const auto begin = std::chrono::steady_clock::now();
        for (std::size_t i = 0; i < input.size(); ++i) {
            if (rate > 0) {
                const auto due = begin + std::chrono::nanoseconds(static_cast<std::int64_t>(i) *
                                                                  1'000'000'000 / rate);
                while (std::chrono::steady_clock::now() < due) {
                }
            }
            const auto start = std::chrono::steady_clock::now();
            writer.write(std::move(input[i]));
            const auto end = std::chrono::steady_clock::now();
            nanos.push_back(static_cast<double>(
                std::chrono::duration_cast<std::chrono::nanoseconds>(end - start).count()));
        }
        state.PauseTiming();
        writer.finish();
        state.ResumeTiming();
    }
    std::sort(nanos.begin(), nanos.end());
    const auto at = [&](double q) {
        return nanos[std::min(nanos.size() - 1,
                              static_cast<std::size_t>(q * static_cast<double>(nanos.size())))];
    };
    state.counters["p50_ns"] = at(0.50);
    state.counters["p99_ns"] = at(0.99);
    state.counters["p99.9_ns"] = at(0.999);
    state.counters["max_ns"] = nanos.back();
    state.counters["writes"] = static_cast<double>(nanos.size());
}
BENCHMARK(BM_WriterAppend)->Arg(0)->Arg(100'000)->Unit(benchmark::kMillisecond)->Iterations(2);

// The clock pair BM_WriterAppend wraps each write in, to subtract.
void BM_ClockPair(benchmark::State& state) {
    for (auto _ : state) {
        const auto start = std::chrono::steady_clock::now();
        const auto end = std::chrono::steady_clock::now();
        benchmark::DoNotOptimize(end - start);
    }
}
BENCHMARK(BM_ClockPair);

// A journal context to text: Qt's writer, and ours (json_text.h).
void BM_JournalJsonQt(benchmark::State& state) {
    const QJsonObject context = flowContext(0, "12345");
    std::size_t bytes = 0;
    for (auto _ : state) {
        const QByteArray text = QJsonDocument(context).toJson(QJsonDocument::Compact);
        bytes += static_cast<std::size_t>(text.size());
        benchmark::DoNotOptimize(text.data());
    }
    state.counters["bytes"] = static_cast<double>(bytes) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_JournalJsonQt);
void BM_JournalJsonOwn(benchmark::State& state) {
    const QJsonObject context = flowContext(0, "12345");
    std::size_t bytes = 0;
    for (auto _ : state) {
        const std::string text = engine::toCompactJson(context);
        bytes += text.size();
        benchmark::DoNotOptimize(text.data());
    }
    state.counters["bytes"] = static_cast<double>(bytes) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_JournalJsonOwn);
}  // namespace
