// Front-end benchmark: parse, lowering and inference times for a 10-line and a 200-line kernel,
// in a warm process, each stage measured on its own (caches bypassed with a fresh source per
// run). Prints medians and 90th percentiles. Goal: the 200-line kernel in at most 5 ms.
// A second table times each stage against kernel size (100 to 1600 lines, both generated
// kernels) in CPU time, with its growth: ms per line at 1600 ÷ at 100 (1.0 is linear).
import { inferFunction } from '../packages/core/src/frontend/infer.js';
import { intrinsicMethods } from '../packages/core/src/frontend/intrinsics.js';
import { lowerFunction } from '../packages/core/src/frontend/lower.js';
import { currentWorld, MethodStack } from '../packages/core/src/frontend/methods.js';
import { parseFunction } from '../packages/core/src/frontend/parse.js';
import { KernelSource } from '../packages/core/src/frontend/source.js';
import { parseType, type Type } from '../packages/core/src/frontend/types.js';
import { largeKernel, straightKernel } from './kernels.js';
import { median, printTable } from './table.js';

const small = `function saxpy(a, x, y, n) {
  const i = gpu.globalIdx.x;
  if (i < n) {
    const xi = x[i];
    const yi = y[i];
    y[i] = a * xi + yi;
  } else {
    return;
  }
}`;

const env = { methods: new MethodStack([intrinsicMethods]), scope: {}, world: currentWorld() };
const types = (names: string[]) => names.map((t) => parseType(t) as Type);

interface Stats {
  parse: number[];
  lower: number[];
  infer: number[];
}

function measure(text: string, argTypes: Type[], runs: number): Stats {
  const stats: Stats = { parse: [], lower: [], infer: [] };
  for (let r = 0; r < runs; r++) {
    const source = new KernelSource(text, 'bench.js');
    const t0 = performance.now();
    const ast = parseFunction(source);
    const t1 = performance.now();
    const untyped = lowerFunction(ast, source);
    const t2 = performance.now();
    inferFunction(untyped, argTypes, env);
    const t3 = performance.now();
    stats.parse.push(t1 - t0);
    stats.lower.push(t2 - t1);
    stats.infer.push(t3 - t2);
  }
  return stats;
}

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
};

const kernels = [
  { name: '10-line saxpy', text: small, types: types(['f32', 'f32[]', 'f32[]', 'i32']) },
  { name: '200-line kernel', text: largeKernel(), types: types(['f32[]', 'f32[]', 'i32', 'f32']) },
];

console.log('front end: parse, lower, infer (ms; median / p90 of 300 runs after 100 warm-up runs)\n');
const header = ['kernel', 'lines', 'parse', 'lower', 'infer', 'total'];
const rows = kernels.map(({ name, text, types: argTypes }) => {
  measure(text, argTypes, 100);
  const s = measure(text, argTypes, 300);
  const totals = s.parse.map((p, i) => p + (s.lower[i] as number) + (s.infer[i] as number));
  const cell = (v: number[]) => `${quantile(v, 0.5).toFixed(3)} / ${quantile(v, 0.9).toFixed(3)}`;
  return [name, String(text.split('\n').length), cell(s.parse), cell(s.lower), cell(s.infer), cell(totals)];
});
const widths = header.map((_, c) => Math.max(header[c]?.length ?? 0, ...rows.map((r) => r[c]?.length ?? 0)));
const print = (row: string[]) =>
  console.log(row.map((cell, c) => cell.padEnd(widths[c] as number)).join('  '));
print(header);
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
for (const row of rows) print(row);

/** CPU milliseconds this process spent since `start` (the machine may be shared). */
function cpuMs(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Each stage's median CPU time over `runs` runs (after two unmeasured ones). */
function measureCpu(text: string, argTypes: Type[], runs: number): [number, number, number] {
  const stats: [number[], number[], number[]] = [[], [], []];
  for (let r = 0; r < runs + 2; r++) {
    const source = new KernelSource(text, 'bench.js');
    let start = process.cpuUsage();
    const ast = parseFunction(source);
    const parse = cpuMs(start);
    start = process.cpuUsage();
    const untyped = lowerFunction(ast, source);
    const lower = cpuMs(start);
    start = process.cpuUsage();
    inferFunction(untyped, argTypes, env);
    const infer = cpuMs(start);
    if (r < 2) continue;
    stats[0].push(parse);
    stats[1].push(lower);
    stats[2].push(infer);
  }
  return [median(stats[0]), median(stats[1]), median(stats[2])];
}

const sizes = [100, 400, 1600];
console.log('\nfront end against kernel size (CPU ms, median of 9 runs)\n');
const sized = [['kernel', 'parse', 'lower', 'infer']];
for (const [name, make] of [
  ['loops', largeKernel],
  ['one block', straightKernel],
] as const) {
  const times = sizes.map((size) => measureCpu(make(size), types(['f32[]', 'f32[]', 'i32', 'f32']), 9));
  sizes.forEach((size, s) => {
    sized.push([`${name}, ${size} lines`, ...(times[s] ?? []).map((ms) => ms.toFixed(1))]);
  });
  const growth = (stage: number) =>
    (
      (times[sizes.length - 1]?.[stage] ?? 0) /
      (sizes[sizes.length - 1] as number) /
      ((times[0]?.[stage] ?? 0) / (sizes[0] as number))
    ).toFixed(2);
  sized.push([
    `${name}, growth (ms/line at ${sizes[sizes.length - 1]} ÷ at ${sizes[0]})`,
    growth(0),
    growth(1),
    growth(2),
  ]);
}
printTable(sized);
