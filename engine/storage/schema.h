#pragma once

namespace causeway::engine::schema {

// PRAGMA user_version of a database this build writes. Each step in
// kMigrations takes a database from version i to i + 1, in one transaction.
// A step is history: once released it never changes (tests/unit/
// test_storage_migrations.cpp keeps a frozen copy and builds a database at
// every earlier version); a schema change is a new step at the end.
inline constexpr int kVersion = 4;

// Ledger (reality) and journal (causality) share one SQLite file so a run is
// one artefact; they never share a table. Prices, quantities and money are
// exact decimal text; times are integer nanoseconds since the epoch, UTC.
inline constexpr const char* kMigrations[] = {
    // v1: the ledger and the journal.
    R"SQL(
CREATE TABLE run_info (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE bars (
    symbol    TEXT    NOT NULL,
    timeframe TEXT    NOT NULL,
    ts        INTEGER NOT NULL,
    open      TEXT    NOT NULL,
    high      TEXT    NOT NULL,
    low       TEXT    NOT NULL,
    close     TEXT    NOT NULL,
    volume    TEXT    NOT NULL,
    PRIMARY KEY (symbol, timeframe, ts)
) WITHOUT ROWID;

-- ledger: what happened
CREATE TABLE trades (
    trade_id    TEXT PRIMARY KEY,
    strategy    TEXT    NOT NULL,
    symbol      TEXT    NOT NULL,
    side        TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    qty         TEXT    NOT NULL,
    entry_ts    INTEGER,
    entry_price TEXT,
    exit_ts     INTEGER,
    exit_price  TEXT,
    pnl         TEXT,
    fees        TEXT    NOT NULL,
    seq         INTEGER NOT NULL
);
CREATE TABLE execution_groups (
    group_id TEXT PRIMARY KEY,
    trade_id TEXT    NOT NULL REFERENCES trades(trade_id),
    purpose  TEXT    NOT NULL,
    ts       INTEGER NOT NULL
);
CREATE TABLE orders (
    order_id       TEXT PRIMARY KEY,
    trade_id       TEXT    NOT NULL REFERENCES trades(trade_id),
    group_id       TEXT    NOT NULL REFERENCES execution_groups(group_id),
    strategy       TEXT    NOT NULL,
    symbol         TEXT    NOT NULL,
    side           TEXT    NOT NULL,
    type           TEXT    NOT NULL,
    qty            TEXT    NOT NULL,
    filled_qty     TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    decision_price TEXT,
    created_ts     INTEGER NOT NULL,
    updated_ts     INTEGER NOT NULL,
    seq            INTEGER NOT NULL
);
CREATE INDEX orders_trade ON orders(trade_id);
CREATE TABLE fills (
    fill_id  TEXT PRIMARY KEY,
    order_id TEXT    NOT NULL REFERENCES orders(order_id),
    ts       INTEGER NOT NULL,
    price    TEXT    NOT NULL,
    qty      TEXT    NOT NULL,
    fee      TEXT    NOT NULL,
    seq      INTEGER NOT NULL
);
CREATE INDEX fills_order ON fills(order_id);
CREATE TABLE positions (
    strategy     TEXT    NOT NULL,
    symbol       TEXT    NOT NULL,
    qty          TEXT    NOT NULL,
    avg_price    TEXT    NOT NULL,
    realized_pnl TEXT    NOT NULL,
    fees         TEXT    NOT NULL,
    updated_ts   INTEGER NOT NULL,
    PRIMARY KEY (strategy, symbol)
);
CREATE TABLE equity (
    ts     INTEGER PRIMARY KEY,
    cash   TEXT NOT NULL,
    equity TEXT NOT NULL
);

-- journal: why it happened
CREATE TABLE journal (
    entry_id  INTEGER PRIMARY KEY,
    kind      TEXT    NOT NULL,
    ts        INTEGER NOT NULL,
    order_id  TEXT,
    fill_id   TEXT,
    causality TEXT    NOT NULL,
    context   TEXT    NOT NULL
);
CREATE INDEX journal_order ON journal(order_id);
)SQL",

    // v2: indexes for the query API and the writer's updates, and the
    // order_causes view the analytics read.
    R"SQL(
-- a trade's execution groups (and the foreign key's lookup of them)
CREATE INDEX execution_groups_trade ON execution_groups(trade_id);
-- arrival price: the first bar of the symbol after an order was placed
CREATE INDEX bars_symbol_ts ON bars(symbol, ts);
-- from a fill to its story
CREATE INDEX journal_fill ON journal(fill_id);

-- Why each order exists, flattened from its journal entry of kind 'order'.
-- Absent context fields are NULL. algorithm: the order's own (a directive's
-- legs may differ), else the directive's. signal_count: the decision's signals (0
-- for a decision without any, e.g. a scheduled exit; NULL when the context
-- has no signal list); signal_types: their types in chain order joined by
-- ',', '' for a signal without a type.
CREATE VIEW order_causes AS
SELECT o.order_id,
       o.trade_id,
       o.strategy,
       o.symbol,
       o.side,
       o.seq,
       json_extract(j.causality, '$.origin.type') AS origin_type,
       json_extract(j.causality, '$.origin.id') AS origin_id,
       json_extract(j.context, '$.regime.regime') AS regime,
       coalesce(json_extract(j.context, '$.order.algorithm'),
                json_extract(j.context, '$.execution.algorithm')) AS algorithm,
       json_array_length(j.context, '$.signals') AS signal_count,
       (SELECT group_concat(coalesce(json_extract(s.value, '$.type'), ''), ',')
        FROM json_each(j.context, '$.signals') AS s) AS signal_types
FROM orders AS o
LEFT JOIN journal AS j
       ON j.entry_id = (SELECT min(entry_id) FROM journal
                        WHERE order_id = o.order_id AND kind = 'order');
)SQL",

    // v3: the order types beyond market and limit, time in force, brackets
    // (parent and OCO group), maker/taker fills, FIFO lots beside average
    // cost.
    R"SQL(
ALTER TABLE orders ADD COLUMN tif TEXT NOT NULL DEFAULT 'gtc';
ALTER TABLE orders ADD COLUMN limit_price TEXT;
ALTER TABLE orders ADD COLUMN stop_price TEXT;
ALTER TABLE orders ADD COLUMN trail_amount TEXT;
ALTER TABLE orders ADD COLUMN trail_bps TEXT;
ALTER TABLE orders ADD COLUMN valid_bars INTEGER NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN parent_id TEXT;
ALTER TABLE orders ADD COLUMN oco_group TEXT;
ALTER TABLE fills ADD COLUMN liquidity TEXT NOT NULL DEFAULT 'taker';
ALTER TABLE positions ADD COLUMN realized_pnl_fifo TEXT NOT NULL DEFAULT '0';

-- the open lots of each position, oldest first (FIFO)
CREATE TABLE position_lots (
    strategy TEXT    NOT NULL,
    symbol   TEXT    NOT NULL,
    lot      INTEGER NOT NULL,
    fill_id  TEXT    NOT NULL,
    ts       INTEGER NOT NULL,
    price    TEXT    NOT NULL,
    qty      TEXT    NOT NULL,
    PRIMARY KEY (strategy, symbol, lot)
) WITHOUT ROWID;
)SQL",

    // v4: one equity curve per symbol, so the executors of a multi-symbol
    // run no longer overwrite each other's marks. A run before it had one
    // executor: its marks are its bars' symbol's.
    R"SQL(
CREATE TABLE equity_by_symbol (
    symbol TEXT    NOT NULL,
    ts     INTEGER NOT NULL,
    cash   TEXT    NOT NULL,
    equity TEXT    NOT NULL,
    PRIMARY KEY (symbol, ts)
) WITHOUT ROWID;
INSERT INTO equity_by_symbol(symbol, ts, cash, equity)
SELECT coalesce((SELECT min(symbol) FROM bars), ''), ts, cash, equity FROM equity;
DROP TABLE equity;
ALTER TABLE equity_by_symbol RENAME TO equity;
-- the portfolio's curve: every symbol's marks in time order
CREATE INDEX equity_ts ON equity(ts, symbol);
)SQL",
};

}  // namespace causeway::engine::schema
