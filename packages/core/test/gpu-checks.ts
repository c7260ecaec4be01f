// The checks every GPU back-end runs on its GPU (CUDA's test/gpu/suite.ts, ROCm's
// test/fixtures/hsa-gpu-checks.ts add their own): the conformance corpus, device exceptions,
// dynamic shared memory, and records, tuples, functions and views as arguments. Free of vitest,
// so that a device script can run them too.

import { view } from '../src/entry/compiler.js';
import {
  type ConformanceBackend,
  corpusDirectory,
  loadConformance,
  runConformance,
} from '../src/entry/tools.js';
import { type Config, type Dim, type FunctionInput, LaunchError } from '../src/index.js';

export interface GpuCheck {
  readonly name: string;
  /** Throws on failure; returns what it saw. */
  run(): Promise<string> | string;
}

/** The launch options the checks pass. */
interface CheckLaunch {
  grid: Dim;
  block: Dim;
  sharedBytes?: number;
  config?: Partial<Config>;
  scope?: Readonly<Record<string, unknown>>;
}

/** What the shared checks need of a back-end. */
export interface GpuBackend {
  /** Its `launchX` on the default device. */
  readonly launch: (kernel: FunctionInput, launch: CheckLaunch, ...args: never[]) => void;
  /** Its conformance back-end (which runs kernels where the GPU is). */
  readonly conformance: ConformanceBackend;
  /** Conformance failures that are expected (math the back-end has no lowering for). */
  readonly tolerated?: RegExp;
  /** Dynamic shared bytes a block of 256 threads surely gets (past CUDA's 48 KiB, say). */
  readonly sharedBytes: number;
  /** Checks a device exception's error beyond its message (which thread it names); throws if wrong. */
  readonly thrown?: (error: unknown) => void;
}

export const assert = (ok: boolean, message: string): void => {
  if (!ok) throw new Error(message);
};

/** The message of what a call throws, or '' when it does not. */
export function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

/** The message of the LaunchError a launch throws (or what else it threw, or that it ran). */
export function launchRefusal(launch: () => void): string {
  try {
    launch();
  } catch (error) {
    return error instanceof LaunchError ? error.message : `not a LaunchError: ${String(error)}`;
  }
  return 'launched';
}

/** A kernel that throws at one thread (`n`), the others writing 1. */
export const CHECKED_KERNEL = {
  text: `function checked(x, n) {
  const i = gpu.globalIdx.x;
  if (i === n) throw new Error('element out of range');
  x[i] = 1;
}`,
  file: 'checked.js',
};

/**
 * A record (with an array and a boolean), a tuple (with an array) and a function as arguments:
 * `out[i] = p.a * p.xs[i] + t[0] + f(t[1][i]) + (p.on ? 100 : 0)`.
 */
export const MIXED_KERNEL = {
  text: `function mixed(p, t, f, out) {
  const i = gpu.globalIdx.x;
  if (i < out.length) out[i] = p.a * p.xs[i] + t[0] + f(t[1][i]) + (p.on ? 100 : 0);
}`,
  file: 'mixed.js',
};

/** The checks, with the conformance corpus in `corpus`. */
export function sharedGpuChecks(backend: GpuBackend, corpus = corpusDirectory()): GpuCheck[] {
  const launch = backend.launch as (kernel: FunctionInput, launch: CheckLaunch, ...args: unknown[]) => void;
  const name = backend.conformance.name;
  return [
    {
      name: 'conformance corpus on the GPU',
      async run() {
        const entries = await loadConformance(corpus);
        const report = await runConformance(entries, [backend.conformance]);
        const detail = (entry: string) =>
          report.results[entry]?.[name]?.detail ?? report.results[entry]?.[name]?.status;
        const failed = entries.filter((e) => report.results[e.name]?.[name]?.status !== 'matched');
        const unexpected = failed.filter((e) => !backend.tolerated?.test(String(detail(e.name))));
        assert(unexpected.length === 0, unexpected.map((e) => `${e.name}: ${detail(e.name)}`).join('; '));
        return `${entries.length - failed.length} of ${entries.length} kernels match the reference runner`;
      },
    },
    {
      // No expansion of gpuc's: LLVM's llvm.maximum/minimum carry JavaScript's rules (NaN wins,
      // -0 below +0), which each GPU's instruction selection must keep.
      name: 'Math.max and Math.min: NaN wins, -0 below +0',
      run() {
        const specials = [0, -0, 1, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
        const kernel = {
          text: `function extremes(x, y, hi, lo) {
  const i = gpu.globalIdx.x;
  hi[i] = Math.max(x[i], y[i]);
  lo[i] = Math.min(x[i], y[i]);
}`,
          file: 'extremes.js',
        };
        const xs = specials.flatMap((a) => specials.map(() => a));
        const ys = specials.flatMap(() => specials);
        for (const Kind of [Float32Array, Float64Array]) {
          const [hi, lo] = [new Kind(xs.length), new Kind(xs.length)];
          launch(kernel, { grid: 1, block: xs.length }, Kind.from(xs), Kind.from(ys), hi, lo);
          xs.forEach((x, i) => {
            const y = ys[i] as number;
            assert(Object.is(hi[i], Math.max(x, y)), `${Kind.name}: Math.max(${x}, ${y}) gave ${hi[i]}`);
            assert(Object.is(lo[i], Math.min(x, y)), `${Kind.name}: Math.min(${x}, ${y}) gave ${lo[i]}`);
          });
        }
        return `${xs.length} pairs in f32 and f64 agree with JavaScript`;
      },
    },
    {
      // Vendor pow follows C (pow(1, NaN) and pow(-1, Infinity) are 1); JavaScript's ** is NaN.
      name: 'powers of ±1 to NaN and infinite exponents are NaN',
      run() {
        const specials = [1, -1, 2, 0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
        const kernel = {
          text: `function powers(x, y, p) {
  const i = gpu.globalIdx.x;
  p[i] = x[i] ** y[i];
}`,
          file: 'powers.js',
        };
        const xs = specials.flatMap((a) => specials.map(() => a));
        const ys = specials.flatMap(() => specials);
        for (const Kind of [Float32Array, Float64Array]) {
          const p = new Kind(xs.length);
          launch(kernel, { grid: 1, block: xs.length }, Kind.from(xs), Kind.from(ys), p);
          xs.forEach((x, i) => {
            const y = ys[i] as number;
            assert(Object.is(p[i], Kind.of(x ** y)[0]), `${Kind.name}: ${x} ** ${y} gave ${p[i]}`);
          });
        }
        return `${xs.length} pairs in f32 and f64 agree with JavaScript`;
      },
    },
    {
      name: 'device exceptions',
      run() {
        let thrown: unknown;
        try {
          launch(CHECKED_KERNEL, { grid: 4, block: 64 }, new Float32Array(256), 77);
        } catch (error) {
          thrown = error;
        }
        const message = thrown instanceof Error ? thrown.message : String(thrown);
        assert(message === 'element out of range (in checked at checked.js:3)', `got "${message}"`);
        backend.thrown?.(thrown);
        // The device stays usable, and a clean launch raises nothing.
        const x = new Float32Array(256);
        launch(CHECKED_KERNEL, { grid: 4, block: 64 }, x, 1000);
        assert(
          x.every((v) => v === 1),
          'the launch after the exception did not run',
        );
        // The bounds-checking mode turns an index out of range into one too.
        const bounds = messageOf(() =>
          launch(
            {
              text: 'function shifted(x, y) {\n  const i = gpu.globalIdx.x;\n  y[i] = x[i + 1];\n}',
              file: 'shifted.js',
            },
            { grid: 1, block: 64, config: { boundsCheck: true } },
            new Float32Array(64),
            new Float32Array(64),
          ),
        );
        assert(bounds === 'index out of range (in shifted at shifted.js:3)', `bounds check gave "${bounds}"`);
        return `${message}; ${bounds}`;
      },
    },
    {
      name: 'dynamic shared memory',
      run() {
        const kernel = {
          text: `function far(x, out) {
  const tile = gpu.dynamicSharedArray(Float32Array);
  const t = gpu.threadIdx.x;
  tile[tile.length - 1 - t] = x[t];
  gpu.barrier();
  out[t] = tile[tile.length - 1 - t] + tile.length;
}`,
          file: 'far.js',
        };
        const x = Float32Array.from({ length: 256 }, (_, i) => i);
        const out = new Float32Array(256);
        const elements = backend.sharedBytes / 4;
        launch(kernel, { grid: 1, block: 256, sharedBytes: backend.sharedBytes }, x, out);
        assert(
          out.every((v, i) => v === i + elements),
          `got ${out.slice(0, 4).join(', ')}...`,
        );
        const refused = launchRefusal(() =>
          launch(kernel, { grid: 1, block: 256, sharedBytes: 1 << 20 }, x, out),
        );
        assert(
          /sharedBytes is 1048576; a block has at most \d+ bytes of dynamic shared memory here \[bad-launch\]/.test(
            refused,
          ),
          `too much shared memory gave "${refused}"`,
        );
        return `${backend.sharedBytes / 1024} KiB of dynamic shared memory: ${elements} f32`;
      },
    },
    {
      name: 'records, tuples and functions as kernel arguments',
      run() {
        const square = new Function('return function sq(v) { return v * v; }')();
        const out = new Float32Array(4);
        launch(
          MIXED_KERNEL,
          { grid: 1, block: 4 },
          { a: 2.5, xs: Float32Array.from([1, 2, 3, 4]), on: true },
          [10, Int32Array.from([1, 2, 3, 4])],
          square,
          out,
        );
        assert(out.join() === [113.5, 119, 126.5, 136].join(), `got ${out.join(', ')}`);
        return `a record, a tuple and a function passed: ${out.join(', ')}`;
      },
    },
    {
      // Where the target fills them at launch (CUDA), new contents reuse the loaded kernel.
      name: 'arrays captured from the scope: each launch reads what they hold then',
      run() {
        const kernel = {
          text: `function captured(out) {
  const i = gpu.globalIdx.x;
  out[i] = lut[i] * p.w.get(i % 2, 1) + p.scale;
}`,
          file: 'captured.js',
        };
        const scope = { lut: new Float32Array(64), p: { scale: 0.5, w: view(new Float64Array(4), 2, 2) } };
        const out = new Float32Array(64);
        for (let round = 1; round <= 8; round++) {
          scope.lut.fill(round);
          scope.p.w.data.set([0, round, 0, 2 * round]);
          // A fresh scope object of the same arrays, as a caller building it per launch would.
          launch(kernel, { grid: 2, block: 32, scope: { ...scope } }, out);
          const expected = (i: number) => round * (i % 2 === 0 ? round : 2 * round) + 0.5;
          assert(
            out.every((v, i) => v === expected(i)),
            `round ${round}: got ${[...out.subarray(0, 4)].join(', ')}, expected ${expected(0)}, ${expected(1)}`,
          );
        }
        return '8 launches with new contents each read them';
      },
    },
    {
      name: 'records, tuples and views as arguments',
      run() {
        const kernel = {
          text: `function shaped(p, t, m, out) {
  const i = gpu.globalIdx.x;
  out[i] = p.scale * m.get(i, 1) + t[0] + (p.on ? t[1] : 0);
}`,
          file: 'shaped.js',
        };
        const m = view(
          Float64Array.from({ length: 8 }, (_, i) => i),
          4,
          2,
        );
        const out = new Float64Array(4);
        launch(kernel, { grid: 1, block: 4 }, { scale: 2, on: true }, [0.5, 1], m, out);
        const expected = [0, 1, 2, 3].map((i) => 2 * (2 * i + 1) + 0.5 + 1);
        assert(
          out.every((v, i) => v === expected[i]),
          `got ${[...out].join(', ')}`,
        );
        return `out = ${[...out].join(', ')}`;
      },
    },
  ];
}
