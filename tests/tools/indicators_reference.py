#!/usr/bin/env python3
"""Independent reference for the indicators TA-Lib does not have.

Writes tests/golden/extra_<dataset>.csv for keltner, donchian, vwap and
ichimoku on the same six datasets as the TA-Lib golden files. The formulas
are the plain, non-streaming definitions of engine/indicators/README.md,
written from them and not from the C++ code: each value is recomputed from
the whole series (windows are sliced, sums restarted), so a bookkeeping slip
in the streaming code cannot hide behind the same slip here.

Run once from the repository root and commit the CSVs:

    python3 tests/tools/indicators_reference.py

Python 3 standard library only. Numbers are written with repr(), the
shortest text that reads back as the same double; an empty cell means the
indicator has no value yet (or, for VWAP, no volume traded yet in the
period).
"""

import csv
import datetime
import os

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))

DATASETS = {
    "msft_daily": os.path.join(ROOT, "resources", "data", "msft_daily.csv"),
    "sp500_daily": os.path.join(ROOT, "resources", "data", "sp500_daily.csv"),
    "edge_flat": os.path.join(ROOT, "tests", "data", "edge_flat.csv"),
    "edge_zero_volume": os.path.join(ROOT, "tests", "data", "edge_zero_volume.csv"),
    "edge_single_bar": os.path.join(ROOT, "tests", "data", "edge_single_bar.csv"),
    "edge_gap": os.path.join(ROOT, "tests", "data", "edge_gap.csv"),
}

# The specs, as `causeway-cli indicators --spec` takes them.
SPECS = [
    "keltner:20:2",
    "keltner:10:1.5:5",
    "donchian:20",
    "donchian:5",
    "vwap",
    "vwap:week",
    "vwap:month",
    "vwap:none",
    "ichimoku",
    "ichimoku:5:10:20",
]


def read_bars(path):
    with open(path, newline="") as handle:
        rows = list(csv.reader(handle))
    header = [name.strip().lower() for name in rows[0]]
    column = {name: header.index(name) for name in ("date", "high", "low", "close", "volume")}
    bars = []
    for row in rows[1:]:
        bars.append({
            "date": row[column["date"]],
            "day": datetime.date.fromisoformat(row[column["date"]]),
            "high": float(row[column["high"]]),
            "low": float(row[column["low"]]),
            "close": float(row[column["close"]]),
            "volume": float(row[column["volume"]]),
        })
    return bars


def ema(values, period):
    """EMA seeded by the mean of the first `period` values (TA-Lib's seeding)."""
    out = [None] * len(values)
    if len(values) < period:
        return out
    k = 2.0 / (period + 1)
    out[period - 1] = sum(values[:period]) / period
    for i in range(period, len(values)):
        out[i] = (values[i] - out[i - 1]) * k + out[i - 1]
    return out


def true_ranges(bars):
    """True range of each bar; the first has no previous close, so none."""
    ranges = [None]
    for i in range(1, len(bars)):
        high, low, previous = bars[i]["high"], bars[i]["low"], bars[i - 1]["close"]
        ranges.append(max(high - low, abs(high - previous), abs(low - previous)))
    return ranges


def atr(bars, period):
    """Wilder's ATR: the first is the mean of the first `period` true ranges."""
    ranges = true_ranges(bars)
    out = [None] * len(bars)
    if period == 1:
        return ranges
    if len(bars) <= period:
        return out
    out[period] = sum(ranges[1:period + 1]) / period
    for i in range(period + 1, len(bars)):
        out[i] = (out[i - 1] * (period - 1) + ranges[i]) / period
    return out


def keltner(bars, period, multiplier, atr_period=10):
    middle = ema([bar["close"] for bar in bars], period)
    width = atr(bars, atr_period)
    rows = []
    for m, a in zip(middle, width):
        if m is None or a is None:
            rows.append([None, None, None])
        else:
            rows.append([m + multiplier * a, m, m - multiplier * a])
    return ["upper", "middle", "lower"], rows


def highest_lowest(bars, period, i):
    window = bars[i - period + 1:i + 1]
    return max(bar["high"] for bar in window), min(bar["low"] for bar in window)


def donchian(bars, period):
    rows = []
    for i in range(len(bars)):
        if i < period - 1:
            rows.append([None, None, None])
            continue
        upper, lower = highest_lowest(bars, period, i)
        rows.append([upper, (upper + lower) / 2, lower])
    return ["upper", "middle", "lower"], rows


def anchor_key(day, anchor):
    if anchor == "session":
        return day
    if anchor == "week":
        return day.isocalendar()[:2]
    if anchor == "month":
        return (day.year, day.month)
    return None


def vwap(bars, anchor="session"):
    rows = []
    key = object()
    for i, bar in enumerate(bars):
        if anchor_key(bar["day"], anchor) != key:
            key = anchor_key(bar["day"], anchor)
            start = i
        period = bars[start:i + 1]
        volume = sum(b["volume"] for b in period)
        if volume > 0:
            traded = sum((b["high"] + b["low"] + b["close"]) / 3 * b["volume"] for b in period)
            rows.append([traded / volume])
        else:
            rows.append([None])
    return [""], rows


def midpoint(bars, period, i):
    if i < period - 1:
        return None
    upper, lower = highest_lowest(bars, period, i)
    return (upper + lower) / 2


def ichimoku(bars, tenkan=9, kijun=26, senkou_b=52):
    rows = []
    for i in range(len(bars)):
        conversion = midpoint(bars, tenkan, i)
        base = midpoint(bars, kijun, i)
        span_a = span_b = None
        past = i - kijun  # the spans over bar i were computed `kijun` bars before
        if past >= 0:
            past_conversion = midpoint(bars, tenkan, past)
            past_base = midpoint(bars, kijun, past)
            if past_conversion is not None and past_base is not None:
                span_a = (past_conversion + past_base) / 2
            span_b = midpoint(bars, senkou_b, past)
        rows.append([conversion, base, span_a, span_b])
    return ["tenkan", "kijun", "senkou_a", "senkou_b"], rows


def compute(spec, bars):
    name, *params = spec.split(":")
    if name == "keltner":
        return keltner(bars, int(params[0]), float(params[1]), *(int(p) for p in params[2:]))
    if name == "donchian":
        return donchian(bars, int(params[0]))
    if name == "vwap":
        return vwap(bars, *params)
    if name == "ichimoku":
        return ichimoku(bars, *(int(p) for p in params))
    raise ValueError(f"no reference for {spec}")


def cell(value):
    return "" if value is None else repr(value)


def main():
    for dataset, path in DATASETS.items():
        bars = read_bars(path)
        header = ["date"]
        columns = []
        for spec in SPECS:
            fields, rows = compute(spec, bars)
            base = spec.replace(":", "_")
            for f, field in enumerate(fields):
                header.append(base if len(fields) == 1 else f"{base}.{field}")
                columns.append([row[f] for row in rows])
        out = os.path.join(ROOT, "tests", "golden", f"extra_{dataset}.csv")
        with open(out, "w", newline="") as handle:
            handle.write(",".join(header) + "\n")
            for i, bar in enumerate(bars):
                handle.write(",".join([bar["date"]] + [cell(c[i]) for c in columns]) + "\n")
        print(f"{out}: {len(bars)} rows, {len(header) - 1} columns")


if __name__ == "__main__":
    main()
