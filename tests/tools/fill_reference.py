#!/usr/bin/env python3
"""Independent, fill-by-fill computation of an ema_cross backtest with
slippage and fees on bar data, written from DESIGN.md ("Backtest defaults on
bar data", "Built-in ema_cross") and the rounding of
engine/core/fixed_point.h. Plain Python 3, standard library only; it never
imports or calls the engine. Its output is the golden that
tests/integration/test_fill_reference.cpp compares the engine's ledger with.
Not run by the test suite.

The goldens in tests/golden were generated, from the repository root, with:

  python3 tests/tools/fill_reference.py --data resources/data/msft_daily.csv \
      --strategy ema_cross --param fast=10 --param slow=30 \
      --fee-bps 5 --slippage-bps 10 \
      --out tests/golden/fills_msft_daily_ema_cross.json

  python3 tests/tools/fill_reference.py --data resources/data/sp500_daily.csv \
      --strategy ema_cross --param fast=5 --param slow=20 \
      --param allow_short=true --param qty=3 --fee-bps 2.5 --slippage-bps 7 \
      --out tests/golden/fills_sp500_daily_ema_cross_short.json

  python3 tests/tools/fill_reference.py --data tests/data/msft_reversal_last_bar.csv \
      --strategy ema_cross --param fast=5 --param slow=20 --param allow_short=true \
      --fee-bps 5 --slippage-bps 10 \
      --out tests/golden/fills_msft_reversal_last_bar.json

(tests/data/msft_reversal_last_bar.csv is resources/data/msft_daily.csv up to
2001-03-07, the bar on which a short reverses to long.)

usage: fill_reference.py --data BARS.csv [--strategy ema_cross]
                         [--param KEY=VALUE]... [--cash X] [--fee-bps X]
                         [--slippage-bps X] [--out GOLDEN.json]

The rules reproduced:

* Prices, quantities and money are decimals with eight fractional digits.
  Text with more digits rounds half away from zero (FixedPoint::parse). A
  product (notional: price x qty) and a quotient round to eight digits half
  away from zero (fixed_detail::mulRaw / divRaw). basisPoints(amount, bps) is
  amount x round8(bps / 10000), rounded to eight digits.
* ema_cross: EMA of the close in binary floating point, TA-Lib's convention
  (seeded by the mean of the first n closes, then prev + (x - prev) x k with
  k = 2 / (n + 1)), computed on the close as the engine holds it (the
  eight-digit decimal converted to the nearest double). Up cross: fast > slow
  now, fast <= slow on the previous bar; down cross: fast < slow now,
  fast >= slow before; both EMAs defined on both bars. Up: flat -> buy qty;
  short -> reverse. Down: long -> sell (exit), or with allow_short reverse;
  flat with allow_short -> sell qty.
* A reversal is two market orders, decided together: the closing leg for the
  whole position held, then the opening leg of qty in the same direction.
  They fill in that order at the same open.
* Decisions at a bar's close; market orders fill at the next bar's open,
  moved against the trader by the slippage: buy at p + bp(p, S), sell at
  p - bp(p, S). Every fill pays bp(notional, F) in fees. Cash moves by the
  fill's notional (minus for a buy, plus for a sell) and minus the fee.
* End of data: an order decided on the last bar expires (no next open). A
  position still open is then closed by the end-of-data exit, a market order
  filled at the last close; as a market fill it takes the slippage and pays
  the fee (DESIGN.md: slippage "moves every market fill").
* A closed trade: side long (entered by a buy) or short, qty, entry time and
  price (its entry fill), exit time and price (its exit fill), fees = sum of
  its fills' fees, pnl = +/-(exit notional - entry notional) - fees.
* Equity at a close: cash plus the signed position valued at that close.
"""
import argparse
import csv
import json
import sys
from datetime import datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Context, Decimal, Inexact, localcontext

SCALE = 10**8
Q8 = Decimal("0.00000001")
# Exact arithmetic: 60 digits hold every product of two eight-digit values
# below 1e18, and an inexact result would raise instead of rounding silently.
EXACT = Context(prec=60, traps=[Inexact])

TIMESTAMP_COLUMNS = ("timestamp", "time", "date", "datetime", "ts")
OPEN_COLUMNS = ("open", "o")
CLOSE_COLUMNS = ("close", "c")

STRATEGY_DEFAULTS = {
    "ema_cross": {"fast": "10", "slow": "30", "qty": "1", "allow_short": "false"},
}


# ---------------------------------------------------------------- fixed point


def fixed(text):
    """FixedPoint::parse: plain decimal text, digits past the eighth rounded
    half away from zero."""
    text = text.strip()
    if not text or "e" in text.lower() or text.lower() in ("nan", "inf", "-inf", "+inf"):
        raise ValueError("not a plain decimal: %r" % text)
    with localcontext(Context(prec=60)):
        return Decimal(text).quantize(Q8, rounding=ROUND_HALF_UP)


def raw(value):
    """The int64 the engine stores: value x 1e8 (exact for eight digits)."""
    with localcontext(EXACT):
        scaled = value * SCALE
    if scaled != scaled.to_integral_value():
        raise ValueError("%s has more than eight decimals" % value)
    return int(scaled)


def from_raw(units):
    return Decimal(units).scaleb(-8)


def rounded_quotient(numerator, denominator):
    """fixed_detail roundedQuotient: numerator / denominator, half away from
    zero, on integers."""
    negative = (numerator < 0) != (denominator < 0)
    n, d = abs(numerator), abs(denominator)
    q, r = divmod(n, d)
    if r * 2 >= d:
        q += 1
    return -q if negative else q


def mul(a, b):
    """fixed_detail::mulRaw: a x b rounded to eight decimals."""
    return from_raw(rounded_quotient(raw(a) * raw(b), SCALE))


def div(a, b):
    """fixed_detail::divRaw: a / b rounded to eight decimals."""
    return from_raw(rounded_quotient(raw(a) * SCALE, raw(b)))


def add(a, b):
    with localcontext(EXACT):
        return (a + b).quantize(Q8)


def sub(a, b):
    with localcontext(EXACT):
        return (a - b).quantize(Q8)


def notional(price, qty):
    return mul(price, qty)


def basis_points(amount, bps):
    return mul(amount, div(bps, Decimal(10000)))


def text(value):
    """FixedPoint::toString: shortest exact decimal text."""
    s = format(value.quantize(Q8), "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


# ---------------------------------------------------------------- input


def parse_time(value):
    """A bar timestamp as an aware UTC datetime (ISO 8601 or epoch)."""
    value = value.strip()
    if len(value) >= 10 and value[4] == "-":
        iso = value.replace(" ", "T", 1)
        if iso.endswith("Z") or iso.endswith("z"):
            iso = iso[:-1] + "+00:00"
        if len(iso) == 10:
            iso += "T00:00:00"
        parsed = datetime.fromisoformat(iso)
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=timezone.utc)
        return parsed.astimezone(timezone.utc)
    number = int(value)
    magnitude = abs(number)
    if magnitude < 10**11:
        nanos = number * 10**9
    elif magnitude < 10**14:
        nanos = number * 10**6
    elif magnitude < 10**17:
        nanos = number * 10**3
    else:
        nanos = number
    return datetime(1970, 1, 1, tzinfo=timezone.utc) + timedelta(microseconds=nanos // 1000)


def iso(ts):
    """formatIso8601: "2000-09-27T00:00:00Z", a fraction only when present."""
    out = ts.strftime("%Y-%m-%dT%H:%M:%S")
    if ts.microsecond:
        out += ("." + "%06d" % ts.microsecond).rstrip("0")
    return out + "Z"


def column(names, aliases, what):
    for i, name in enumerate(names):
        if name in aliases:
            return i
    raise SystemExit("missing required column '%s' (header: %s)" % (what, ",".join(names)))


def read_bars(path):
    with open(path, newline="", encoding="utf-8-sig") as handle:
        rows = [row for row in csv.reader(handle) if any(cell.strip() for cell in row)]
    names = [name.strip().lower() for name in rows[0]]
    t = column(names, TIMESTAMP_COLUMNS, "timestamp")
    o = column(names, OPEN_COLUMNS, "open")
    c = column(names, CLOSE_COLUMNS, "close")
    bars = []
    for row in rows[1:]:
        bars.append({"ts": parse_time(row[t]), "open": fixed(row[o]), "close": fixed(row[c])})
    for before, after in zip(bars, bars[1:]):
        if after["ts"] <= before["ts"]:
            raise SystemExit("%s: timestamps do not increase at %s" % (path, iso(after["ts"])))
    return bars


# ---------------------------------------------------------------- strategy


def ema(values, n):
    """TA-Lib EMA in doubles, in the engine's operation order."""
    out = [None] * len(values)
    if len(values) < n:
        return out
    k = 2.0 / (n + 1.0)
    total = 0.0
    for value in values[:n]:
        total += value
    prev = total / n
    out[n - 1] = prev
    for i in range(n, len(values)):
        prev = ((values[i] - prev) * k) + prev
        out[i] = prev
    return out


def crosses(bars, fast_n, slow_n):
    """Per bar: "up", "down" or None."""
    closes = [float(bar["close"]) for bar in bars]
    fast = ema(closes, fast_n)
    slow = ema(closes, slow_n)
    out = [None] * len(bars)
    for i in range(1, len(bars)):
        if None in (fast[i], slow[i], fast[i - 1], slow[i - 1]):
            continue
        if fast[i] > slow[i] and fast[i - 1] <= slow[i - 1]:
            out[i] = "up"
        elif fast[i] < slow[i] and fast[i - 1] >= slow[i - 1]:
            out[i] = "down"
    return out


# ---------------------------------------------------------------- backtest


class Backtest:
    def __init__(self, cash, fee_bps, slippage_bps):
        self.cash = cash
        self.fee_bps = fee_bps
        self.slippage_bps = slippage_bps
        self.position = Decimal("0E-8")  # signed: short is negative
        self.open_trade = None  # the round trip the position belongs to
        self.held_trade = None  # the one held when the last decision was taken
        self.fills = []
        self.trades = []
        self.orders = 0
        self.expired = 0
        self.fees = Decimal("0E-8")
        self.marks = []

    def fill(self, order, reference, ts, origin):
        move = basis_points(reference, self.slippage_bps)
        price = add(reference, move) if order["side"] == "buy" else sub(reference, move)
        qty = order["qty"]
        value = notional(price, qty)
        fee = basis_points(value, self.fee_bps)
        self.cash = add(self.cash, -value) if order["side"] == "buy" else add(self.cash, value)
        self.cash = sub(self.cash, fee)
        self.fees = add(self.fees, fee)
        self.position = add(self.position, qty if order["side"] == "buy" else -qty)
        self.fills.append(
            {
                "index": len(self.fills),
                "time": iso(ts),
                "side": order["side"],
                "qty": text(qty),
                "price": text(price),
                "fee": text(fee),
                "reference_price": text(reference),
                "purpose": order["purpose"],
                "origin": origin,
            }
        )
        trade = order["trade"]
        trade["fees"] = add(trade["fees"], fee)
        if order["purpose"] == "entry":
            trade["entry_time"] = iso(ts)
            trade["entry_price"] = price
            trade["entry_notional"] = value
            trade["qty"] = qty
        else:
            trade["exit_time"] = iso(ts)
            trade["exit_price"] = price
            gain = sub(value, trade["entry_notional"])
            gain = gain if trade["side"] == "long" else -gain
            trade["pnl"] = sub(gain, trade["fees"])
            self.trades.append(trade)
            if self.open_trade is trade:
                self.open_trade = None

    def place(self, side, qty, purpose):
        """An order of the current decision: an exit belongs to the trade
        held, an entry opens a new one."""
        self.orders += 1
        trade = self.held_trade
        if purpose == "entry":
            trade = {"side": "long" if side == "buy" else "short", "fees": Decimal("0E-8")}
            self.open_trade = trade
        return {"side": side, "qty": qty, "purpose": purpose, "trade": trade}

    def decide(self, signal, qty, allow_short):
        """SignalFollowingPlanner + ExecutionPlanner for one cross: the
        orders to send, closing leg first."""
        held = abs(self.position)
        self.held_trade = self.open_trade
        orders = []
        if signal == "up":
            if self.position > 0:
                return orders  # already long
            if self.position < 0:  # reverse short to long
                orders.append(self.place("buy", held, "exit"))
            orders.append(self.place("buy", qty, "entry"))
            return orders
        if self.position > 0:
            orders.append(self.place("sell", held, "exit"))
            if allow_short:  # reverse long to short
                orders.append(self.place("sell", qty, "entry"))
            return orders
        if self.position < 0 or not allow_short:
            return orders  # already short, or shorting not allowed
        orders.append(self.place("sell", qty, "entry"))
        return orders

    def mark(self, bar):
        value = notional(bar["close"], abs(self.position))
        equity = add(self.cash, value if self.position > 0 else -value)
        if self.marks and self.marks[-1]["time"] == iso(bar["ts"]):
            self.marks[-1] = {"time": iso(bar["ts"]), "cash": self.cash, "equity": equity}
        else:
            self.marks.append({"time": iso(bar["ts"]), "cash": self.cash, "equity": equity})


def run(bars, params, cash, fee_bps, slippage_bps):
    fast_n, slow_n = int(params["fast"]), int(params["slow"])
    qty = fixed(params["qty"])
    allow_short = params["allow_short"] == "true"
    signals = crosses(bars, fast_n, slow_n)
    bt = Backtest(cash, fee_bps, slippage_bps)
    working = []
    for i, bar in enumerate(bars):
        # orders decided at the previous close fill at this open, in order
        for order in working:
            bt.fill(order, bar["open"], bar["ts"], "candle")
        working = []
        if signals[i] is not None:
            working = bt.decide(signals[i], qty, allow_short)
        bt.mark(bar)
    last = bars[-1]
    # decided on the last bar: no next open, the orders expire
    bt.expired = len(working)
    if any(order["purpose"] == "entry" for order in working):
        bt.open_trade = bt.held_trade  # the entry never happened
    # the end-of-data exit closes what is really held at the last close
    if bt.position != 0:
        bt.held_trade = bt.open_trade
        side = "sell" if bt.position > 0 else "buy"
        order = bt.place(side, abs(bt.position), "exit")
        bt.fill(order, last["close"], last["ts"], "schedule")
    bt.mark(last)
    return bt


def dump(golden):
    """JSON with one fill or trade per line: small, and a diff names the
    row that changed."""
    lines = []
    keys = list(golden)
    for n, key in enumerate(keys):
        value = golden[key]
        comma = "," if n + 1 < len(keys) else ""
        if isinstance(value, list):
            rows = [" " * 2 + json.dumps(row) for row in value]
            body = ",\n".join(rows)
            lines.append(" %s: [\n%s\n ]%s" % (json.dumps(key), body, comma) if rows
                         else " %s: []%s" % (json.dumps(key), comma))
        else:
            lines.append(" %s: %s%s" % (json.dumps(key), json.dumps(value), comma))
    return "{\n" + "\n".join(lines) + "\n}\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--strategy", default="ema_cross", choices=sorted(STRATEGY_DEFAULTS))
    parser.add_argument("--param", action="append", default=[])
    parser.add_argument("--cash", default="100000")
    parser.add_argument("--fee-bps", default="0")
    parser.add_argument("--slippage-bps", default="0")
    parser.add_argument("--out")
    args = parser.parse_args()

    params = dict(STRATEGY_DEFAULTS[args.strategy])
    for item in args.param:
        key, eq, value = item.partition("=")
        if not eq or key not in params:
            raise SystemExit("unknown or malformed --param %r (valid: %s)" % (item, ", ".join(params)))
        params[key] = value
    if int(params["fast"]) >= int(params["slow"]):
        raise SystemExit("fast must be less than slow")
    if params["allow_short"] not in ("true", "false"):
        raise SystemExit("allow_short must be true or false")

    cash = fixed(args.cash)
    fee_bps = fixed(args.fee_bps)
    slippage_bps = fixed(args.slippage_bps)
    bars = read_bars(args.data)
    bt = run(bars, params, cash, fee_bps, slippage_bps)

    command = ["python3", "tests/tools/fill_reference.py", "--data", args.data, "--strategy",
               args.strategy]
    for item in args.param:
        command += ["--param", item]
    command += ["--fee-bps", args.fee_bps, "--slippage-bps", args.slippage_bps]
    if args.cash != "100000":
        command += ["--cash", args.cash]
    golden = {
        "generated_by": " ".join(command),
        "data": args.data,
        "strategy": args.strategy,
        "params": params,
        "initial_cash": text(cash),
        "fee_bps": text(fee_bps),
        "slippage_bps": text(slippage_bps),
        "bars": len(bars),
        "orders": bt.orders,
        "expired_orders": bt.expired,
        "fill_count": len(bt.fills),
        "trade_count": len(bt.trades),
        "fills": bt.fills,
        "trades": [
            {
                "index": i,
                "side": t["side"],
                "qty": text(t["qty"]),
                "entry_time": t["entry_time"],
                "entry_price": text(t["entry_price"]),
                "exit_time": t["exit_time"],
                "exit_price": text(t["exit_price"]),
                "pnl": text(t["pnl"]),
                "fees": text(t["fees"]),
            }
            for i, t in enumerate(bt.trades)
        ],
        "total_fees": text(bt.fees),
        "final_cash": text(bt.cash),
        "final_equity": text(bt.marks[-1]["equity"]),
        "net_pnl": text(sub(bt.cash, cash)),
        "equity_marks": len(bt.marks),
    }
    out = dump(golden)
    if args.out:
        with open(args.out, "w", encoding="utf-8") as handle:
            handle.write(out)
    else:
        sys.stdout.write(out)


if __name__ == "__main__":
    main()
