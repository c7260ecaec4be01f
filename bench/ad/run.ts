// bench/ad: for each function of the AD corpus, the time of its gradient (reverse mode) against
// the time of the primal, each computed by one kernel over many points (a thread per point), on
// the native target and, where there is a GPU, on CUDA. Goal: the gradient costs at most 3x the
// primal. Medians of 15 timed runs after 3 warm-up runs; GPU times by CUDA events, each run 10
// launches on 10 copies of the arguments (see timeGpu). Where a case has a reverse kernel written
// by hand (the corpus's `byHand`), its time too: what the accesses reverse mode must make cost.
//
// Natively, each array and map case is timed a third time with atomics off (the `adAtomic: false`
// param, right there since each thread owns its elements): what a proof that the shadow
// elements are private would gain. `--threads 1` runs each native launch on one core: on a
// loaded machine a launch that waits for a second worker the system has paused measures the
// scheduler, not the code; `--native-points` makes each launch shorter than the system's time
// slice, so that most runs are not paused at all. `--runtime-length` gives the kernels the slices'
// length as an argument, so that f's loops have trip counts known only at run time.
//
// A map whose output y is not its input is timed once more with y passed as
// `DuplicatedNoNeed(y, dy)` (the `y no-need` columns): its gradient then does not write y, and
// its reverse kernel written by hand neither (`by hand, no y`).
//
//   node --conditions=source --import tsx bench/ad/run.ts [--gpu] [--only <names>] [--out <file>] [--reuse]
//     [--checkpoint <n>] [--no-tangent] [--threads <n>] [--opt-level <n>] [--native-points <n>]
//     [--runtime-length]
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
import {
  type CaseKernel,
  caseKernel,
  handKernel,
  type Mode,
  scopeOf,
} from '../../packages/enzyme-ad/corpus/harness.js';
import { EnzymePlugin } from '../../packages/enzyme-ad/src/index.js';

const options = new Command('bench-ad')
  .option('--gpu', 'time on the GPU too (default: when one is present)')
  .option('--only <names>', 'only these functions, comma separated', (v: string) => v.split(','))
  .option('--out <file>', 'write the results as JSON')
  .option('--reuse', 'on the GPU, one set of arguments for every launch (see timeGpu)')
  .option(
    '--checkpoint <n>',
    'the adCheckpoint param: iterations per checkpoint of a loop the data ends (0: none)',
    Number,
  )
  .option('--no-tangent', 'the adTangent param false: reverse mode even for one Active number')
  .option('--threads <n>', 'native launches on this many cores (default: all)', Number)
  .option('--opt-level <n>', 'native kernels compiled at this optimisation level (default: 2)', Number)
  .option('--native-points <n>', 'points per native kernel (default: 131072)', Number)
  .option(
    '--runtime-length',
    "the slices' length a kernel argument: loops over a slice of unknown trip count",
  )
  .parse()
  .opts<{
    gpu?: boolean;
    only?: string[];
    out?: string;
    reuse?: boolean;
    checkpoint?: number;
    tangent: boolean;
    threads?: number;
    optLevel?: number;
    nativePoints?: number;
    runtimeLength?: boolean;
  }>();
const lengthAtRunTime = options.runtimeLength === true;
/** Maps timed with y DuplicatedNoNeed too: those that write an output apart from their input. */
const hasOutput = (c: Case) => c.kind === 'map' && !c.inPlace;
/** Params every derivative is compiled with. */
const adParams = {
  ...(options.checkpoint === undefined ? {} : { adCheckpoint: options.checkpoint }),
  ...(options.tangent ? {} : { adTangent: false }),
};

const NATIVE_POINTS = options.nativePoints ?? 1 << 17;
const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
const types = (names: readonly string[]) => names.map((t) => parseType(t) as KernelType);
/** Points per function: each array case's thread reads a slice of m elements. */
const pointsFor = (c: Case, total: number) =>
  c.kind === 'scalar' ? total : Math.max(1, Math.floor(total / c.m));

const native: Compiler = createCompiler().use(new EnzymePlugin());
function timeNative(
  c: Case,
  mode: Mode,
  points: number,
  params: Record<string, boolean> = {},
  noNeed = false,
): number {
  const kernel = caseKernel(c, mode, points, { lengthAtRunTime, noNeed });
  const compiled = compileNative(sourceFromText(kernel.text, `${c.name}.${mode}.js`), types(kernel.types), {
    scope: scopeOf(c),
    compiler: native,
    params: { ...adParams, ...params },
    ...(options.optLevel === undefined ? {} : { config: { optLevel: options.optLevel as 0 | 1 | 2 | 3 } }),
  });
  const run = () => compiled.launch(Math.ceil(points / 64), 64, kernel.args, options.threads);
  // A map changes what it reads (see timeGpu): each run starts from the case's inputs.
  const inputs = kernel.args.map((a) => (a instanceof Float64Array ? Float64Array.from(a) : a));
  const times: number[] = [];
  for (let r = 0; r < 18; r++) {
    if (c.kind === 'map')
      kernel.args.forEach((a, i) => {
        if (a instanceof Float64Array) a.set(inputs[i] as Float64Array);
      });
    const start = performance.now();
    run();
    if (r >= 3) times.push(performance.now() - start);
  }
  return median(times);
}

let gpu: { compiler: Compiler; device: CudaDevice } | undefined;
const LAUNCHES = 10;
/**
 * Each launch of a timed batch gets its own copy of the arguments. Where a kernel changes what
 * it reads (a map in place iterates on its own output, a reverse map consumes its seed), the
 * copies are written afresh before each batch, so every launch computes from the case's inputs;
 * and no launch finds its data in L2 from the launch before, for primal and gradient alike (an
 * array case's primal fits in L2 where its gradient, with the shadow, does not). `--reuse`: one
 * set of arguments for every launch, as before.
 */
function timeGpu(
  c: Case,
  mode: Mode,
  points: number,
  params: Record<string, boolean> = {},
  kernel: CaseKernel = caseKernel(c, mode, points, { lengthAtRunTime }),
): number {
  gpu ??= { compiler: createCompiler().use(new CudaPlugin(), new EnzymePlugin()), device: CudaDevice.get() };
  const compiled: CudaKernel = compileCuda(
    { text: kernel.text, file: `${c.name}.${mode}.js` },
    types(kernel.types),
    {
      scope: scopeOf(c),
      compiler: gpu.compiler,
      params: { ...adParams, ...params },
    },
  );
  const upload = () =>
    kernel.args.map((a) => (ArrayBuffer.isView(a) ? { array: DeviceArray.from(a as Float64Array) } : a));
  const sets = options.reuse ? Array(LAUNCHES).fill(upload()) : Array.from({ length: LAUNCHES }, upload);
  const arrays = (args: unknown[]) =>
    args.flatMap((a, i) =>
      a && typeof a === 'object' && 'array' in a ? [[a.array as DeviceArray, i] as const] : [],
    );
  const stream = gpu.device.stream();
  const times: number[] = [];
  for (let r = 0; r < 18; r++) {
    if (c.kind === 'map' && !options.reuse && r > 0)
      for (const set of sets)
        for (const [array, i] of arrays(set)) array.write(kernel.args[i] as Float64Array);
    const ms = stream.time(() => {
      for (const args of sets) compiled.launch(Math.ceil(points / 128), 128, args, { stream });
    });
    if (r >= 3) times.push(ms / LAUNCHES);
  }
  compiled.synchronize(stream);
  for (const set of new Set(sets)) for (const [array] of arrays(set)) array.free();
  return median(times);
}

const onGpu = options.gpu ?? hasCudaDevice();
const cases = CASES.filter((c) => !options.only || options.only.includes(c.name));
const rows: {
  case: string;
  native: [number, number];
  nativeOwned?: number;
  nativeNoNeed?: number;
  gpu?: [number, number];
  noNeed?: number;
  owned?: number;
  laneByLane?: number;
  warpByWarp?: number;
  byHand?: number;
  byHandNoNeed?: number;
}[] = [];
for (const c of cases) {
  const nativePoints = pointsFor(c, NATIVE_POINTS);
  const row: (typeof rows)[number] = {
    case: c.name,
    native: [timeNative(c, 'primal', nativePoints), timeNative(c, 'reverse', nativePoints)],
  };
  if (c.kind === 'array' || c.kind === 'map')
    row.nativeOwned = timeNative(c, 'reverse', nativePoints, { adAtomic: false });
  if (hasOutput(c)) row.nativeNoNeed = timeNative(c, 'reverse', nativePoints, {}, true);
  if (onGpu) {
    const gpuPoints = pointsFor(c, 1 << 22);
    row.gpu = [timeGpu(c, 'primal', gpuPoints), timeGpu(c, 'reverse', gpuPoints)];
    // Where each thread owns the shadow elements it adds to, atomics can be turned off (not
    // where the threads share weights: there every thread adds into each element).
    if (c.kind === 'array' || c.kind === 'map')
      row.owned = timeGpu(c, 'reverse', gpuPoints, { adAtomic: false });
    if (hasOutput(c))
      row.noNeed = timeGpu(
        c,
        'reverse',
        gpuPoints,
        {},
        caseKernel(c, 'reverse', gpuPoints, { lengthAtRunTime, noNeed: true }),
      );
    // Shared weights: each lane's own atomic addition, as without warp aggregation.
    if (c.kind === 'shared') row.laneByLane = timeGpu(c, 'reverse', gpuPoints, { adWarpAggregate: false });
    // Shared weights: one addition per warp and weight, without the block's sums in shared memory.
    if (c.kind === 'shared') row.warpByWarp = timeGpu(c, 'reverse', gpuPoints, { adBlockAccumulate: false });
    // The reverse kernel written by hand, with the memory accesses reverse mode must make.
    // (Written for a constant length: not beside kernels given theirs at run time.)
    const hand = (noNeed: boolean) => (lengthAtRunTime ? undefined : handKernel(c, gpuPoints, noNeed));
    const [full, unwritten] = [hand(false), hand(true)];
    if (full) row.byHand = timeGpu(c, 'reverse', gpuPoints, {}, full);
    if (unwritten && hasOutput(c)) row.byHandNoNeed = timeGpu(c, 'reverse', gpuPoints, {}, unwritten);
  }
  rows.push(row);
  process.stderr.write('.');
}
process.stderr.write('\n');

const ratio = ([primal, gradient]: [number, number]) => gradient / primal;
/** A variant's time and its ratio to the primal's, or dashes where it was not timed. */
const timed = (time: number | undefined, primal: number, digits: number) =>
  time ? [time.toFixed(digits), (time / primal).toFixed(2)] : ['-', '-'];
const header = [
  'function',
  'native primal ms',
  'gradient ms',
  'ratio',
  'no atomics ms',
  'ratio',
  'y no-need ms',
  'ratio',
  ...(onGpu
    ? [
        'GPU primal ms',
        'gradient ms',
        'ratio',
        'no atomics ms',
        'ratio',
        'y no-need ms',
        'ratio',
        'lane by lane ms',
        'ratio',
        'warp by warp ms',
        'ratio',
        'by hand ms',
        'ratio',
        'by hand, no y ms',
        'ratio',
      ]
    : []),
];
const table = [
  header,
  ...rows.map((r) => [
    r.case,
    r.native[0].toFixed(3),
    r.native[1].toFixed(3),
    ratio(r.native).toFixed(2),
    ...timed(r.nativeOwned, r.native[0], 3),
    ...timed(r.nativeNoNeed, r.native[0], 3),
    ...(r.gpu
      ? [
          r.gpu[0].toFixed(4),
          r.gpu[1].toFixed(4),
          ratio(r.gpu).toFixed(2),
          ...timed(r.owned, r.gpu[0], 4),
          ...timed(r.noNeed, r.gpu[0], 4),
          ...timed(r.laneByLane, r.gpu[0], 4),
          ...timed(r.warpByWarp, r.gpu[0], 4),
          ...timed(r.byHand, r.gpu[0], 4),
          ...timed(r.byHandNoNeed, r.gpu[0], 4),
        ]
      : []),
  ]),
];
const widths = header.map((_, i) => Math.max(...table.map((row) => (row[i] as string).length)));
console.log(
  `AD corpus: gradient (reverse mode) against primal, per kernel over ${NATIVE_POINTS} native points` +
    (options.threads ? ` (${options.threads} native threads)` : '') +
    (options.optLevel === undefined ? '' : ` at O${options.optLevel}`) +
    (options.runtimeLength ? ", slices' length at run time" : '') +
    (onGpu ? ` and ${1 << 22} GPU points (${gpu?.device.name})` : '') +
    '; goal: ratio <= 3. y no-need: the map output y passed as DuplicatedNoNeed(y, dy) instead of ' +
    'Duplicated (the gradient does not write y); by hand, no y: the hand-written reverse kernel ' +
    'without the writes of y\n',
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
summary((r) => [r.native[0], r.nativeOwned ?? r.native[1]], 'native, shadows owned (adAtomic: false)');
summary((r) => r.gpu, 'GPU');
summary((r) => (r.gpu ? [r.gpu[0], r.owned ?? r.gpu[1]] : undefined), 'GPU, shadows owned (adAtomic: false)');
summary(
  (r) => (r.gpu ? [r.gpu[0], r.noNeed ?? r.gpu[1]] : undefined),
  'GPU, map outputs DuplicatedNoNeed where they are not the input',
);
if (options.out)
  writeFileSync(
    options.out,
    `${JSON.stringify({ device: gpu?.device.name, reuse: options.reuse === true, rows }, null, 2)}\n`,
  );
