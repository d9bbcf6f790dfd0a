#include <QTest>

#include <cstdint>
#include <random>

#include "engine/execution/position_book.h"

using namespace causeway::engine;

// QCOMPARE of fixed-point values and strings prints both sides.
namespace QTest {
template <>
inline char* toString(const std::string& text) {
    return qstrdup(text.c_str());
}
template <>
inline char* toString(const Price& value) {
    return qstrdup(value.toString().c_str());
}
template <>
inline char* toString(const Quantity& value) {
    return qstrdup(value.toString().c_str());
}
template <>
inline char* toString(const Money& value) {
    return qstrdup(value.toString().c_str());
}
}  // namespace QTest

namespace {

Price px(const char* text) {
    return *Price::parse(text);
}
Quantity qty(const char* text) {
    return *Quantity::parse(text);
}
Money money(const char* text) {
    return *Money::parse(text);
}

const Symbol kSym("BOOK");
const Symbol kOther("OTHER");

// One fill into the book; fills are numbered F1, F2, ... by `n`, time n.
struct Feed {
    PositionBook book;
    int n = 0;

    PositionChange operator()(Side side, const char* quantity, const char* price,
                              const char* fee = "0", const std::string& strategy = "s",
                              Symbol symbol = kSym) {
        ++n;
        return book.apply(strategy, symbol, side, qty(quantity), px(price), money(fee), n,
                          "F" + std::to_string(n));
    }
    const Position& pos(const std::string& strategy = "s", Symbol symbol = kSym) const {
        return *book.find(strategy, symbol);
    }
};

// FIFO's view of the open quantity: what its lots would gain at `mark`.
Money lotsGain(const Position& pos, Price mark) {
    Money gain;
    for (const auto& lot : pos.lots) {
        const Money difference = notional(mark, lot.qty) - notional(lot.price, lot.qty);
        gain += pos.qty < Quantity() ? -difference : difference;
    }
    return gain;
}

Quantity lotsQty(const Position& pos) {
    Quantity sum;
    for (const auto& lot : pos.lots) {
        sum += lot.qty;
    }
    return sum;
}

Quantity absolute(Quantity q) {
    return q < Quantity() ? -q : q;
}

}  // namespace

// Positions by average cost and by FIFO lots, side by side.
class TestPositionBook final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // buy 2 @ 10 -> avg 10; buy 3 @ 12 -> (20 + 36) / 5 = 11.2;
    // buy 5 @ 11 -> (56 + 55) / 10 = 11.1. Three lots, oldest first.
    void averageCostOverSeveralBuys() {
        Feed feed;
        PositionChange change = feed(Side::kBuy, "2", "10");
        QCOMPARE(change.closed, Quantity());
        QCOMPARE(change.realized, Money());
        QVERIFY(!change.flipped);
        QCOMPARE(feed.pos().avgPrice, px("10"));
        feed(Side::kBuy, "3", "12");
        QCOMPARE(feed.pos().avgPrice, px("11.2"));
        feed(Side::kBuy, "5", "11");
        const Position& pos = feed.pos();
        QCOMPARE(pos.qty, qty("10"));
        QCOMPARE(pos.avgPrice, px("11.1"));
        QCOMPARE(pos.realizedPnl, Money());
        QCOMPARE(pos.realizedPnlFifo, Money());
        QCOMPARE(pos.lots.size(), std::size_t{3});
        QCOMPARE(pos.lots[0].fillId, std::string("F1"));
        QCOMPARE(pos.lots[0].price, px("10"));
        QCOMPARE(pos.lots[0].qty, qty("2"));
        QCOMPARE(pos.lots[0].ts, Timestamp{1});
        QCOMPARE(pos.lots[1].fillId, std::string("F2"));
        QCOMPARE(pos.lots[1].price, px("12"));
        QCOMPARE(pos.lots[2].fillId, std::string("F3"));
        QCOMPARE(pos.lots[2].qty, qty("5"));
        QCOMPARE(feed.book.quantity("s", kSym), qty("10"));
    }

    // Long 10 @ avg 11.1 (lots 2 @ 10, 3 @ 12, 5 @ 11); sell 4 @ 13:
    //   average cost: 4 x (13 - 11.1)            = 7.6
    //   FIFO:         2 x (13 - 10) + 2 x (13 - 12) = 8
    // Left: 6 @ avg 11.1, lots 1 @ 12 (F2), 5 @ 11 (F3). At a mark of 13
    // unrealized is 6 x 1.9 = 11.4 (average) and 1 x 1 + 5 x 2 = 11 (lots):
    // 7.6 + 11.4 = 8 + 11 = 19 either way.
    void aPartialSellRealizesAgainstAverageAndFifoDifferently() {
        Feed feed;
        feed(Side::kBuy, "2", "10");
        feed(Side::kBuy, "3", "12");
        feed(Side::kBuy, "5", "11");
        const PositionChange change = feed(Side::kSell, "4", "13");
        QCOMPARE(change.closed, qty("4"));
        QCOMPARE(change.realized, money("7.6"));
        QCOMPARE(change.realizedFifo, money("8"));
        QVERIFY(!change.flipped);
        const Position& pos = feed.pos();
        QCOMPARE(pos.qty, qty("6"));
        QCOMPARE(pos.avgPrice, px("11.1"));  // a reduction leaves the average alone
        QCOMPARE(pos.realizedPnl, money("7.6"));
        QCOMPARE(pos.realizedPnlFifo, money("8"));
        QCOMPARE(pos.lots.size(), std::size_t{2});
        QCOMPARE(pos.lots[0].fillId, std::string("F2"));
        QCOMPARE(pos.lots[0].qty, qty("1"));
        QCOMPARE(pos.lots[0].price, px("12"));
        QCOMPARE(pos.lots[1].fillId, std::string("F3"));
        QCOMPARE(pos.lots[1].qty, qty("5"));
        QCOMPARE(pos.unrealizedPnl(px("13")), money("11.4"));
        QCOMPARE(lotsGain(pos, px("13")), money("11"));
        QCOMPARE(pos.realizedPnl + pos.unrealizedPnl(px("13")), money("19"));
        QCOMPARE(pos.realizedPnlFifo + lotsGain(pos, px("13")), money("19"));
    }

    // Long 1 @ 10 + 1 @ 11 (avg 10.5); sell 3 @ 12 closes 2 and opens a
    // short of 1 at 12: realized 2 x 1.5 = 3 (average) = 2 + 1 (FIFO); the
    // old lots are gone, one new lot of 1 @ 12 from the flipping fill.
    void closingThroughZeroFlips() {
        Feed feed;
        feed(Side::kBuy, "1", "10");
        feed(Side::kBuy, "1", "11");
        const PositionChange change = feed(Side::kSell, "3", "12");
        QCOMPARE(change.closed, qty("2"));
        QCOMPARE(change.realized, money("3"));
        QCOMPARE(change.realizedFifo, money("3"));
        QVERIFY(change.flipped);
        const Position& pos = feed.pos();
        QCOMPARE(pos.qty, qty("-1"));
        QCOMPARE(pos.avgPrice, px("12"));
        QCOMPARE(pos.lots.size(), std::size_t{1});
        QCOMPARE(pos.lots[0].fillId, std::string("F3"));
        QCOMPARE(pos.lots[0].qty, qty("1"));
        QCOMPARE(pos.lots[0].price, px("12"));
        QCOMPARE(pos.lots[0].ts, Timestamp{3});

        // and back: buy 4 @ 11 closes the short (+1) and opens 3 long @ 11
        const PositionChange back = feed(Side::kBuy, "4", "11");
        QCOMPARE(back.closed, qty("1"));
        QCOMPARE(back.realized, money("1"));
        QCOMPARE(back.realizedFifo, money("1"));
        QVERIFY(back.flipped);
        QCOMPARE(feed.pos().qty, qty("3"));
        QCOMPARE(feed.pos().avgPrice, px("11"));
        QCOMPARE(feed.pos().lots.size(), std::size_t{1});
        QCOMPARE(feed.pos().lots[0].qty, qty("3"));
        QCOMPARE(feed.pos().realizedPnl, money("4"));
        QCOMPARE(feed.pos().realizedPnlFifo, money("4"));
    }

    // Exactly flat: no lots, no average, not a flip. Long 2 @ 10, sell 2 @ 9:
    // realized -2 both ways.
    void closingToZeroLeavesNothingOpen() {
        Feed feed;
        feed(Side::kBuy, "2", "10");
        const PositionChange change = feed(Side::kSell, "2", "9");
        QCOMPARE(change.closed, qty("2"));
        QCOMPARE(change.realized, money("-2"));
        QCOMPARE(change.realizedFifo, money("-2"));
        QVERIFY(!change.flipped);
        QCOMPARE(feed.pos().qty, Quantity());
        QCOMPARE(feed.pos().avgPrice, Price());
        QVERIFY(feed.pos().lots.empty());
        QCOMPARE(feed.pos().unrealizedPnl(px("50")), Money());
        QCOMPARE(feed.pos().marketValue(px("50")), Money());
    }

    // Sell 2 @ 20, sell 2 @ 18: short 4 @ avg 19. Buy 3 @ 17:
    //   average cost: 3 x (19 - 17)            = 6
    //   FIFO:         2 x (20 - 17) + 1 x (18 - 17) = 7
    // Left: short 1, lot 1 @ 18. At 16: unrealized 3 (average) and 2 (lot),
    // 6 + 3 = 7 + 2 = 9; market value -16.
    void shortsMirror() {
        Feed feed;
        feed(Side::kSell, "2", "20");
        feed(Side::kSell, "2", "18");
        QCOMPARE(feed.pos().qty, qty("-4"));
        QCOMPARE(feed.pos().avgPrice, px("19"));
        QCOMPARE(feed.pos().lots.size(), std::size_t{2});
        QCOMPARE(feed.pos().lots[0].qty, qty("2"));  // lots are positive; the position is short
        const PositionChange change = feed(Side::kBuy, "3", "17");
        QCOMPARE(change.closed, qty("3"));
        QCOMPARE(change.realized, money("6"));
        QCOMPARE(change.realizedFifo, money("7"));
        const Position& pos = feed.pos();
        QCOMPARE(pos.qty, qty("-1"));
        QCOMPARE(pos.avgPrice, px("19"));
        QCOMPARE(pos.lots.size(), std::size_t{1});
        QCOMPARE(pos.lots[0].fillId, std::string("F2"));
        QCOMPARE(pos.lots[0].price, px("18"));
        QCOMPARE(pos.lots[0].qty, qty("1"));
        QCOMPARE(pos.unrealizedPnl(px("16")), money("3"));
        QCOMPARE(lotsGain(pos, px("16")), money("2"));
        QCOMPARE(pos.marketValue(px("16")), money("-16"));
        QCOMPARE(pos.realizedPnl + pos.unrealizedPnl(px("16")), money("9"));
        QCOMPARE(pos.realizedPnlFifo + lotsGain(pos, px("16")), money("9"));
    }

    // Fees of every fill add up, opening or reducing: 0.1 + 0.25 + 0.05 =
    // 0.4; they are kept apart from the realized PnL (sell 1 @ 11 against
    // 10 realizes 1, not 1 - fees).
    void feesAccumulate() {
        Feed feed;
        feed(Side::kBuy, "1", "10", "0.1");
        feed(Side::kBuy, "1", "10", "0.25");
        QCOMPARE(feed.pos().fees, money("0.35"));
        feed(Side::kSell, "1", "11", "0.05");
        QCOMPARE(feed.pos().fees, money("0.4"));
        QCOMPARE(feed.pos().realizedPnl, money("1"));
        QCOMPARE(feed.pos().realizedPnlFifo, money("1"));
    }

    // Long 10 @ 11.1 at 12: value 120, unrealized 10 x 0.9 = 9; at 10.5:
    // value 105, unrealized -6. Short 4 @ 19 at 20: value -80, unrealized -4.
    void unrealizedAndMarketValueAtAMark() {
        Feed feed;
        feed(Side::kBuy, "2", "10");
        feed(Side::kBuy, "3", "12");
        feed(Side::kBuy, "5", "11");
        QCOMPARE(feed.pos().marketValue(px("12")), money("120"));
        QCOMPARE(feed.pos().unrealizedPnl(px("12")), money("9"));
        QCOMPARE(feed.pos().marketValue(px("10.5")), money("105"));
        QCOMPARE(feed.pos().unrealizedPnl(px("10.5")), money("-6"));
        feed(Side::kSell, "2", "20", "0", "short");
        feed(Side::kSell, "2", "18", "0", "short");
        QCOMPARE(feed.pos("short").marketValue(px("20")), money("-80"));
        QCOMPARE(feed.pos("short").unrealizedPnl(px("20")), money("-4"));
        QCOMPARE(Position{}.marketValue(px("20")), Money());
        QCOMPARE(Position{}.unrealizedPnl(px("20")), Money());
    }

    // Strategy a long 5 BOOK, strategy b short 2 BOOK, a long 7 OTHER:
    // BOOK nets 3, OTHER 7, an unknown symbol 0.
    void netQuantityAcrossStrategies() {
        Feed feed;
        feed(Side::kBuy, "5", "10", "0", "a");
        feed(Side::kSell, "2", "10", "0", "b");
        feed(Side::kBuy, "7", "3", "0", "a", kOther);
        QCOMPARE(feed.book.netQuantity(kSym), qty("3"));
        QCOMPARE(feed.book.netQuantity(kOther), qty("7"));
        QCOMPARE(feed.book.netQuantity(Symbol("NONE")), Quantity());
        QCOMPARE(feed.book.quantity("a", kSym), qty("5"));
        QCOMPARE(feed.book.quantity("b", kSym), qty("-2"));
        QCOMPARE(feed.book.quantity("b", kOther), Quantity());
        QVERIFY(feed.book.find("b", kOther) == nullptr);
        QCOMPARE(feed.book.all().size(), std::size_t{3});
    }

    // Same book at marks: BOOK 10 only -> 5 x 10 - 2 x 10 = 30 (OTHER has no
    // mark and counts nothing); with OTHER at 3.5 -> 30 + 24.5 = 54.5. A
    // flat position counts nothing even with a mark.
    void marketValueOverMarks() {
        Feed feed;
        feed(Side::kBuy, "5", "10", "0", "a");
        feed(Side::kSell, "2", "10", "0", "b");
        feed(Side::kBuy, "7", "3", "0", "a", kOther);
        QCOMPARE(feed.book.marketValue({}), Money());
        QCOMPARE(feed.book.marketValue({{kSym.id(), px("10")}}), money("30"));
        QCOMPARE(feed.book.marketValue({{kSym.id(), px("10")}, {kOther.id(), px("3.5")}}),
                 money("54.5"));
        feed(Side::kBuy, "2", "9", "0", "b");  // b flat
        QCOMPARE(feed.book.marketValue({{kSym.id(), px("10")}}), money("50"));
    }

    // The header: both methods agree on realized + unrealized. Buy 1 @ 10,
    // buy 2 @ 11: FIFO holds 10 + 22 = 32 for 3, the average price is
    // 32 / 3 = 10.666666666..., shown as 10.66666667, but the position keeps
    // its exact cost 32. At a mark of 12 FIFO gains 2 + 2 = 4, the average
    // cost 36 - 32 = 4. Sold out at 12, both realize 4.
    void averageRoundingKeepsTotalsEqual() {
        Feed feed;
        feed(Side::kBuy, "1", "10");
        feed(Side::kBuy, "2", "11");
        QCOMPARE(feed.pos().avgPrice, px("10.66666667"));
        QCOMPARE(lotsGain(feed.pos(), px("12")), money("4"));
        QCOMPARE(feed.pos().unrealizedPnl(px("12")), money("4"));
        feed(Side::kSell, "3", "12");
        QCOMPARE(feed.pos().realizedPnlFifo, money("4"));
        QCOMPARE(feed.pos().realizedPnl, money("4"));
        QCOMPARE(feed.pos().cost, Money());
    }

    // A partial close takes its share of the cost: buy 3 for 32, sell 1 @ 12
    // realizes 12 - 32/3 = 1.33333333 (the share rounded), and the rest keeps
    // 32 - 10.66666667 = 21.33333333; selling those 2 @ 12 realizes
    // 24 - 21.33333333 = 2.66666667: 4 in all, as FIFO (2 + 2).
    void aPartialCloseTakesItsShareOfTheCost() {
        Feed feed;
        feed(Side::kBuy, "1", "10");
        feed(Side::kBuy, "2", "11");
        feed(Side::kSell, "1", "12");
        QCOMPARE(feed.pos().realizedPnl, money("1.33333333"));
        QCOMPARE(feed.pos().cost, money("21.33333333"));
        QCOMPARE(feed.pos().avgPrice, px("10.66666667"));
        QCOMPARE(feed.pos().realizedPnlFifo, money("2"));
        feed(Side::kSell, "2", "12");
        QCOMPARE(feed.pos().realizedPnl, money("4"));
        QCOMPARE(feed.pos().realizedPnlFifo, money("4"));
    }

    // 400 seeded random fills (sides, quantities 0.01..5.00, prices
    // 90.00..110.00, mark 90.00..110.00 after each). Every value has two
    // decimals, so every notional is exact and the cash flow gives the exact
    // total: sells - buys + position x mark. FIFO matches it exactly after
    // every fill, and so does the average-cost total.
    void totalsAgreeOnARandomSequence() {
        // raw draws only: mt19937_64's sequence is the same everywhere, the
        // standard distributions' are not
        std::mt19937_64 rng(20240611);
        Feed feed;
        Money cashFlow;
        int mismatches = 0;
        std::int64_t worst = 0;
        std::int64_t bound = 0;
        const auto hundredths = [](std::uint64_t n) {
            return static_cast<std::int64_t>(n) * (Price::kScale / 100);
        };
        for (int i = 0; i < 400; ++i) {
            const Side side = rng() % 2 == 0 ? Side::kBuy : Side::kSell;
            const Quantity q = Quantity::fromRaw(hundredths(1 + rng() % 500));
            const Price price = Price::fromRaw(hundredths(9000 + rng() % 2001));
            const Price mark = Price::fromRaw(hundredths(9000 + rng() % 2001));
            ++feed.n;
            const PositionChange change = feed.book.apply("s", kSym, side, q, price, Money(),
                                                          feed.n, "F" + std::to_string(feed.n));
            cashFlow += side == Side::kBuy ? -notional(price, q) : notional(price, q);
            const Position& pos = feed.pos();
            QCOMPARE(lotsQty(pos), absolute(pos.qty));
            QCOMPARE(pos.lots.empty(), pos.qty.isZero());
            QVERIFY(change.closed <= q);

            const Money exact = cashFlow + pos.marketValue(mark);
            const Money fifo = pos.realizedPnlFifo + lotsGain(pos, mark);
            const Money average = pos.realizedPnl + pos.unrealizedPnl(mark);
            QCOMPARE(fifo, exact);
            const std::int64_t off = std::abs(average.raw() - fifo.raw());
            mismatches += off != 0 ? 1 : 0;
            worst = std::max(worst, off);
            // rounding only: at most half a unit of the average's last
            // decimal per fill, times the largest quantity (5), plus the
            // product's own rounding, over realized and unrealized
            bound += 6;
            QVERIFY2(off <= bound, qPrintable(QStringLiteral("fill %1: average %2, FIFO %3")
                                                  .arg(i + 1)
                                                  .arg(QString::fromStdString(average.toString()),
                                                       QString::fromStdString(fifo.toString()))));
        }
        QCOMPARE(mismatches, 0);
        qInfo("average vs FIFO: %d of 400 marks differ, by at most %lld x 1e-8", mismatches,
              static_cast<long long>(worst));
    }

    // A recovered position continues where it was: long 4 @ avg 10.5 in lots
    // 2 @ 10 (F1), 2 @ 11 (F2), realized 3 / 2.5, fees 0.2. Sell 3 @ 12:
    // average 3 x 1.5 = 4.5 -> 7.5; FIFO 2 x 2 + 1 x 1 = 5 -> 7.5; lot 1 @ 11.
    void restoreContinuesFromTheRecordedPosition() {
        PositionBook book;
        book.apply("s", kSym, Side::kBuy, qty("9"), px("1"), Money(), 0, "F0");  // replaced
        Position recovered;
        recovered.qty = qty("4");
        recovered.avgPrice = px("10.5");
        recovered.realizedPnl = money("3");
        recovered.realizedPnlFifo = money("2.5");
        recovered.fees = money("0.2");
        recovered.lots = {{"F1", 1, px("10"), qty("2")}, {"F2", 2, px("11"), qty("2")}};
        book.restore("s", kSym, recovered);
        const Position* pos = book.find("s", kSym);
        QVERIFY(pos != nullptr);
        QCOMPARE(pos->qty, qty("4"));
        QCOMPARE(pos->avgPrice, px("10.5"));
        QCOMPARE(pos->realizedPnl, money("3"));
        QCOMPARE(pos->realizedPnlFifo, money("2.5"));
        QCOMPARE(pos->fees, money("0.2"));
        QCOMPARE(pos->lots.size(), std::size_t{2});
        QCOMPARE(pos->lots[0].fillId, std::string("F1"));
        QCOMPARE(book.netQuantity(kSym), qty("4"));

        const PositionChange change =
            book.apply("s", kSym, Side::kSell, qty("3"), px("12"), money("0.1"), 3, "F3");
        QCOMPARE(change.realized, money("4.5"));
        QCOMPARE(change.realizedFifo, money("5"));
        pos = book.find("s", kSym);
        QCOMPARE(pos->qty, qty("1"));
        QCOMPARE(pos->realizedPnl, money("7.5"));
        QCOMPARE(pos->realizedPnlFifo, money("7.5"));
        QCOMPARE(pos->fees, money("0.3"));
        QCOMPARE(pos->lots.size(), std::size_t{1});
        QCOMPARE(pos->lots[0].fillId, std::string("F2"));
        QCOMPARE(pos->lots[0].qty, qty("1"));
        QCOMPARE(pos->lots[0].price, px("11"));

        // a restore of a strategy the book never saw adds it
        book.restore("t", kOther, recovered);
        QCOMPARE(book.quantity("t", kOther), qty("4"));
        QCOMPARE(book.all().size(), std::size_t{2});
    }
};

QTEST_APPLESS_MAIN(TestPositionBook)
#include "test_position_book.moc"
