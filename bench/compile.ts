// Compile benchmark: per-stage compile times of saxpy and a 200-line kernel for the native
// target (warm process, medians of 20 runs), and saxpy's run time natively against the same
// loop in plain JavaScript. Goals (DESIGN.md section 11): saxpy <= 15 ms, 200 lines <= 100 ms.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  compileJob,
  compileNative,
  currentWorld,
  DiskCache,
  defaultCompiler,
  defaultConfig,
  f32,
  type Job,
  type KernelType,
  parseType,
  sourceFromText,
} from '../packages/core/src/index.js';
import { largeKernel } from './kernels.js';

const saxpy = `function saxpy(a, x, y, n) {
  const i = gpu.globalIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}`;

const compiler = defaultCompiler();
const types = (names: string[]) => names.map((t) => parseType(t) as KernelType);
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

function stages(name: string, text: string, argTypes: KernelType[], runs: number) {
  const samples: Record<string, number[]> = {};
  for (let r = 0; r < runs + 3; r++) {
    // A fresh file name each run, so no cache (lowering, inference) serves it.
    const job: Job = {
      source: sourceFromText(text, `${name}-${r}.js`),
      argTypes,
      target: compiler.target('native'),
      params: {},
      config: defaultConfig,
      scope: {},
      world: currentWorld(),
    };
    const start = performance.now();
    const result = compileJob(compiler, job, { kind: 'object' });
    const total = performance.now() - start;
    if (r < 3) continue;
    const record = (stage: string, ms: number) => {
      samples[stage] = [...(samples[stage] ?? []), ms];
    };
    for (const [stage, ms] of Object.entries(result.timings)) record(stage, ms);
    record('total', total);
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

const rows = [
  ['saxpy', stages('saxpy', saxpy, types(['f32', 'f32[]', 'f32[]', 'i32']), 20)],
  ['200-line kernel', stages('large', largeKernel(), types(['f32[]', 'f32[]', 'i32', 'f32']), 20)],
] as const;
const columns = Object.keys(rows[1][1]);
console.log('compile to a native object (ms, median of 20 warm runs)\n');
const header = ['kernel', ...columns];
const body = rows.map(([name, s]) => [name, ...columns.map((c) => (s[c] ?? 0).toFixed(2))]);
const widths = header.map((h, c) => Math.max(h.length, ...body.map((r) => (r[c] as string).length)));
const line = (r: string[]) =>
  console.log(
    r
      .map((cell, c) => cell.padStart(c === 0 ? 0 : (widths[c] as number)).padEnd(widths[c] as number))
      .join('  '),
  );
line(header);
for (const r of body) line(r);

// A disk-cache hit: inference, the key, and reading the entry (the memory cache is bypassed).
{
  const dir = mkdtempSync(join(tmpdir(), 'gpuc-bench-cache-'));
  const cache = new DiskCache(dir);
  const job: Job = {
    source: sourceFromText(saxpy, 'cached-saxpy.js'),
    argTypes: types(['f32', 'f32[]', 'f32[]', 'i32']),
    target: compiler.target('native'),
    params: {},
    config: defaultConfig,
    scope: {},
    world: currentWorld(),
  };
  compileJob(compiler, job, { kind: 'object', cache });
  const hits: number[] = [];
  for (let r = 0; r < 53; r++) {
    const start = performance.now();
    compileJob(compiler, job, { kind: 'object', cache, memory: false });
    if (r >= 3) hits.push(performance.now() - start);
  }
  rmSync(dir, { recursive: true, force: true });
  console.log(
    `\ndisk-cache hit for saxpy (warm process, median of 50): ${median(hits).toFixed(3)} ms (goal 1 ms)`,
  );
}

// Run time: saxpy over 4M elements natively (one core for now) against plain JavaScript.
const n = 1 << 22;
const x = Float32Array.from({ length: n }, (_, i) => i % 97);
const y = new Float32Array(n).fill(1);
const kernel = compileNative(
  { text: saxpy, file: 'bench-saxpy.js' },
  types(['f32', 'f32[]', 'f32[]', 'i32']),
);
const native: number[] = [];
const js: number[] = [];
for (let r = 0; r < 15; r++) {
  let t = performance.now();
  kernel.launch(n / 256, 256, [f32(2), x, y, n]);
  native.push(performance.now() - t);
  t = performance.now();
  for (let i = 0; i < n; i++) y[i] = 2 * (x[i] as number) + (y[i] as number);
  js.push(performance.now() - t);
}
console.log(
  `\nsaxpy over ${n} elements: native ${median(native).toFixed(2)} ms, plain JS ${median(js).toFixed(2)} ms (median of 15)`,
);
