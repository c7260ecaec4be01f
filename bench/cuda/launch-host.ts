// The host cost of a CUDA launch and where it goes. By default on any machine, against
// packages/backend-cuda/test/fixtures/driver-stub.c (a libcuda whose functions return at once,
// built here with cc): `CudaKernel.launch` on a stream up to the driver, its parts (the argument
// check, the geometry check, writing the parameters) and the bare koffi calls a launch can make.
// With --driver, on a GPU: the same launches of an empty kernel through the real driver, queued
// on a stream in rounds of 10000 (as reference.cu times the C launch), so that the driver's own
// cost of each call shows beside gpuc's.
//
//   node --conditions=source --import tsx bench/cuda/launch-host.ts [--driver]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { issueTimes } from './launch-timing.js';

const real = process.argv.includes('--driver');
const dir = mkdtempSync(join(tmpdir(), 'gpuc-launch-host-'));
if (!real) {
  const stub = join(dir, 'libcuda.so.1');
  const source = join(import.meta.dirname, '../../packages/backend-cuda/test/fixtures/driver-stub.c');
  execFileSync('cc', ['-O2', '-shared', '-fPIC', '-o', stub, source]);
  process.env.GPUC_LIBCUDA = stub;
}
const { CudaDevice, CudaModule, DeviceArray, ParameterBlock } = await import(
  '../../packages/backend-cuda/src/driver/index.js'
);
const { driverFunction, handleAddress, optionalDriverFunction } = await import(
  '../../packages/backend-cuda/src/driver/api.js'
);
const { addressOf } = await import('../../packages/backend-cuda/src/driver/memory.js');
const { argumentChecker, parseType, writeGeometry } = await import('../../packages/core/src/host/index.js');

// An empty kernel of gpuc's parameter layout for (f32[], f32, i32), for the real driver.
const EMPTY_PTX = `.version 7.0
.target sm_52
.address_size 64
.visible .entry k(.param .align 8 .b8 a[16], .param .f32 b, .param .u32 c) { ret; }
`;
const types = ['f32[]', 'f32', 'i32'].map((t) => parseType(t) as never);
const device = CudaDevice.get();
const stream = device.stream();
const kernel = new CudaModule(device, real ? EMPTY_PTX : 'stub').kernel('k', types);
const x = { array: DeviceArray.zeros(Float32Array, 32) };
const args = [x, 2.5, 32];
const options = { stream };

const calls = real ? 10_000 : 20_000;
const rounds = 15;

const check = argumentChecker(
  { name: 'k', argTypes: types },
  { host: false, deviceArray: (v) => (v instanceof DeviceArray ? v.argument : undefined) },
);
const extents = new Uint32Array(7);
const block = new ParameterBlock(types);
// The bare calls, with the kernel's function and parameters and the launch's geometry: what the
// launch path hands koffi (cuLaunchKernelEx where the driver has it), and the alternatives.
const params = block.kernelParams;
const config = new Uint8Array(56);
new Uint32Array(config.buffer, 0, 7).set([1, 1, 1, 32, 1, 1, 0]);
new BigUint64Array(config.buffer, 32, 1)[0] = stream.address;
const configAddress = Number(addressOf(config));
const launchEx = optionalDriverFunction('cuLaunchKernelEx');
const launchKernel = driverFunction('cuLaunchKernel');
const [f, p, s] = [handleAddress(kernel.handle), params, stream.address].map(Number) as [
  number,
  number,
  number,
];
// With the driver, also a kernel gpuc compiled (its PTX, not the hand-written one), launched as
// above and as bench/cuda's launch row does (arguments and options made per call): that row has
// read more than the one above (5.67 against 3.74 us on an H200), and these rows tell why.
const compiled = real
  ? (await import('../../packages/backend-cuda/src/index.js')).compileCuda(
      { text: 'function k(a, b, c) {}', file: 'empty.js' },
      types,
    )
  : undefined;
const rows: [string, () => void][] = [
  ['CudaKernel.launch on a stream (all of it)', () => kernel.launch(1, 32, args, options)],
  ...(compiled
    ? ([
        ['  the same, of a kernel gpuc compiled', () => compiled.launch(1, 32, args as never, options)],
        [
          '  the same, arguments made per call',
          () => compiled.launch(1, 32, [x, 2.5, 32] as never, { stream }),
        ],
      ] as [string, () => void][])
    : []),
  ...(real
    ? []
    : ([
        ['  argument check', () => check(args)],
        ['  geometry check', () => writeGeometry(1, 32, device.limits, extents)],
        ['  parameters written', () => block.fill(args)],
      ] as [string, () => void][])),
  ...(launchEx
    ? ([['koffi call of cuLaunchKernelEx, numbers', () => launchEx(configAddress, f, p, 0)]] as [
        string,
        () => void,
      ][])
    : []),
  ['koffi call of cuLaunchKernel, numbers', () => launchKernel(f, 1, 1, 1, 32, 1, 1, 0, s, p, 0)],
  [
    'koffi call of cuLaunchKernel, bigints',
    () => launchKernel(BigInt(f), 1, 1, 1, 32, 1, 1, 0, stream.address, params, 0n),
  ],
  ...(real
    ? ([
        [
          'koffi call of cuLaunchKernel, default stream',
          () => launchKernel(f, 1, 1, 1, 32, 1, 1, 0, 0, p, 0),
        ],
      ] as [string, () => void][])
    : []),
];
// With the driver, each round's launches drain before the next round.
const us = issueTimes(
  rows.map(([, fn]) => fn),
  {
    calls,
    rounds,
    drain: () => {
      stream.synchronize();
      device.synchronize();
    },
  },
);
console.log(
  `${real ? `${device.name}, the real driver` : 'driver stub (no driver work)'}; us per launch as issued, median of ${rounds} rounds of ${calls} after one`,
);
for (const [i, [what]] of rows.entries())
  console.log(`${what.padEnd(50)} ${(us[i] as number).toFixed(3)} us`);
rmSync(dir, { recursive: true, force: true });
