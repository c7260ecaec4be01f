// The checks that need an NVIDIA GPU, shared by the vitest file (which skips them without one)
// and the device script (scripts/gpu-check.ts), which runs them on a machine lent for it.
import { spawnSync } from 'node:child_process';
import { corpusDirectory, LaunchError, loadConformance, parseType, runConformance } from '@gpuc/core';
import {
  CudaDevice,
  compileCuda,
  cudaConformance,
  DeviceArray,
  launchCuda,
  launchCudaAsync,
  pinnedArray,
} from '../../src/index.js';
import { arrayChecks } from './arrays.js';

export interface GpuCheck {
  readonly name: string;
  /** Throws on failure; returns what it saw. */
  run(): Promise<string> | string;
}

const assert = (ok: boolean, message: string) => {
  if (!ok) throw new Error(message);
};

/** Kernels that print, run in a child process so that their output can be read. */
export const PRINT_KERNEL = {
  text: `function greet(x) {
  const i = gpu.globalIdx.x;
  if (i < 3) console.log("thread %d has %f", i, x[i]);
}`,
  file: 'greet.js',
};

export function runPrintKernel(): void {
  launchCuda(PRINT_KERNEL, { grid: 1, block: 32 }, Float64Array.from([0.5, 1.5, 2.5]));
}

/**
 * The checks. `printCommand` runs `runPrintKernel` in a new process (argv, the program first);
 * `corpus` is the conformance corpus's folder.
 */
export function gpuChecks(printCommand: readonly string[], corpus = corpusDirectory()): GpuCheck[] {
  return [
    {
      name: 'device',
      run() {
        const device = CudaDevice.get();
        assert(device.computeCapability >= 70, `compute capability ${device.computeCapability}`);
        return `${device.name}, sm_${device.computeCapability}, ${device.multiprocessors} SMs, ${Number(device.totalMemory / 2n ** 20n)} MiB`;
      },
    },
    {
      name: 'conformance corpus on the GPU',
      async run() {
        const entries = await loadConformance(corpus);
        const report = await runConformance(entries, [cudaConformance]);
        const failed = entries.filter((e) => report.results[e.name]?.cuda?.status !== 'matched');
        assert(
          failed.length === 0,
          failed
            .map(
              (e) =>
                `${e.name}: ${report.results[e.name]?.cuda?.detail ?? report.results[e.name]?.cuda?.status}`,
            )
            .join('; '),
        );
        return `${entries.length} of ${entries.length} kernels match the reference runner`;
      },
    },
    {
      // LLVM 22 selects max.NaN.f32/min.NaN.f32 for f32 and expands f64: no expansion of gpuc's.
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
          launchCuda(kernel, { grid: 1, block: xs.length }, Kind.from(xs), Kind.from(ys), hi, lo);
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
      name: 'device exceptions',
      run() {
        const kernel = {
          text: `function checked(x, n) {
  const i = gpu.globalIdx.x;
  if (i === n) throw new Error('element out of range');
  x[i] = 1;
}`,
          file: 'checked.js',
        };
        let message = '';
        try {
          launchCuda(kernel, { grid: 4, block: 64 }, new Float32Array(256), 77);
        } catch (error) {
          message = (error as Error).message;
        }
        assert(message === 'element out of range (in checked at checked.js:3)', `got "${message}"`);
        // The context stays usable, and a clean launch raises nothing.
        const x = new Float32Array(256);
        launchCuda(kernel, { grid: 4, block: 64 }, x, 1000);
        assert(
          x.every((v) => v === 1),
          'the launch after the exception did not run',
        );
        // The bounds-checking mode turns an index out of range into one too.
        let bounds = '';
        try {
          launchCuda(
            {
              text: 'function shifted(x, y) {\n  const i = gpu.globalIdx.x;\n  y[i] = x[i + 1];\n}',
              file: 'shifted.js',
            },
            { grid: 1, block: 64, config: { boundsCheck: true } },
            new Float32Array(64),
            new Float32Array(64),
          );
        } catch (error) {
          bounds = (error as Error).message;
        }
        assert(bounds === 'index out of range (in shifted at shifted.js:3)', `bounds check gave "${bounds}"`);
        return `${message}; ${bounds}`;
      },
    },
    {
      name: 'printf through vprintf',
      run() {
        const [program, ...args] = printCommand as [string, ...string[]];
        const child = spawnSync(program, args, { encoding: 'utf8' });
        const lines = child.stdout
          .split('\n')
          .filter((l) => l.startsWith('thread '))
          .sort();
        const expected = ['thread 0 has 0.5', 'thread 1 has 1.5', 'thread 2 has 2.5'];
        assert(
          JSON.stringify(lines) === JSON.stringify(expected),
          `printed ${JSON.stringify(child.stdout + child.stderr)}`,
        );
        return lines.join(' / ');
      },
    },
    {
      name: 'device arrays, streams and events',
      run() {
        const device = CudaDevice.get();
        const stream = device.stream();
        const kernel = compileCuda(
          {
            text: 'function twice(x) { const i = gpu.globalIdx.x; if (i < x.length) x[i] *= 2; }',
            file: 'twice.js',
          },
          [parseType('f32[]') as never],
        );
        // Pinned host memory, so that the copy on the stream is asynchronous.
        const host = pinnedArray(Float32Array, 1 << 20);
        host.forEach((_, i) => {
          host[i] = i;
        });
        const array = DeviceArray.alloc(Float32Array, host.length);
        const ms = stream.time(() => {
          array.write(host, stream);
          kernel.launch(host.length / 256, 256, [{ array }], { stream });
        });
        kernel.synchronize(stream);
        const back = array.read();
        array.free();
        stream.destroy();
        assert(
          back.every((v, i) => v === 2 * i),
          'wrong result through the stream',
        );
        let mismatch = '';
        try {
          DeviceArray.zeros(Int32Array, 4).write(new Int32Array(5));
        } catch (error) {
          mismatch = (error as Error).message;
        }
        assert(mismatch.includes('cannot be copied'), `size mismatch not refused: ${mismatch}`);
        return `copy in and kernel on a stream: ${ms.toFixed(3)} ms (events)`;
      },
    },
    {
      name: 'dynamic shared memory beyond 48 KiB',
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
        launchCuda(kernel, { grid: 1, block: 256, sharedBytes: 64 * 1024 }, x, out);
        assert(
          out.every((v, i) => v === i + 16384),
          `got ${out.slice(0, 4).join(', ')}...`,
        );
        return '64 KiB of dynamic shared memory: 16384 f32';
      },
    },
    {
      name: 'launch bounds reach the GPU',
      run() {
        const kernel = compileCuda(
          { text: 'function bounded(x) { x[gpu.globalIdx.x] = 1; }', file: 'bounded.js' },
          [parseType('f32[]') as never],
          { params: { maxThreads: 128 } },
        );
        const array = DeviceArray.zeros(Float32Array, 512);
        kernel.launch(4, 128, [{ array }]);
        // The driver says the kernel takes at most 128 threads: the launch is refused before it.
        const refused = launchRefusal(() => kernel.launch(2, 256, [{ array }]));
        array.free();
        assert(
          /a block has at most 128 threads here, not 256 \(256 x 1 x 1\) \[bad-launch\]/.test(refused),
          `a 256-thread launch of a 128-thread kernel gave ${refused}`,
        );
        return `256 threads refused: ${refused}`;
      },
    },
    {
      name: 'records, tuples and functions as kernel arguments',
      run() {
        const kernel = {
          text: `function mixed(p, t, f, out) {
  const i = gpu.globalIdx.x;
  if (i < out.length) out[i] = p.a * p.xs[i] + t[0] + f(t[1][i]) + (p.on ? 100 : 0);
}`,
          file: 'mixed.js',
        };
        const square = new Function('return function sq(v) { return v * v; }')();
        const out = new Float32Array(4);
        launchCuda(
          kernel,
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
      name: "launches past the device's limits are refused before the driver",
      run() {
        const kernel = {
          text: 'function one(x) { x[gpu.globalIdx.x] = 1; }',
          file: 'one.js',
        };
        const x = new Float32Array(1);
        const device = CudaDevice.get();
        const refusals = [
          launchRefusal(() => launchCuda(kernel, { grid: 1, block: [1024, 2] }, x)),
          launchRefusal(() => launchCuda(kernel, { grid: 1, block: [1, 1, 65] }, x)),
          launchRefusal(() => launchCuda(kernel, { grid: [1, 65536], block: 1 }, x)),
          launchRefusal(() =>
            launchCuda(kernel, { grid: 1, block: 1, sharedBytes: device.maxSharedBytesPerBlock + 1 }, x),
          ),
        ];
        const expected = [
          /a block has at most 1024 threads here, not 2048/,
          /at most 64 threads along z here, not 65/,
          /at most 65535 blocks along y here, not 65536/,
          /sharedBytes is \d+; a block has at most \d+ bytes of dynamic shared memory here/,
        ];
        refusals.forEach((refused, i) => {
          assert((expected[i] as RegExp).test(refused), `expected ${expected[i]}, got ${refused}`);
        });
        return `refused: ${refusals.length} launches, each with bad-launch`;
      },
    },
    {
      name: 'asynchronous launches leave the event loop free',
      async run() {
        const spin = {
          text: `function spin(out, n) {
  const i = gpu.globalIdx.x;
  let s = i;
  for (let k = 0; k < n; k++) s = s * 0.999 + 1;
  out[i] = s;
}`,
          file: 'spin.js',
        };
        const n = 100_000_000;
        const expected = new Float32Array(64);
        launchCuda(spin, { grid: 1, block: 64 }, expected, n);
        let ticks = 0;
        const timer = setInterval(() => ticks++, 5);
        const out = new Float32Array(64);
        const start = performance.now();
        const launched = launchCudaAsync(spin, { grid: 1, block: 64 }, out, n);
        await launched;
        const ms = performance.now() - start;
        clearInterval(timer);
        assert(
          out.every((v, i) => v === expected[i]),
          'the asynchronous launch computed another result',
        );
        assert(
          ticks >= Math.min(10, Math.floor(ms / 20)) && ticks > 0,
          `${ticks} ticks in ${ms.toFixed(0)} ms`,
        );
        // A device exception and a bad argument reject the promise.
        const checked = {
          text: `function checked(x, n) {
  const i = gpu.globalIdx.x;
  if (i === n) throw new Error('element out of range');
  x[i] = 1;
}`,
          file: 'checked.js',
        };
        const thrown = await launchCudaAsync(checked, { grid: 4, block: 64 }, new Float32Array(256), 77).then(
          () => 'resolved',
          (error: Error) => error.message,
        );
        assert(thrown === 'element out of range (in checked at checked.js:3)', `got "${thrown}"`);
        const refused = await launchCudaAsync(
          checked,
          { grid: 4, block: 64 },
          new Float32Array(256),
          'n',
        ).then(
          () => 'resolved',
          (error: unknown) => (error instanceof LaunchError ? error.code : String(error)),
        );
        assert(refused === 'bad-argument', `a bad argument gave ${refused}`);
        // On a stream, with device arrays.
        const device = CudaDevice.get();
        const stream = device.stream();
        const kernel = compileCuda(spin, [parseType('f32[]') as never, parseType('i32') as never]);
        const array = DeviceArray.zeros(Float32Array, 64);
        await kernel.launchAsync(1, 64, [{ array }, n], { stream });
        const back = array.read();
        array.free();
        stream.destroy();
        assert(
          back.every((v, i) => v === expected[i]),
          'the launch on a stream computed another result',
        );
        return `${ticks} timer ticks during a ${ms.toFixed(0)} ms launch; ${thrown}; ${refused}`;
      },
    },
    ...arrayChecks(),
  ];
}

/** The message of the LaunchError a launch throws (or what else it threw, or that it ran). */
function launchRefusal(launch: () => void): string {
  try {
    launch();
  } catch (error) {
    return error instanceof LaunchError ? error.message : `not a LaunchError: ${String(error)}`;
  }
  return 'launched';
}
