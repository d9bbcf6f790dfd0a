// Writes tests/golden/<set>_<dataset>.csv from TA-Lib (talib-web: TA-Lib C
// compiled to WebAssembly). Run once with `npm install && node gen_golden.mjs`
// and commit the CSVs; the test suite reads them and never needs npm.
//
// Each golden file has the columns date, the inputs the indicators read
// (close, or open/high/low/close/volume) and one column per indicator
// output. A warm-up bar (no value yet in TA-Lib) is an empty cell. Numbers
// are printed with JavaScript's shortest round-trip form, so parsing them
// back gives TA-Lib's double exactly.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

delete globalThis.fetch;  // Node 20: makes the emscripten loader read the .wasm from disk
const talib = await import("talib-web");

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..", "..");
const wasm = join(here, "node_modules", "talib-web", "lib", "talib.wasm");
const ta = await talib.init(wasm);

// Calls TA_<fn> in the WebAssembly module directly. talib-web's own wrappers
// pass endIdx one past the last bar (TA-Lib's endIdx is inclusive), so the
// last value reads beyond the input, and they drop outBegIdx/outNBElement, so
// a result cannot be aligned to its bars. This calls TA-Lib as its C API
// documents: startIdx 0, endIdx n-1, options in declaration order, and
// returns each output aligned to the bars (undefined during warm-up).
function taCall(fn, inputs, options, outputCount) {
    const n = inputs[0].length;
    const allocated = [];
    const doubles = (values) => {
        const offset = ta._malloc(Math.max(values.length, 1) * 8);
        ta.HEAPF64.set(Float64Array.from(values), offset / 8);
        allocated.push(offset);
        return offset;
    };
    const ints = ta._malloc(8);
    allocated.push(ints);
    const outputs = Array.from({ length: outputCount }, () => doubles(new Array(n).fill(0)));
    const args = [0, n - 1, ...inputs.map(doubles), ...options, ints, ints + 4, ...outputs];
    const code = ta.ccall(`TA_${fn}`, "number", args.map(() => "number"), args);
    const begIdx = ta.HEAP32[ints / 4];
    const count = ta.HEAP32[ints / 4 + 1];
    const result = outputs.map((offset) => {
        const aligned = new Array(n).fill(undefined);
        for (let i = 0; i < count; ++i) aligned[begIdx + i] = ta.HEAPF64[offset / 8 + i];
        return aligned;
    });
    allocated.forEach((offset) => ta._free(offset));
    if (code !== 0) throw new Error(`TA_${fn} returned ${code}`);
    return result;
}

const data = (name) => join(root, "resources", "data", name);
const edge = (name) => join(root, "tests", "data", name);
const realData = {
    msft_daily: data("msft_daily.csv"),
    sp500_daily: data("sp500_daily.csv"),
};
// Hand-made edge cases: a flat stretch with no movement, zero volume, a
// single bar, a price and time gap.
const edgeData = {
    edge_flat: edge("edge_flat.csv"),
    edge_zero_volume: edge("edge_zero_volume.csv"),
    edge_single_bar: edge("edge_single_bar.csv"),
    edge_gap: edge("edge_gap.csv"),
};

// TA-Lib's MA types, as its C enum numbers them.
const SMA = 0;

const HLC = ["high", "low", "close"];
const HLCV = ["high", "low", "close", "volume"];
const one = (fn, inputs, options, name) => ({ fn, inputs, options, outputs: [name] });

// A column group is one indicator spec as `causeway-cli indicators --spec`
// takes it; its columns are named as the CLI names them (DESIGN.md: the
// spec with ':' replaced by '_', '.field' for multi-output indicators).
// Each group lists the TA-Lib calls that produce its columns: the function,
// its inputs and options in the order of the C signature, and our names
// for its outputs in order.
function group(spec, calls) {
    return { spec, calls };
}
function indicatorGroups() {
    const groups = [];
    for (const [name, fn] of [["sma", "SMA"], ["ema", "EMA"], ["wma", "WMA"], ["dema", "DEMA"],
                              ["tema", "TEMA"]]) {
        for (const period of [5, 20]) {
            const spec = `${name}:${period}`;
            groups.push(group(spec, [one(fn, ["close"], [period], spec)]));
        }
    }
    for (const period of [2, 14]) {
        groups.push(group(`rsi:${period}`, [one("RSI", ["close"], [period], `rsi:${period}`)]));
    }
    for (const [fast, slow, signal] of [[12, 26, 9], [5, 13, 4]]) {
        const spec = `macd:${fast}:${slow}:${signal}`;
        groups.push(group(spec, [{ fn: "MACD", inputs: ["close"], options: [fast, slow, signal],
                                   outputs: [`${spec}.macd`, `${spec}.signal`, `${spec}.hist`] }]));
    }
    for (const [k, slowK, d] of [[14, 3, 3], [5, 3, 3]]) {
        const spec = `stoch:${k}:${slowK}:${d}`;
        groups.push(group(spec, [{ fn: "STOCH", inputs: HLC, options: [k, slowK, SMA, d, SMA],
                                   outputs: [`${spec}.k`, `${spec}.d`] }]));
    }
    {
        const spec = "stochrsi:14:14:3";
        groups.push(group(spec, [{ fn: "STOCHRSI", inputs: ["close"], options: [14, 14, 3, SMA],
                                   outputs: [`${spec}.k`, `${spec}.d`] }]));
    }
    for (const period of [14, 20]) {
        groups.push(group(`cci:${period}`, [one("CCI", HLC, [period], `cci:${period}`)]));
    }
    for (const period of [5, 14]) {
        const spec = `adx:${period}`;
        groups.push(group(spec, [one("ADX", HLC, [period], `${spec}.adx`),
                                 one("PLUS_DI", HLC, [period], `${spec}.plus_di`),
                                 one("MINUS_DI", HLC, [period], `${spec}.minus_di`)]));
    }
    groups.push(group("willr:14", [one("WILLR", HLC, [14], "willr:14")]));
    groups.push(group("roc:10", [one("ROC", ["close"], [10], "roc:10")]));
    groups.push(group("mom:10", [one("MOM", ["close"], [10], "mom:10")]));
    for (const period of [1, 14]) {
        groups.push(group(`atr:${period}`, [one("ATR", HLC, [period], `atr:${period}`)]));
    }
    groups.push(group("natr:14", [one("NATR", HLC, [14], "natr:14")]));
    for (const [period, dev] of [[20, 2], [5, 1.5]]) {
        const spec = `bbands:${period}:${dev}`;
        groups.push(group(spec, [{ fn: "BBANDS", inputs: ["close"], options: [period, dev, dev, SMA],
                                   outputs: [`${spec}.upper`, `${spec}.middle`, `${spec}.lower`] }]));
    }
    groups.push(group("obv", [one("OBV", ["close", "volume"], [], "obv")]));
    groups.push(group("mfi:14", [one("MFI", HLCV, [14], "mfi:14")]));
    groups.push(group("ad", [one("AD", HLCV, [], "ad")]));
    for (const [step, max] of [[0.02, 0.2], [0.01, 0.1]]) {
        const spec = `sar:${step}:${max}`;
        groups.push(group(spec, [one("SAR", ["high", "low"], [step, max], spec)]));
    }
    return groups;
}

// One golden set: the datasets it covers, the input columns it records and
// its column groups.
const sets = {
    ema: {
        datasets: realData,
        inputs: ["close"],
        groups: [2, 10, 20, 30].map((period) =>
            group(`ema:${period}`, [one("EMA", ["close"], [period], `ema_${period}`)])),
    },
    indicators: {
        datasets: { ...realData, ...edgeData },
        inputs: [],
        groups: indicatorGroups(),
    },
};

function readBars(path) {
    const lines = readFileSync(path, "utf8").trim().split(/\r?\n/);
    const header = lines[0].split(",").map((h) => h.trim().toLowerCase());
    const column = (name) => header.indexOf(name);
    const bars = { date: [], open: [], high: [], low: [], close: [], volume: [] };
    for (const line of lines.slice(1)) {
        const cells = line.split(",");
        bars.date.push(cells[column("date")]);
        for (const field of ["open", "high", "low", "close", "volume"])
            bars[field].push(Number(cells[column(field)]));
    }
    return bars;
}

function toCells(values) {
    return values.map((value, i) => {
        if (value === undefined) return "";
        if (!Number.isFinite(value)) throw new Error(`non-finite TA-Lib value at bar ${i}`);
        return String(value);
    });
}

// `node gen_golden.mjs --probes` prints, instead of writing the golden files,
// TA-Lib's output for a few tiny hand-made inputs that decide how it treats
// near-zero values, flat ranges and tiny volume: cases the datasets do not
// reach. tests/unit/test_indicators.cpp (taLibProbes) holds these values.
function printProbes() {
    const tiny = [1, 1.000000001, 1.000000002, 1.000000003, 1.000000004];
    const ones = [1, 1, 1, 1, 1];
    const probes = [
        // changes of 1e-9: TA-Lib's zero band is 1e-14, so this is a rise, not flat
        ["rsi:2 close=tiny", taCall("RSI", [tiny], [2], 1)],
        ["bbands:2:1 close=1,1.00001,1,1.00001",
         taCall("BBANDS", [[1, 1.00001, 1, 1.00001]], [2, 1, 1, SMA], 3)],
        ["adx:2 plus_di high=tiny low=close=1", taCall("PLUS_DI", [tiny, ones, ones], [2], 1)],
        ["cci:2 high=1,1,1,1.000000001 low=close=1",
         taCall("CCI", [[1, 1, 1, 1.000000001], [1, 1, 1, 1], [1, 1, 1, 1]], [2], 1)],
        // a window whose money flow totals less than 1 is reported as 0
        ["mfi:2 hlc=1..5 volume=0.01",
         taCall("MFI", [[1, 2, 3, 4, 5], [1, 2, 3, 4, 5], [1, 2, 3, 4, 5],
                        [0.01, 0.01, 0.01, 0.01, 0.01]], [2], 1)],
        // NATR(1) is the raw true range, not a percentage
        ["natr:1 high=3..6 low=1..4 close=2..5",
         taCall("NATR", [[3, 4, 5, 6], [1, 2, 3, 4], [2, 3, 4, 5]], [1], 1)],
        // high and low move by the same amount: a tie starts long
        ["sar:0.02:0.2 high=10,11,12 low=9,8,9",
         taCall("SAR", [[10, 11, 12], [9, 8, 9]], [0.02, 0.2], 1)],
        ["roc:1 close=0,5,10", taCall("ROC", [[0, 5, 10]], [1], 1)],
    ];
    for (const [name, outputs] of probes) {
        console.log(name, JSON.stringify(outputs.map((values) => values.map((v) => v ?? null))));
    }
}
if (process.argv.includes("--probes")) {
    printProbes();
    process.exit(0);
}

mkdirSync(join(root, "tests", "golden"), { recursive: true });
const columnName = (name) => name.replaceAll(":", "_");
for (const [setName, set] of Object.entries(sets)) {
    for (const [datasetName, path] of Object.entries(set.datasets)) {
        const bars = readBars(path);
        const n = bars.date.length;
        const header = ["date", ...set.inputs];
        const columns = set.inputs.map((field) => bars[field].map(String));
        for (const { calls } of set.groups) {
            for (const call of calls) {
                const result = taCall(call.fn, call.inputs.map((field) => bars[field]), call.options,
                                      call.outputs.length);
                call.outputs.forEach((name, i) => {
                    header.push(columnName(name));
                    columns.push(toCells(result[i]));
                });
            }
        }
        const rows = [header.join(",")];
        for (let i = 0; i < n; ++i) rows.push([bars.date[i], ...columns.map((c) => c[i])].join(","));
        const out = join(root, "tests", "golden", `${setName}_${datasetName}.csv`);
        writeFileSync(out, rows.join("\n") + "\n");
        console.log(`${out}: ${n} rows, ${header.length - 1 - set.inputs.length} indicator columns`);
    }
}
