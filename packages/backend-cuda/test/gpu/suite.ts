// The checks that need an NVIDIA GPU, shared by the vitest file (which skips them without one)
// and the device script (scripts/gpu-check.ts), which runs them on a machine lent for it.
import { spawnSync } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { cacheLimits, LaunchError, parseType, setCacheLimits } from '@gpuc/core';
import { corpusDirectory } from '@gpuc/core/tools';
import {
  assert,
  CHECKED_KERNEL,
  type GpuCheck,
  launchRefusal,
  sharedGpuChecks,
} from '../../../core/test/gpu-checks.js';
import { differenceFromReference, OUTSIDE_KERNELS } from '../../../core/test/outside-kernels.js';
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
import { warpgroupChecks } from './warpgroup.js';

export type { GpuCheck };

/** A kernel that runs for about a second on an H100 (each thread's steps in sequence). */
const spin = {
  text: `function spin(out, n) {
  const i = gpu.globalIdx.x;
  let s = i;
  for (let k = 0; k < n; k++) s = s * 0.999 + 1;
  out[i] = s;
}`,
  file: 'spin.js',
};
const SPIN_STEPS = 100_000_000;

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
    // Past the 48 KiB a block gets without asking. Devices other than Hopper refuse the
    // warpgroup matrix operations by design (wgmma is sm_90a's); on Hopper they must match.
    ...sharedGpuChecks(
      {
        launch: launchCuda,
        conformance: cudaConformance,
        sharedBytes: 64 * 1024,
        tolerated: /gpu\.matrixWarpgroup\w+ is not supported on CUDA without sm_90a/,
      },
      corpus,
    ),
    {
      name: 'kernels written apart from the corpus',
      run() {
        const failed = OUTSIDE_KERNELS.flatMap((k) => {
          const difference = differenceFromReference(k, launchCuda as never);
          return difference === undefined ? [] : [`${k.name}: ${difference}`];
        });
        assert(failed.length === 0, failed.join('; '));
        return `${OUTSIDE_KERNELS.length} kernels as on the reference runner`;
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
        const n = SPIN_STEPS;
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
        const thrown = await launchCudaAsync(
          CHECKED_KERNEL,
          { grid: 4, block: 64 },
          new Float32Array(256),
          77,
        ).then(
          () => 'resolved',
          (error: Error) => error.message,
        );
        assert(thrown === 'element out of range (in checked at checked.js:3)', `got "${thrown}"`);
        const refused = await launchCudaAsync(
          CHECKED_KERNEL,
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
    {
      name: 'memory collected while a kernel runs is freed after it, without holding the event loop',
      async run() {
        const device = CudaDevice.get();
        const expected = new Float32Array(64);
        launchCuda(spin, { grid: 1, block: 64 }, expected, SPIN_STEPS);
        // Device and pinned memory that nothing holds once the kernel is launched.
        const drop = () => {
          for (let i = 0; i < 16; i++) DeviceArray.alloc(Float32Array, 1 << 16, device);
          pinnedArray(Float32Array, 1 << 12, device);
        };
        drop();
        setFlagsFromString('--expose-gc');
        const gc = runInNewContext('gc') as () => void;
        let ticks = 0;
        let pending = 0;
        const timer = setInterval(() => {
          ticks++;
          pending = Math.max(pending, device.pendingFrees);
        }, 5);
        const out = new Float32Array(64);
        const start = performance.now();
        const launched = launchCudaAsync(spin, { grid: 1, block: 64 }, out, SPIN_STEPS);
        // Collected during the kernel: the finalizers run on a later turn, while it still runs.
        setTimeout(gc, 20);
        await launched;
        const ms = performance.now() - start;
        clearInterval(timer);
        assert(
          out.every((v, i) => v === expected[i]),
          'the launch computed another result',
        );
        assert(
          ticks >= Math.min(10, Math.floor(ms / 20)) && ticks > 0,
          `${ticks} ticks in ${ms.toFixed(0)} ms`,
        );
        assert(pending > 0, 'no collected memory waited to be freed during the kernel');
        assert(device.pendingFrees === 0, `${device.pendingFrees} frees still wait after the launch`);
        return `${ticks} ticks during a ${ms.toFixed(0)} ms launch; ${pending} frees waited for it`;
      },
    },
    {
      name: 'modules of kernels dropped past the kernels cache limit unload at the next wait; held ones run on',
      async run() {
        const device = CudaDevice.get();
        const before = cacheLimits();
        setFlagsFromString('--expose-gc');
        const gc = runInNewContext('gc') as () => void;
        try {
          setCacheLimits({ kernels: 2 });
          const adding = (k: number) => ({
            text: `function add${k}(x) { x[gpu.globalIdx.x] += ${k}; }`,
            file: `unload-${k}.js`,
          });
          const held = compileCuda(adding(1000), ['f32[]']);
          const x = new Float32Array(32);
          for (let k = 0; k < 24; k++) await launchCudaAsync(adding(k), { grid: 1, block: 32 }, x);
          for (let i = 0; i < 4; i++) {
            gc();
            await new Promise((resolve) => setTimeout(resolve, 10));
          }
          const queued = device.pendingFrees;
          device.synchronize();
          assert(queued >= 20, `only ${queued} of the 22 dropped modules were queued to unload`);
          assert(device.pendingFrees === 0, `${device.pendingFrees} unloads still wait after a wait`);
          const back = new Float32Array(32);
          held.run(1, 32, [back]);
          assert(
            x.every((v) => v === (23 * 24) / 2) && back.every((v) => v === 1000),
            'a launch computed another result',
          );
          return `${queued} modules unloaded at the next wait; the held kernel ran after`;
        } finally {
          setCacheLimits(before);
        }
      },
    },
    ...arrayChecks(),
    ...warpgroupChecks(),
  ];
}
