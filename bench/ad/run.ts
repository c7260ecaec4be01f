// bench/ad: for each function of the AD corpus, the time of its gradient (reverse mode) against
// the time of the primal, each computed by one kernel over many points (a thread per point), on
// the native target and, where there is a GPU, on CUDA. Goal: the gradient costs at most 3x the
// primal. Medians of 15 timed runs after 3 warm-up runs; GPU times by CUDA events.
//
//   node --conditions=source --import tsx bench/ad/run.ts [--gpu] [--only <names>] [--out <file>]
import { writeFileSync } from 'node:fs';
import { Command } from 'commander';
import {
  CudaDevice,
  type CudaKernel,
  CudaPlugin,
  compileCuda,
  DeviceArray,
  hasCudaDevice,
} from '../../packages/backend-cuda/src/index.js';
import {
  type Compiler,
  compileNative,
  createCompiler,
  type KernelType,
  parseType,
  sourceFromText,
} from '../../packages/core/src/index.js';
import { CASES, type Case } from '../../packages/enzyme-ad/corpus/cases.js';
import { caseKernel, type Mode, scopeOf } from '../../packages/enzyme-ad/corpus/harness.js';
import { EnzymePlugin } from '../../packages/enzyme-ad/src/index.js';

const options = new Command('bench-ad')
  .option('--gpu', 'time on the GPU too (default: when one is present)')
  .option('--only <names>', 'only these functions, comma separated', (v: string) => v.split(','))
  .option('--out <file>', 'write the results as JSON')
  .parse()
  .opts<{ gpu?: boolean; only?: string[]; out?: string }>();

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const types = (names: readonly string[]) => names.map((t) => parseType(t) as KernelType);
/** Points per function: each array case's thread reads a slice of m elements. */
const pointsFor = (c: Case, total: number) =>
  c.kind === 'scalar' ? total : Math.max(1, Math.floor(total / c.m));

const native: Compiler = createCompiler().use(new EnzymePlugin());
function timeNative(c: Case, mode: Mode, points: number): number {
  const kernel = caseKernel(c, mode, points);
  const compiled = compileNative(sourceFromText(kernel.text, `${c.name}.${mode}.js`), types(kernel.types), {
    scope: scopeOf(c),
    compiler: native,
  });
  const run = () => compiled.launch(Math.ceil(points / 64), 64, kernel.args);
  const times: number[] = [];
  for (let r = 0; r < 18; r++) {
    const start = performance.now();
    run();
    if (r >= 3) times.push(performance.now() - start);
  }
  return median(times);
}

let gpu: { compiler: Compiler; device: CudaDevice } | undefined;
function timeGpu(c: Case, mode: Mode, points: number, atomic = true): number {
  gpu ??= { compiler: createCompiler().use(new CudaPlugin(), new EnzymePlugin()), device: CudaDevice.get() };
  const kernel = caseKernel(c, mode, points);
  const compiled: CudaKernel = compileCuda(
    { text: kernel.text, file: `${c.name}.${mode}.js` },
    types(kernel.types),
    {
      scope: scopeOf(c),
      compiler: gpu.compiler,
      params: { adAtomic: atomic },
    },
  );
  const args = kernel.args.map((a) =>
    ArrayBuffer.isView(a) ? { array: DeviceArray.from(a as Float64Array) } : a,
  );
  const stream = gpu.device.stream();
  const times: number[] = [];
  for (let r = 0; r < 18; r++) {
    const ms = stream.time(() => {
      for (let k = 0; k < 10; k++) compiled.launch(Math.ceil(points / 128), 128, args, { stream });
    });
    if (r >= 3) times.push(ms / 10);
  }
  compiled.synchronize(stream);
  for (const a of args) if (a && typeof a === 'object' && 'array' in a) (a.array as DeviceArray).free();
  return median(times);
}

const onGpu = options.gpu ?? hasCudaDevice();
const cases = CASES.filter((c) => !options.only || options.only.includes(c.name));
const rows: { case: string; native: [number, number]; gpu?: [number, number]; owned?: number }[] = [];
for (const c of cases) {
  const nativePoints = pointsFor(c, 1 << 17);
  const row: (typeof rows)[number] = {
    case: c.name,
    native: [timeNative(c, 'primal', nativePoints), timeNative(c, 'reverse', nativePoints)],
  };
  if (onGpu) {
    const gpuPoints = pointsFor(c, 1 << 22);
    row.gpu = [timeGpu(c, 'primal', gpuPoints), timeGpu(c, 'reverse', gpuPoints)];
    // Where each thread owns the shadow elements it adds to, atomics can be turned off.
    if (c.kind !== 'scalar') row.owned = timeGpu(c, 'reverse', gpuPoints, false);
  }
  rows.push(row);
  process.stderr.write('.');
}
process.stderr.write('\n');

const ratio = ([primal, gradient]: [number, number]) => gradient / primal;
const header = [
  'function',
  'native primal ms',
  'gradient ms',
  'ratio',
  ...(onGpu ? ['GPU primal ms', 'gradient ms', 'ratio', 'no atomics ms', 'ratio'] : []),
];
const table = [
  header,
  ...rows.map((r) => [
    r.case,
    r.native[0].toFixed(3),
    r.native[1].toFixed(3),
    ratio(r.native).toFixed(2),
    ...(r.gpu
      ? [
          r.gpu[0].toFixed(4),
          r.gpu[1].toFixed(4),
          ratio(r.gpu).toFixed(2),
          r.owned ? r.owned.toFixed(4) : '-',
          r.owned ? (r.owned / r.gpu[0]).toFixed(2) : '-',
        ]
      : []),
  ]),
];
const widths = header.map((_, i) => Math.max(...table.map((row) => (row[i] as string).length)));
console.log(
  `AD corpus: gradient (reverse mode) against primal, per kernel over ${1 << 17} native points` +
    (onGpu ? ` and ${1 << 22} GPU points (${gpu?.device.name})` : '') +
    '; goal: ratio <= 3\n',
);
for (const row of table)
  console.log(
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number)))
      .join('  '),
  );
const summary = (pick: (r: (typeof rows)[number]) => [number, number] | undefined, label: string) => {
  const ratios = rows.flatMap((r) => {
    const t = pick(r);
    return t ? [ratio(t)] : [];
  });
  if (ratios.length === 0) return;
  const within = ratios.filter((q) => q <= 3).length;
  console.log(
    `${label}: median ratio ${median(ratios).toFixed(2)}, worst ${Math.max(...ratios).toFixed(2)}, ${within} of ${ratios.length} within 3x`,
  );
};
console.log('');
summary((r) => r.native, 'native');
summary((r) => r.gpu, 'GPU');
summary((r) => (r.gpu ? [r.gpu[0], r.owned ?? r.gpu[1]] : undefined), 'GPU, shadows owned (adAtomic: false)');
if (options.out)
  writeFileSync(options.out, `${JSON.stringify({ device: gpu?.device.name, rows }, null, 2)}\n`);
