#include <cstdio>
#include <stdexcept>

#include "cli_commands.h"
#include "cli_output.h"
#include "engine/data/bar_aggregator.h"
#include "engine/data/bar_csv_reader.h"
#include "engine/data/csv_source.h"
#include "engine/data/data_error.h"
#include "engine/data/tick_csv_reader.h"

namespace causeway::app {

namespace {

constexpr const char* kTimeframeForms =
    "expected a whole number and a unit s, m, h, d or w, e.g. 1s, 30s, 1m, 5m, 15m, 1h, 4h, 1d";

// Rows of timestamp,open,high,low,close,volume; the header comes with the
// first bar, so a run that fails before it prints nothing.
class CandleCsvOutput final {
public:
    explicit CandleCsvOutput(const std::string& path) : m_out(path) { m_row.reserve(256); }

    void add(const engine::Candle& bar) {
        writeHeader();
        m_row.clear();
        m_row += engine::formatIso8601(bar.ts);
        for (const engine::Price price : {bar.open, bar.high, bar.low, bar.close}) {
            m_row += ',';
            m_row += price.toString();
        }
        m_row += ',';
        m_row += bar.volume.toString();
        m_row += '\n';
        m_out.write(m_row);
    }

    void commit() {
        writeHeader();
        m_out.commit();
    }

private:
    void writeHeader() {
        if (!m_headerWritten) {
            m_headerWritten = true;
            m_out.write("timestamp,open,high,low,close,volume\n");
        }
    }

    CliOutput m_out;
    std::string m_row;
    bool m_headerWritten = false;
};

}  // namespace

int runResample(const std::vector<std::string>& rawArgs) {
    const CliArgs args(rawArgs, {{"data", "timeframe", "out"}, {}, {}});
    const std::string data = args.required("data");
    const std::string timeframeText = args.required("timeframe");
    const auto target = engine::Timeframe::parse(timeframeText);
    if (!target) {
        throw UsageError("invalid timeframe '" + timeframeText + "': " + kTimeframeForms);
    }

    CandleCsvOutput out(args.value("out"));
    const auto write = [&out](const engine::Candle& bar) { out.add(bar); };
    // A bar's volume may outgrow Quantity; the row that tipped it is named.
    const auto add = [&data](engine::BarAggregator& aggregator, const auto& event,
                             std::int64_t line) {
        try {
            aggregator.add(event);
        } catch (const std::overflow_error& error) {
            throw engine::DataError(data, line, error.what());
        }
    };

    if (engine::detectCsvKind(data) == engine::CsvKind::kBars) {
        // The whole file first: its timeframe is the smallest gap in it.
        engine::BarCsvReader reader(data);
        std::vector<engine::Candle> bars;
        std::vector<std::int64_t> lines;
        engine::Candle bar;
        while (reader.next(bar)) {
            bars.push_back(bar);
            lines.push_back(reader.line());
        }
        if (bars.empty()) {
            throw engine::DataError(data, reader.line(), "no data rows after the header");
        }
        const engine::Timeframe source = engine::inferTimeframe(bars);
        if (target->nanos % source.nanos != 0) {
            throw UsageError("--timeframe " + timeframeText + " is not a multiple of the " +
                             source.label() + " bars in " + data);
        }
        engine::BarAggregator aggregator(source, {*target}, write);
        for (std::size_t i = 0; i < bars.size(); ++i) {
            bars[i].timeframe = source;
            add(aggregator, bars[i], lines[i]);
        }
        aggregator.flush();
        out.commit();
        return kOk;
    }

    // Ticks stream from the file to the output in constant memory.
    engine::TickCsvReader reader(data);
    engine::BarAggregator aggregator(engine::Timeframe{}, {*target}, write);
    engine::Tick tick;
    bool any = false;
    while (reader.next(tick)) {
        add(aggregator, tick, reader.line());
        any = true;
    }
    if (!any) {
        throw engine::DataError(data, reader.line(), "no data rows after the header");
    }
    aggregator.flush();
    out.commit();
    return kOk;
}

}  // namespace causeway::app
