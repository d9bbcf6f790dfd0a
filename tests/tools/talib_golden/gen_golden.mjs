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

const datasets = {
    msft_daily: join(root, "resources", "data", "msft_daily.csv"),
    sp500_daily: join(root, "resources", "data", "sp500_daily.csv"),
};

// One golden set: the input columns it records and its indicator columns.
// Each column spec names the TA-Lib function, its inputs and options in the
// order of the C signature, and our names for its outputs in order.
const sets = {
    ema: {
        inputs: ["close"],
        columns: [2, 10, 20, 30].map((period) => ({
            fn: "EMA",
            inputs: ["close"],
            options: [period],
            outputs: [`ema_${period}`],
        })),
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

mkdirSync(join(root, "tests", "golden"), { recursive: true });
for (const [setName, set] of Object.entries(sets)) {
    for (const [datasetName, path] of Object.entries(datasets)) {
        const bars = readBars(path);
        const n = bars.date.length;
        const header = ["date", ...set.inputs];
        const columns = set.inputs.map((field) => bars[field].map(String));
        for (const spec of set.columns) {
            const result = taCall(spec.fn, spec.inputs.map((field) => bars[field]), spec.options,
                                  spec.outputs.length);
            spec.outputs.forEach((name, i) => {
                header.push(name);
                columns.push(toCells(result[i]));
            });
        }
        const rows = [header.join(",")];
        for (let i = 0; i < n; ++i) rows.push([bars.date[i], ...columns.map((c) => c[i])].join(","));
        const out = join(root, "tests", "golden", `${setName}_${datasetName}.csv`);
        writeFileSync(out, rows.join("\n") + "\n");
        console.log(`${out}: ${n} rows, ${header.length - 1 - set.inputs.length} indicator columns`);
    }
}
