#!/usr/bin/env python3
"""Independent implementation of DESIGN.md's resample rules (causeway-cli
resample), used to write the golden files the engine is checked against.
Plain Python 3, standard library only, exact decimals; shares no code with
the engine. Not run by the test suite.

Rules: buckets aligned to the UTC epoch (start = floor(t / tf) * tf, the
bar's timestamp); open = first price, high = max, low = min, close = last,
volume = sum of sizes (a tick without size counts 1; a bar contributes its
volume); a bucket with no data has no bar. Output: timestamp,open,high,low,
close,volume with ISO 8601 UTC timestamps ending in Z and numbers in their
shortest exact decimal form.

Regenerate the golden files (from the repository root):

    for tf in 1h 4h 1d; do
        python3 tests/tools/resample_reference.py resources/data/usdchf_30m.csv $tf \\
            > tests/golden/usdchf_30m_$tf.csv
    done

usage: resample_reference.py TICKS_OR_BARS.csv TIMEFRAME
"""
import csv
import datetime
import re
import sys
from decimal import Decimal

UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def parse_timeframe(text):
    match = re.fullmatch(r"([1-9][0-9]*)([smhdw])", text)
    if not match:
        sys.exit(f"bad timeframe {text!r}")
    return int(match.group(1)) * UNIT_SECONDS[match.group(2)]


def epoch_seconds(text):
    """Whole seconds since the epoch; the reference handles second-resolution
    data only, which is all the golden inputs hold."""
    text = text.strip()
    if re.fullmatch(r"-?[0-9]+", text):
        value = int(text)
        for limit, divisor in ((10**11, 1), (10**14, 10**3), (10**17, 10**6)):
            if abs(value) < limit:
                if value % divisor:
                    sys.exit(f"sub-second epoch time {text!r}")
                return value // divisor
        if value % 10**9:
            sys.exit(f"sub-second epoch time {text!r}")
        return value // 10**9
    if len(text) == 10:
        text += "T00:00:00Z"
    moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.timezone.utc)
    if moment.microsecond:
        sys.exit(f"sub-second time {text!r}")
    return (moment - EPOCH) // datetime.timedelta(seconds=1)


def iso(seconds):
    moment = EPOCH + datetime.timedelta(seconds=seconds)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def shortest(value):
    return format(value.normalize(), "f")


def column(names, *aliases):
    for index, name in enumerate(names):
        if name.strip().lower() in aliases:
            return index
    return None


def rows(path):
    with open(path, newline="", encoding="utf-8-sig") as handle:
        reader = csv.reader(handle)
        names = next(reader)
        time = column(names, "timestamp", "time", "date", "datetime", "ts")
        ohlc = [column(names, *a) for a in (("open", "o"), ("high", "h"), ("low", "l"),
                                             ("close", "c"))]
        if all(index is not None for index in ohlc):
            volume = column(names, "volume", "vol", "v")
            for row in reader:
                if not any(cell.strip() for cell in row):
                    continue
                o, h, l, c = (Decimal(row[index]) for index in ohlc)
                v = Decimal(row[volume]) if volume is not None else Decimal(0)
                yield epoch_seconds(row[time]), o, h, l, c, v
            return
        price = column(names, "price")
        size = column(names, "size", "qty", "quantity", "volume")
        for row in reader:
            if not any(cell.strip() for cell in row):
                continue
            p = Decimal(row[price])
            s = Decimal(row[size]) if size is not None and row[size].strip() else Decimal(1)
            yield epoch_seconds(row[time]), p, p, p, p, s


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    width = parse_timeframe(sys.argv[2])
    buckets = {}
    order = []
    for seconds, o, h, l, c, v in rows(sys.argv[1]):
        start = seconds - seconds % width  # Python's % floors, also before 1970
        bar = buckets.get(start)
        if bar is None:
            buckets[start] = [o, h, l, c, v]
            order.append(start)
        else:
            bar[1] = max(bar[1], h)
            bar[2] = min(bar[2], l)
            bar[3] = c
            bar[4] += v
    out = sys.stdout
    out.write("timestamp,open,high,low,close,volume\n")
    for start in sorted(order):
        o, h, l, c, v = buckets[start]
        out.write(",".join([iso(start)] + [shortest(x) for x in (o, h, l, c, v)]) + "\n")


if __name__ == "__main__":
    main()
