#!/usr/bin/env python3
"""Independent computation of DESIGN.md's ema_cross rules, used to write the
expected trades into tests/integration/test_backtest_slice.cpp. Plain Python
with exact decimals for money; not run by the test suite.

usage: ema_cross_reference.py BARS.csv [fast] [slow] [allow_short]
"""
import csv
import sys
from decimal import Decimal


def ema(values, n):
    out = [None] * len(values)
    if len(values) < n:
        return out
    k = 2.0 / (n + 1)
    prev = sum(values[:n]) / n
    out[n - 1] = prev
    for i in range(n, len(values)):
        prev = (values[i] - prev) * k + prev
        out[i] = prev
    return out


def main():
    path = sys.argv[1]
    fast_n = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    slow_n = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    allow_short = len(sys.argv) > 4 and sys.argv[4] == "true"
    rows = list(csv.DictReader(open(path)))
    dates = [r.get("date") or r.get("timestamp") for r in rows]
    opens = [Decimal(r["open"]) for r in rows]
    closes = [Decimal(r["close"]) for r in rows]
    fast = ema([float(c) for c in closes], fast_n)
    slow = ema([float(c) for c in closes], slow_n)
    position = 0  # +1 long, -1 short
    pending = None  # action decided at a close, executed at the next open
    entry = None
    trades = []
    for i in range(len(rows)):
        if pending is not None:
            price = opens[i]
            if pending in ("exit", "reverse") and position != 0:
                trades.append((entry[0], entry[1], dates[i], price, "long" if position > 0 else "short"))
                position = 0
            if pending in ("long", "short", "reverse"):
                target = pending if pending != "reverse" else ("short" if trades[-1][4] == "long" else "long")
                position = 1 if target == "long" else -1
                entry = (dates[i], price)
            pending = None
        if i == 0 or None in (fast[i], slow[i], fast[i - 1], slow[i - 1]):
            continue
        up = fast[i] > slow[i] and fast[i - 1] <= slow[i - 1]
        down = fast[i] < slow[i] and fast[i - 1] >= slow[i - 1]
        if up:
            if position == 0:
                pending = "long"
            elif position < 0:
                pending = "reverse"
        elif down:
            if position > 0:
                pending = "reverse" if allow_short else "exit"
            elif position == 0 and allow_short:
                pending = "short"
    if position != 0:  # end-of-data exit at the last close
        trades.append((entry[0], entry[1], dates[-1], closes[-1], "long" if position > 0 else "short"))
    for entry_date, entry_price, exit_date, exit_price, side in trades:
        pnl = (exit_price - entry_price) if side == "long" else (entry_price - exit_price)
        print(side, entry_date, entry_price, exit_date, exit_price, pnl)


if __name__ == "__main__":
    main()
