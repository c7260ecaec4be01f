// bench/arrays: the array layer (map, reduce, scan, sort) against hand-written kernels doing the
// same job, natively (and with --cuda on DeviceArrays of an NVIDIA GPU). Each row times a whole
// operation, from arrays in place to the result (a fold's value on the host), as the median of
// wall-clock runs after a warm-up (compiling is not counted); both sides wait for the device the
// same way. The goal for reduce: within 1.1x of the best hand-written kernel.
//
//   node --conditions=source --import tsx bench/arrays.ts [--cuda] [--size n] [--out results.json]
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Command } from 'commander';
import type { CudaKernel, DeviceArray } from '../packages/backend-cuda/src/index.js';
import {
  type ArrayOperations,
  arraysOn,
  compileNative,
  type KernelType,
  type NativeKernel,
  nativeArrays,
  parseType,
  sourceFromText,
  type TypedArray,
} from '../packages/core/src/index.js';
import { type HandWritten, handWritten } from './arrays-kernels.js';

const options = new Command('bench-arrays')
  .option('--cuda', 'run on the GPU (DeviceArrays) instead of natively')
  .option('--size <n>', 'elements per array', (v) => Number(v))
  .option('--runs <n>', 'timed runs per row', (v) => Number(v), 7)
  .option('--out <file>', 'write the rows as JSON')
  .parse()
  .opts<{ cuda?: boolean; size?: number; runs: number; out?: string }>();

/** What a row needs of a back-end: its operations, copies, and hand-written kernels' launches. */
interface Platform<A> {
  readonly name: string;
  readonly ops: ArrayOperations<A>;
  /** Blocks that fill the device, for the hand-written kernels' grids. */
  readonly blocks: number;
  upload(host: TypedArray): A;
  download(array: A): ArrayLike<number | bigint>;
  alloc(kind: new (n: number) => TypedArray, n: number): A;
  /** A hand-written kernel, compiled once, launched and waited for. */
  kernel(k: HandWritten): (grid: number, block: number, args: unknown[]) => void;
  free(array: A): void;
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

/**
 * Median milliseconds of each of two runs, alternated after a warm-up of each, so that a busy
 * machine slows both alike.
 */
function compare(a: () => void, b: () => void): [number, number] {
  a();
  b();
  const times: [number[], number[]] = [[], []];
  for (let r = 0; r < options.runs; r++)
    [a, b].forEach((run, i) => {
      const start = performance.now();
      run();
      times[i]?.push(performance.now() - start);
    });
  return [median(times[0]), median(times[1])];
}

const compileTypes = (k: HandWritten) => k.types.map((t) => parseType(t) as KernelType);

function nativePlatform(): Platform<TypedArray> {
  return {
    name: `native (${availableParallelism()} cores)`,
    ops: arraysOn(nativeArrays) as unknown as ArrayOperations<TypedArray>,
    blocks: availableParallelism() * 4,
    // A copy, as a device upload is: kernels that sort in place must not sort the source.
    upload: (host) => host.slice(),
    download: (array) => array,
    alloc: (kind, n) => new kind(n),
    kernel(k) {
      const compiled: NativeKernel = compileNative(sourceFromText(k.source, `${k.name}.js`), compileTypes(k));
      return (grid, block, args) => compiled.launch(grid, block, args);
    },
    free: () => undefined,
  };
}

async function cudaPlatform(): Promise<Platform<DeviceArray>> {
  const cuda = await import('../packages/backend-cuda/src/index.js');
  const device = cuda.CudaDevice.get();
  return {
    name: `${device.name} (sm_${device.computeCapability})`,
    ops: cuda.cudaArrays(device),
    blocks: device.multiprocessors * 8,
    upload: (host) => cuda.DeviceArray.from(host, device),
    download: (array) => array.read(),
    alloc: (kind, n) => cuda.DeviceArray.alloc(kind as Float32ArrayConstructor, n, device),
    kernel(k) {
      const compiled: CudaKernel = cuda.compileCuda(
        sourceFromText(k.source, `${k.name}.js`),
        compileTypes(k),
        {
          device,
        },
      );
      return (grid, block, args) => compiled.launch(grid, block, args);
    },
    free: (array) => array.free(),
  };
}

interface Row {
  op: string;
  elements: number;
  layer: number;
  hand: number;
  against: string;
  ok: boolean;
}

async function main(): Promise<void> {
  const platform = (options.cuda ? await cudaPlatform() : nativePlatform()) as Platform<unknown>;
  // On a GPU as large as bench/cuda's arrays (1 GiB of f32), so that launch costs fade.
  const n = options.size ?? (options.cuda ? 1 << 28 : 1 << 22);
  const rows = await handWritten(platform, n, options.cuda ? 1 << 24 : 1 << 20, compare);
  console.log(
    `array layer against hand-written kernels, ${platform.name}, median of ${options.runs} alternated runs (ms)`,
  );
  const table = rows.map((r: Row) => ({
    op: r.op,
    elements: r.elements,
    'array layer': r.layer.toFixed(2),
    'hand-written': r.hand.toFixed(2),
    ratio: (r.layer / r.hand).toFixed(2),
    against: r.against,
    'same result': r.ok ? 'yes' : 'NO',
  }));
  console.table(table);
  if (options.out)
    writeFileSync(options.out, `${JSON.stringify({ platform: platform.name, rows }, null, 2)}\n`);
  if (rows.some((r) => !r.ok)) process.exitCode = 1;
}

export type { Platform, Row };

await main();
