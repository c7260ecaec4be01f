// The host cost of a CUDA launch up to the driver, on any machine: gpuc's launch path runs
// against driver-stub.c (a libcuda whose functions return at once), built here with cc. Prints
// the cost of `CudaKernel.launch` on a stream and of its parts: the argument check, the geometry
// check, writing the parameters, and the bare koffi call of cuLaunchKernel. On a GPU, the
// driver's own time comes on top (bench/cuda/run.ts measures the whole against a C launch).
//
//   node --conditions=source --import tsx bench/cuda/launch-host.ts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// koffi as core has it (bench/ has no dependencies of its own).
const koffi = createRequire(join(import.meta.dirname, '../../packages/core/package.json'))('koffi');

const dir = mkdtempSync(join(tmpdir(), 'gpuc-launch-host-'));
const stub = join(dir, 'libcuda.so.1');
execFileSync('cc', ['-O2', '-shared', '-fPIC', '-o', stub, join(import.meta.dirname, 'driver-stub.c')]);
process.env.GPUC_LIBCUDA = stub;
const { CudaDevice, CudaModule, DeviceArray, ParameterBlock } = await import(
  '../../packages/backend-cuda/src/driver/index.js'
);
const { argumentChecker, checkGeometry, parseType } = await import('../../packages/core/src/host/index.js');

const types = ['f32[]', 'f32', 'i32'].map((t) => parseType(t) as never);
const device = CudaDevice.get();
const stream = device.stream();
const kernel = new CudaModule(device, 'stub').kernel('k', types);
const x = { array: DeviceArray.zeros(Float32Array, 32) };
const args = [x, 2.5, 32];
const options = { stream };

/** Microseconds per call of `fn`: the best of 7 rounds of 100000 calls, after a warm-up. */
function time(fn: () => void): number {
  for (let i = 0; i < 100_000; i++) fn();
  let best = Number.POSITIVE_INFINITY;
  for (let r = 0; r < 7; r++) {
    const start = performance.now();
    for (let i = 0; i < 100_000; i++) fn();
    best = Math.min(best, (performance.now() - start) / 100);
  }
  return best;
}

const check = argumentChecker(
  { name: 'k', argTypes: types },
  { host: false, deviceArray: (v) => (v instanceof DeviceArray ? v.argument : undefined) },
);
const block = new ParameterBlock(types);
const launchKernel = koffi
  .load(stub)
  .func(
    'int cuLaunchKernel(uint64_t, unsigned int, unsigned int, unsigned int, unsigned int, unsigned int, unsigned int, unsigned int, uint64_t, uint64_t, uint64_t)',
  );
const rows: [string, number][] = [
  ['CudaKernel.launch on a stream (all of it)', time(() => kernel.launch(1, 32, args, options))],
  ['  argument check', time(() => check(args))],
  ['  geometry check', time(() => checkGeometry(1, 32, device.limits))],
  ['  parameters written', time(() => block.fill(args))],
  [
    '  koffi call of cuLaunchKernel (no driver work)',
    time(() => launchKernel(1n, 1, 1, 1, 32, 1, 1, 0, 1n, 1n, 0n)),
  ],
];
for (const [what, us] of rows) console.log(`${what.padEnd(50)} ${us.toFixed(3)} us`);
rmSync(dir, { recursive: true, force: true });
