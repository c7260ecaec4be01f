// Front-end benchmark: parse, lowering and inference times for a 10-line and a 200-line kernel,
// in a warm process, each stage measured on its own (caches bypassed with a fresh source per
// run). Prints medians and 90th percentiles. Goal: the 200-line kernel in at most 5 ms.
import { inferFunction } from '../packages/core/src/frontend/infer.js';
import { intrinsicMethods } from '../packages/core/src/frontend/intrinsics.js';
import { lowerFunction } from '../packages/core/src/frontend/lower.js';
import { currentWorld, MethodStack } from '../packages/core/src/frontend/methods.js';
import { parseFunction } from '../packages/core/src/frontend/parse.js';
import { KernelSource } from '../packages/core/src/frontend/source.js';
import { parseType, type Type } from '../packages/core/src/frontend/types.js';
import { largeKernel } from './kernels.js';

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
