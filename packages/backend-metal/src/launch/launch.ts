/**
 * Compiling and launching from JavaScript: `compileMetal` compiles a kernel (through the disk
 * cache) into a metallib with its host interface and loads it on a Metal device; `launchMetal`
 * does it for the arguments' types and runs it, copying typed arrays to Metal memory and back.
 * This is the part that needs the compiler; the rest of `metal/` does not.
 */

import type { Compiler, FunctionInput } from '@gpuc/core/compiler';
import type { DeviceArrays, Dim, LaunchArguments, ParameterTypes, TypedArray } from '@gpuc/core/host';
import {
  type DeviceCompileOptions,
  DeviceKernels,
  prepareDeviceLaunch,
  type SizedLaunch,
} from '@gpuc/core/launch';
import { MetalDevice } from '../metal/device.js';
import { readInterface } from '../metal/interface.js';
import { type MetalKernel, type MetalLaunchOptions, MetalLibrary } from '../metal/kernel.js';
import { type MetalArray, metalArrayOf } from '../metal/memory.js';
import { MetalPlugin } from '../target/plugin.js';

const kernels = new DeviceKernels<MetalKernel, MetalDevice>({
  target: 'metal',
  kind: 'object',
  plugin: () => new MetalPlugin(),
  defaultDevice: () => MetalDevice.get(),
  deviceKey: (device) => device?.id ?? '',
  load: (result, request) =>
    new MetalLibrary(request.place as MetalDevice, result.output as Buffer).kernel(
      readInterface(result.ir),
      request.argTypes,
    ),
  deviceArray: metalArrayOf,
  // A sized launch: 256 threads a threadgroup, or fewer where the pipeline allows fewer.
  maxBlock: (loaded) => loaded.maxTotalThreadsPerThreadgroup,
});

/** A compiler with the Metal plugin (shared). */
export function metalCompiler(): Compiler {
  return kernels.sharedCompiler();
}

/** Metal params: `macos`, the lowest macOS release the code runs on (default `13.0`). */
export type MetalCompileOptions = DeviceCompileOptions<MetalDevice>;

/** Compiles a kernel for argument types and loads it on a Metal device (once per everything that matters). */
export function compileMetal(
  kernel: FunctionInput,
  signature: ParameterTypes,
  options: MetalCompileOptions = {},
): MetalKernel {
  return kernels.compile(kernel, signature, options);
}

/** A launch from JavaScript. */
export interface MetalLaunch extends MetalCompileOptions, MetalLaunchOptions {
  /** Threadgroups in the grid. */
  readonly grid: Dim;
  /** Threads per threadgroup. */
  readonly block: Dim;
}

/** A launch by thread count (`{ size: n }`): threadgroups of 256 (at most the pipeline's limit) cover `size`. */
export type MetalSizedLaunch = Omit<MetalLaunch, 'grid' | 'block'> & SizedLaunch;

/** Metal's device arrays, by element (`LaunchArguments` takes them for array parameters). */
export interface MetalArrays extends DeviceArrays {
  readonly array: this['element'] extends TypedArray ? MetalArray<this['element']> : never;
}

/**
 * Compiles a kernel for these arguments' types and runs it on the GPU. Typed arrays and views
 * are copied to Metal memory and back; MetalArrays stay where they are. The geometry and the
 * arguments are checked first (a coded LaunchError), before any Metal call.
 */
export function launchMetal<F extends FunctionInput>(
  kernel: F,
  launch: MetalLaunch | MetalSizedLaunch,
  ...args: LaunchArguments<F, MetalArrays>
): void {
  const { kernel: compiled, grid, block } = prepareDeviceLaunch(kernels, kernel, launch, args);
  compiled.run(grid, block, args, {
    ...(launch.sharedBytes !== undefined ? { sharedBytes: launch.sharedBytes } : {}),
    ...(launch.heapBytes !== undefined ? { heapBytes: launch.heapBytes } : {}),
  });
}
