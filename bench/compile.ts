// Compile benchmark: per-stage compile times of saxpy and a 200-line kernel for each target
// (warm process, medians of 20 runs; the total in wall-clock and CPU time), a disk-cache hit,
// and run times natively (one core and every core) against the same loops in plain JavaScript.
// Goals (DESIGN.md section 11): saxpy <= 15 ms, 200 lines <= 100 ms, a cache hit <= 1 ms.
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CudaPlugin } from '../packages/backend-cuda/src/index.js';
import { MetalPlugin } from '../packages/backend-metal/src/index.js';
import { RocmPlugin } from '../packages/backend-rocm/src/index.js';
import { fileFunctions } from '../packages/core/src/entry/compiler.js';
import {
  compileJob,
  compileNative,
  createCompiler,
  createJob,
  DiskCache,
  f32,
  type KernelSource,
  type KernelType,
  parseType,
  sourceFromText,
} from '../packages/core/src/index.js';
import { largeKernel, SAXPY } from './kernels.js';
import { printTable } from './table.js';

const saxpy = SAXPY;

const compiler = createCompiler().use(new CudaPlugin(), new RocmPlugin(), new MetalPlugin());
const types = (names: string[]) => names.map((t) => parseType(t) as KernelType);
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

function stages(
  name: string,
  text: string,
  argTypes: KernelType[],
  target: 'native' | 'cuda' | 'rocm' | 'metal',
  runs: number,
) {
  const samples: Record<string, number[]> = {};
  for (let r = 0; r < runs + 3; r++) {
    // A fresh file name each run, so no cache (lowering, inference) serves it.
    const job = createJob(
      sourceFromText(text, `${name}-${target}-${r}.js`),
      argTypes,
      compiler.target(target),
    );
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    // A native object; PTX for CUDA (ptxas, which the driver's JIT replaces, is timed apart); for
    // ROCm the loadable code object (emit includes the in-process lld); for Metal the metallib.
    const result = compileJob(compiler, job, { kind: target === 'cuda' ? 'assembly' : 'object' });
    const total = performance.now() - start;
    const cpu = process.cpuUsage(cpuStart);
    if (r < 3) continue;
    const record = (stage: string, ms: number) => {
      samples[stage] = [...(samples[stage] ?? []), ms];
    };
    for (const [stage, ms] of Object.entries(result.timings)) record(stage, ms);
    record('total', total);
    record('cpu', (cpu.user + cpu.system) / 1000);
  }
  return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v)]));
}

const saxpyTypes = types(['f32', 'f32[]', 'f32[]', 'i32']);
// Device math library functions (double-double exp, log and pow) inlined into one kernel.
const mathKernel = `function math(x, y) {
  const i = gpu.globalIdx.x;
  y[i] = Math.exp(x[i]) + Math.log(x[i] + 2) + x[i] ** 1.5;
}`;
const mathTypes = types(['f64[]', 'f64[]']);
const largeTypes = types(['f32[]', 'f32[]', 'i32', 'f32']);
const rows = [
  ['saxpy, native object', stages('saxpy', saxpy, saxpyTypes, 'native', 20)],
  ['200-line, native object', stages('large', largeKernel(), largeTypes, 'native', 20)],
  ['saxpy, PTX', stages('saxpy', saxpy, saxpyTypes, 'cuda', 20)],
  ['200-line, PTX', stages('large', largeKernel(), largeTypes, 'cuda', 20)],
  ['saxpy, ROCm code object', stages('saxpy', saxpy, saxpyTypes, 'rocm', 20)],
  ['200-line, ROCm code object', stages('large', largeKernel(), largeTypes, 'rocm', 20)],
  ['f64 math, ROCm code object', stages('math', mathKernel, mathTypes, 'rocm', 20)],
  ['saxpy, Metal metallib', stages('saxpy', saxpy, saxpyTypes, 'metal', 20)],
  // Metal has no f64: the same kernel with its accumulator in f32.
  [
    '200-line f32, Metal metallib',
    stages('large', largeKernel().replace('let acc = 0.0;', 'let acc = f32(0);'), largeTypes, 'metal', 20),
  ],
] as const;
// The stages, then the wall-clock total, then the process's CPU time (which other work on a
// shared machine does not inflate).
const last = (c: string) => ['total', 'cpu'].indexOf(c) + 1;
const columns = [...new Set(rows.flatMap(([, s]) => Object.keys(s)))].sort((a, b) => last(a) - last(b));
console.log(
  'compile (ms, median of 20 warm runs; stages and total wall-clock, cpu the CPU time; goals: saxpy 15, 200 lines 100)\n',
);
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
  const job = createJob(
    sourceFromText(saxpy, 'cached-saxpy.js'),
    types(['f32', 'f32[]', 'f32[]', 'i32']),
    compiler.target('native'),
  );
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
  // Issue 14's bar: no worse than gpuc on LLVM 14 (llvm-bindings), whose figures come from an
  // earlier run on this machine (that layer no longer builds here), so compare on a quiet machine.
  const measure = (name: string, key: 'total' | 'cpu') =>
    (rows.find(([n]) => n === name)?.[1][key] ?? 0).toFixed(2);
  console.log(
    '\nagainst the LLVM 14 layer (ms; its figures from an earlier run, this run on the right: wall-clock and CPU time)\n',
  );
  printTable([
    ['measure', 'LLVM 14', 'this run', 'this run, cpu'],
    ['saxpy to PTX', '2.30', measure('saxpy, PTX', 'total'), measure('saxpy, PTX', 'cpu')],
    ['200-line kernel to PTX', '86.00', measure('200-line, PTX', 'total'), measure('200-line, PTX', 'cpu')],
    ['disk-cache hit', '0.07', median(hits).toFixed(3), ''],
  ]);
}

// Run time: the same work natively (one core, every core) and as a plain JavaScript loop.
const cores = availableParallelism();
// The main job's Mandelbrot kernel, read from its file (a bundler would rename its imports).
const mandelbrot = fileFunctions(
  join(import.meta.dirname, '..', 'examples', 'kernels', 'mandelbrot.mjs'),
).find((f) => f.name === 'mandelbrot')?.source as KernelSource;
const n = 1 << 22;
const x = Float32Array.from({ length: n }, (_, i) => i % 97);
const y = new Float32Array(n).fill(1);
const side = 512;
const image = new Int32Array(side * side);
const cases = [
  {
    name: `saxpy, ${n} elements`,
    kernel: compileNative({ text: saxpy, file: 'bench-saxpy.js' }, types(['f32', 'f32[]', 'f32[]', 'i32'])),
    launch: (threads: number, k: ReturnType<typeof compileNative>) =>
      k.launch(n / 256, 256, [f32(2), x, y, n], threads),
    js: () => {
      for (let i = 0; i < n; i++) y[i] = 2 * (x[i] as number) + (y[i] as number);
    },
  },
  {
    name: `mandelbrot, ${side}x${side}, 256 steps`,
    kernel: compileNative(mandelbrot, types(['i32[]', 'i32', 'i32', 'i32'])),
    launch: (threads: number, k: ReturnType<typeof compileNative>) =>
      k.launch([side / 16, side / 16], [16, 16], [image, side, side, 256], threads),
    js: () => {
      for (let py = 0; py < side; py++) {
        for (let px = 0; px < side; px++) {
          // The kernel's loop, as plain JavaScript.
          const cx = -2.2 + (px * 3.2) / side;
          const cy = -1.2 + (py * 2.4) / side;
          let a = 0.0;
          let b = 0.0;
          let k = 0;
          while (k < 256 && a * a + b * b <= 4.0) {
            const t = a * a - b * b + cx;
            b = 2.0 * a * b + cy;
            a = t;
            k++;
          }
          image[py * side + px] = k;
        }
      }
    },
  },
];
console.log(`\nrun time (ms, median of 15, side by side), ${cores} cores\n`);
const runRows = [['kernel', 'plain JS', 'native, 1 core', `native, ${cores} cores`, 'JS / native']];
for (const c of cases) {
  const samples: number[][] = [[], [], []];
  for (let r = 0; r < 17; r++) {
    const timings = [() => c.js(), () => c.launch(1, c.kernel), () => c.launch(cores, c.kernel)].map(
      (run) => {
        const t = performance.now();
        run();
        return performance.now() - t;
      },
    );
    if (r >= 2)
      timings.forEach((t, i) => {
        samples[i]?.push(t);
      });
  }
  const [js, one, all] = samples.map(median) as [number, number, number];
  runRows.push([c.name, js.toFixed(2), one.toFixed(2), all.toFixed(2), `${(js / all).toFixed(1)}x`]);
}
const runWidths =
  runRows[0]?.map((_, col) => Math.max(...runRows.map((r) => (r[col] as string).length))) ?? [];
for (const r of runRows)
  console.log(
    r
      .map((cell, col) =>
        col === 0 ? cell.padEnd(runWidths[col] as number) : cell.padStart(runWidths[col] as number),
      )
      .join('  '),
  );
