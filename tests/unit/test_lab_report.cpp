#include <QTest>

#include <set>
#include <string>
#include <vector>

#include "engine/lab/html_report.h"

using namespace causeway::engine;

namespace {

Timestamp at(int year, int month, int day, int hour = 0, int minute = 0) {
    return fromCivil(CivilTime{year, month, day, hour, minute});
}

int count(const std::string& text, const std::string& needle) {
    int n = 0;
    for (auto pos = text.find(needle); pos != std::string::npos;
         pos = text.find(needle, pos + needle.size())) {
        ++n;
    }
    return n;
}

// Every non-void element is closed, in order; returns the first problem.
std::string firstUnbalancedTag(const std::string& html) {
    static const std::set<std::string> kVoid = {"meta", "br", "hr", "img", "input", "link"};
    std::vector<std::string> open;
    std::size_t pos = 0;
    while ((pos = html.find('<', pos)) != std::string::npos) {
        const std::size_t end = html.find('>', pos);
        if (end == std::string::npos) {
            return "unterminated tag";
        }
        const std::string tag = html.substr(pos + 1, end - pos - 1);
        pos = end + 1;
        if (tag.empty() || tag[0] == '!') {
            continue;
        }
        const bool closing = tag[0] == '/';
        const std::string name = tag.substr(
            closing ? 1 : 0, tag.find_first_of(" /", closing ? 1 : 0) - (closing ? 1 : 0));
        if (closing) {
            if (open.empty() || open.back() != name) {
                return "</" + name + "> closes " + (open.empty() ? "nothing" : open.back());
            }
            open.pop_back();
        } else if (tag.back() != '/' && !kVoid.count(name)) {
            open.push_back(name);
            if (name == "style") {  // raw text up to </style>
                pos = html.find("</style>", pos);
            }
        }
    }
    return open.empty() ? std::string() : "unclosed <" + open.back() + ">";
}

TradeOutcome trade(std::string id, bool isLong, double qty, Timestamp entryTs, double entryPrice,
                   Timestamp exitTs, double exitPrice, double pnl, double fees) {
    TradeOutcome t;
    t.tradeId = std::move(id);
    t.strategy = "ema";
    t.symbol = "MSFT";
    t.isLong = isLong;
    t.qty = qty;
    t.entryTs = entryTs;
    t.entryPrice = entryPrice;
    t.exitTs = exitTs;
    t.exitPrice = exitPrice;
    t.pnl = pnl;
    t.fees = fees;
    return t;
}

ReportInput sampleInput() {
    ReportInput input;
    input.title = "<b>R&D</b> \"ema\" on MSFT 1d";
    input.parameters = {{"fast", "12"}, {"slow", "26"}, {"note", "a<b & c>d"}};
    input.generatedBy = "causeway-cli test";
    input.initialCash = 1000.0;
    const double values[] = {1000.0, 1040.0, 990.0, 1010.0, 1100.0, 1080.0, 1150.0};
    const double bench[] = {1000.0, 1010.0, 1020.0, 980.0, 1030.0, 1050.0, 1040.0};
    for (int i = 0; i < 7; ++i) {
        const Timestamp ts = at(2020, 11, 1) + i * 20 * kNanosPerDay;
        input.equity.push_back({ts, values[i], i % 2 == 1});
        input.benchmark.push_back({ts, bench[i], true});
    }
    const TradeOutcome win =
        trade("TRD_0001", true, 10, at(2020, 11, 1), 100.5, at(2020, 11, 21), 104.5, 38.75, 1.25);
    TradeOutcome loss = win;
    loss.tradeId = "TRD_<0002>";
    loss.isLong = false;
    loss.pnl = -12.5;
    input.trades = {win, loss};
    input.stats = computeStatistics({1000.0, input.equity, input.trades, {}, input.benchmark, 0.0});
    return input;
}

}  // namespace

class TestLabReport final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void htmlIsSelfContainedAndWellFormed() {
        const std::string html = renderHtmlReport(sampleInput());
        QVERIFY(html.starts_with("<!DOCTYPE html>\n<html"));
        QVERIFY(html.ends_with("</html>\n"));
        const std::string problem = firstUnbalancedTag(html);
        QVERIFY2(problem.empty(), problem.c_str());
        QCOMPARE(count(html, "<svg"), 2);  // equity, drawdown
        QCOMPARE(count(html, "</svg>"), 2);
        QCOMPARE(count(html, "class=\"equity\""), 1);
        QCOMPARE(count(html, "class=\"bench\""), 1);
        QCOMPARE(count(html, "class=\"dd\""), 1);
        QCOMPARE(count(html, "http://"), 0);
        QCOMPARE(count(html, "https://"), 0);
        QCOMPARE(count(html, "<script src"), 0);
        QCOMPARE(count(html, "<link"), 0);
        QCOMPARE(count(html, "@import"), 0);
    }

    void textIsEscaped() {
        const std::string html = renderHtmlReport(sampleInput());
        QCOMPARE(count(html, "<b>"), 0);
        QCOMPARE(count(html, "&lt;b&gt;R&amp;D&lt;/b&gt; &quot;ema&quot; on MSFT 1d"),
                 2);  // title, h1
        QCOMPARE(count(html, "a&lt;b &amp; c&gt;d"), 1);
        QCOMPARE(count(html, "TRD_&lt;0002&gt;"), 1);
    }

    void tablesHoldTradesStatisticsAndMonths() {
        const std::string html = renderHtmlReport(sampleInput());
        QCOMPARE(count(html, "<td class=\"l\">TRD_0001</td>"), 1);
        QCOMPARE(count(html, "<td class=\"pos\">38.75</td>"), 1);
        QCOMPARE(count(html, "<td class=\"neg\">-12.50</td>"), 1);
        QCOMPARE(count(html, "<td>2020-11-21</td>"), 2);  // both exits
        QCOMPARE(count(html, "<td>20d</td>"), 2);         // durations
        QCOMPARE(count(html, "<th>Buy &amp; hold</th>"), 1);
        QCOMPARE(count(html, "<th>Strategy</th>"), 1);
        // Nov 2020: 1040 / 1000 - 1 -> 4.0; Dec: 1010 / 1040 - 1 -> -2.9
        QVERIFY(html.find(">4.0</td>") != std::string::npos);
        QVERIFY(html.find(">-2.9</td>") != std::string::npos);
        QCOMPARE(count(html, "<tr><th class=\"l\">2020</th>"), 1);
        QCOMPARE(count(html, "<tr><th class=\"l\">2021</th>"), 1);
    }

    void withoutBenchmarkThereIsOneColumnAndOneLine() {
        ReportInput input = sampleInput();
        input.benchmark.clear();
        input.stats.benchmark.reset();
        const std::string html = renderHtmlReport(input);
        QCOMPARE(count(html, "Buy &amp; hold"), 0);
        QCOMPARE(count(html, "class=\"bench\""), 0);
        QCOMPARE(count(html, "<svg"), 2);
    }

    void emptyRunStillRenders() {
        ReportInput input;
        input.title = "empty";
        const std::string html = renderHtmlReport(input);
        QCOMPARE(count(html, "<svg"), 2);
        QCOMPARE(count(html, "no data"), 2);
        QVERIFY(firstUnbalancedTag(html).empty());
    }

    void millionPointsStaySmall() {
        ReportInput input;
        input.title = "minute bars";
        input.initialCash = 100'000.0;
        std::uint32_t seed = 7;
        double value = input.initialCash;
        const Timestamp start = at(2020, 1, 1);
        for (int i = 0; i < 1'000'000; ++i) {
            seed = seed * 1'664'525U + 1'013'904'223U;
            value *= 1.0 + (static_cast<double>(seed >> 16) / 65'536.0 - 0.5) * 0.002;
            const Timestamp ts = start + static_cast<Timestamp>(i) * 60 * kNanosPerSecond;
            input.equity.push_back({ts, value, true});
            input.benchmark.push_back({ts, input.initialCash + i * 0.01, true});
        }
        input.stats = computeStatistics({input.initialCash, input.equity, {}, {}, {}, 0.0});
        const std::string html = renderHtmlReport(input);
        // three series of at most 2 * 1000 + 2 points, ~14 bytes each
        QVERIFY2(html.size() < 150'000, qPrintable(QString::number(html.size())));
        QCOMPARE(count(html, "<svg"), 2);
    }

    void csvExports() {
        const TradeOutcome a =
            trade("T1", true, 10, at(2020, 1, 2), 100.5, at(2020, 1, 5), 110.25, 96.5, 1.25);
        const TradeOutcome b = trade("T,2", false, 0.1, at(2020, 1, 6, 14, 30), 111,
                                     at(2020, 1, 7) + kNanosPerSecond / 2, 109.9, -1.3, 0);
        QCOMPARE(tradesCsv({a, b}),
                 std::string("trade_id,strategy,symbol,side,qty,entry_ts,entry_price,exit_ts,"
                             "exit_price,pnl,fees\n"
                             "T1,ema,MSFT,long,10,2020-01-02T00:00:00Z,100.5,2020-01-05T00:00:00Z,"
                             "110.25,96.5,1.25\n"
                             "\"T,2\",ema,MSFT,short,0.1,2020-01-06T14:30:00Z,111,"
                             "2020-01-07T00:00:00.5Z,109.9,-1.3,0\n"));
        QCOMPARE(equityCsv({{at(2020, 1, 2), 100000.0, false}, {at(2020, 1, 3), 100123.45, true}}),
                 std::string("ts,equity,in_market\n"
                             "2020-01-02T00:00:00Z,100000,0\n"
                             "2020-01-03T00:00:00Z,100123.45,1\n"));
        QCOMPARE(tradesCsv({}), std::string("trade_id,strategy,symbol,side,qty,entry_ts,"
                                            "entry_price,exit_ts,exit_price,pnl,fees\n"));
    }
};

QTEST_APPLESS_MAIN(TestLabReport)
#include "test_lab_report.moc"
