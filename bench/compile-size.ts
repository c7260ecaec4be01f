// Compile time against kernel size: two generated kernels of 50 to 800 lines (one of loops and
// branches, one of a single long block) to each target's output (native object, PTX, ROCm code
// object, metallib, WGSL), median of 3 warm runs. Times are CPU time of this process (compiling runs on
// its main thread), not wall time, so other work on the machine does not count. Compile time
// should grow linearly with size: the "growth" rows divide the time per line at 800 lines by the
// time per line at 50 (1.0 is linear; a fixed cost per compile makes it less). Goal for the CUDA
// target: 800 lines to PTX in 0.6 s.
import { CudaPlugin } from '../packages/backend-cuda/src/index.js';
import { MetalPlugin } from '../packages/backend-metal/src/index.js';
import { RocmPlugin } from '../packages/backend-rocm/src/index.js';
import { compileWGSL, WebGPUPlugin } from '../packages/backend-webgpu/src/index.js';
import {
  compileJob,
  createCompiler,
  createJob,
  type KernelType,
  parseType,
  sourceFromText,
} from '../packages/core/src/index.js';
import { largeKernel, straightKernel } from './kernels.js';
import { median, printTable } from './table.js';

const compiler = createCompiler().use(
  new CudaPlugin(),
  new RocmPlugin(),
  new MetalPlugin(),
  new WebGPUPlugin(),
);
const types = ['f32[]', 'f32[]', 'i32', 'f32'].map((t) => parseType(t) as KernelType);
const allTargets = ['native', 'cuda', 'rocm', 'metal', 'webgpu'] as const;
type TargetName = (typeof allTargets)[number];
// `pnpm bench:size cuda native` measures those targets only.
const asked = process.argv.slice(2);
const targets = allTargets.filter((t) => asked.length === 0 || asked.includes(t));
const sizes = [50, 100, 200, 400, 800];
let unique = 0;

/** CPU milliseconds this process spent since `start`. */
function cpuMs(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function compileMs(text: string, target: TargetName): number {
  const samples: number[] = [];
  for (let r = 0; r < 4; r++) {
    // A fresh file name each run, so no cache serves it.
    const file = `size-${unique++}.js`;
    const start = process.cpuUsage();
    if (target === 'webgpu') compileWGSL(compiler, { text, file }, types, { block: [256, 1, 1] });
    else {
      const job = createJob(sourceFromText(text, file), types, compiler.target(target));
      compileJob(compiler, job, { kind: target === 'cuda' ? 'assembly' : 'object' });
    }
    if (r > 0) samples.push(cpuMs(start));
  }
  return median(samples);
}

/**
 * The kernel as a target takes it. Metal has no f64: its kernels keep the accumulator in f32.
 * WebGPU has no f64 either, and refuses `Math.sin` (WGSL's is not accurate enough): every
 * fractional literal is an `f32(...)` there (a comparison with a double would be f64), and
 * `Math.abs` stands in for `Math.sin`.
 */
function forTarget(text: string, target: TargetName): string {
  if (target === 'metal') return text.replace('let acc = 0.0;', 'let acc = f32(0);');
  if (target === 'webgpu')
    return text.replace(/\b(\d+\.\d+)\b/g, 'f32($1)').replaceAll('Math.sin(', 'Math.abs(');
  return text;
}

console.log(
  'compile time against kernel size (CPU ms, median of 3 warm runs; goal: 800 lines to PTX in 600)\n',
);
const rows = [['kernel', ...targets]];
for (const [name, make] of [
  ['loops', largeKernel],
  ['one block', straightKernel],
] as const) {
  const times = sizes.map((size) => targets.map((t) => compileMs(forTarget(make(size), t), t)));
  sizes.forEach((size, s) => {
    rows.push([`${name}, ${size} lines`, ...(times[s] ?? []).map((ms) => ms.toFixed(0))]);
  });
  const first = sizes[0] as number;
  const last = sizes[sizes.length - 1] as number;
  rows.push([
    `${name}, growth (ms/line at ${last} ÷ at ${first})`,
    ...targets.map((_, t) => {
      const perLine = (s: number, size: number) => (times[s]?.[t] ?? 0) / size;
      return (perLine(sizes.length - 1, last) / perLine(0, first)).toFixed(2);
    }),
  ]);
}
printTable(rows);
