/**
 * Compiling and launching from JavaScript: `compileRocm` compiles a kernel for the GPU's
 * processor (through the disk cache) into a code object, reads its metadata, and loads it;
 * `launchRocm` does it for the arguments' types and runs it, copying typed arrays to the device
 * and back.
 */

import type { Compiler, FunctionInput } from '@gpuc/core/compiler';
import type { DeviceArrays, Dim, LaunchArguments, ParameterTypes, TypedArray } from '@gpuc/core/host';
import {
  type DeviceCompileOptions,
  DeviceKernels,
  prepareDeviceLaunch,
  type SizedLaunch,
} from '@gpuc/core/launch';
import { RocmDevice } from '../hsa/device.js';
import { type RocmKernel, RocmModule } from '../hsa/kernel.js';
import { type RocmArray, rocmArrayOf } from '../hsa/memory.js';
import { readMetadata } from '../target/metadata.js';
import { RocmPlugin } from '../target/plugin.js';

const kernels = new DeviceKernels<RocmKernel, RocmDevice>({
  target: 'rocm',
  kind: 'object',
  plugin: () => new RocmPlugin(),
  defaultDevice: () => RocmDevice.get(),
  deviceParams: (device) => ({ gfx: device.gfx }),
  deviceKey: (device) => device?.index ?? '',
  load: (result, request) => {
    const codeObject = result.output as Buffer;
    // The metadata lets the arguments be checked and the hidden ones filled.
    const metadata = readMetadata(codeObject).kernels.find((k) => k.name === result.entry);
    return new RocmModule(request.place as RocmDevice, codeObject).kernel(
      result.entry,
      request.argTypes,
      metadata,
    );
  },
  deviceArray: rocmArrayOf,
  // A sized launch: 256 work-items a group, or fewer where the kernel allows fewer.
  maxBlock: (loaded) => loaded.maxWorkgroupSize,
});

/** A compiler with the ROCm plugin (shared). */
export function rocmCompiler(): Compiler {
  return kernels.sharedCompiler();
}

/** ROCm params (`wavefrontSize`, `maxThreads`...); the processor (`gfx`) is the GPU's. */
export type RocmCompileOptions = DeviceCompileOptions<RocmDevice>;

/** Compiles a kernel for argument types and loads it on a GPU (once per everything that matters). */
export function compileRocm(
  kernel: FunctionInput,
  signature: ParameterTypes,
  options: RocmCompileOptions = {},
): RocmKernel {
  return kernels.compile(kernel, signature, options);
}

/** A launch from JavaScript. */
export interface RocmLaunch extends RocmCompileOptions {
  readonly grid: Dim;
  readonly block: Dim;
  /** Bytes of dynamic LDS per work-group (`gpu.dynamicSharedArray`). */
  readonly sharedBytes?: number;
  /** How long the kernel may run (default 60 s). */
  readonly timeoutMs?: number;
}

/** A launch by work-item count (`{ size: n }`): groups of 256 (at most the kernel's limit) cover `size`. */
export type RocmSizedLaunch = Omit<RocmLaunch, 'grid' | 'block'> & SizedLaunch;

/** Rocm's device arrays, by element (`LaunchArguments` takes them for array parameters). */
export interface RocmArrays extends DeviceArrays {
  readonly array: this['element'] extends TypedArray ? RocmArray<this['element']> : never;
}

/**
 * Compiles a kernel for these arguments' types and runs it on the GPU. Typed arrays and views
 * are copied to the device and back; RocmArrays stay where they are. The geometry and the
 * arguments are checked first (a coded LaunchError), before any HSA call.
 */
export function launchRocm<F extends FunctionInput>(
  kernel: F,
  launch: RocmLaunch | RocmSizedLaunch,
  ...args: LaunchArguments<F, RocmArrays>
): void {
  const { kernel: compiled, grid, block } = prepareDeviceLaunch(kernels, kernel, launch, args);
  compiled.run(grid, block, args, launch.sharedBytes, launch.timeoutMs);
}
