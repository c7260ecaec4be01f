/**
 * Compiling and launching from JavaScript: `compileCuda` compiles a kernel for the device's
 * compute capability (through the disk cache) and loads it; `launchCuda` does it for the
 * arguments' types and runs it, copying typed arrays to the device and back.
 */

import type { Compiler, FunctionInput } from '@gpuc/core/compiler';
import type {
  DeviceArrays,
  Dim,
  KernelType,
  LaunchArguments,
  ParameterTypes,
  TypedArray,
} from '@gpuc/core/host';
import {
  type DeviceCompileOptions,
  DeviceKernels,
  prepareDeviceLaunch,
  type SizedLaunch,
} from '@gpuc/core/launch';
import { CudaDevice } from '../driver/device.js';
import { type CudaKernel, CudaModule } from '../driver/kernel.js';
import { type DeviceArray, deviceArrayOf } from '../driver/memory.js';
import { CudaPlugin } from '../target/plugin.js';
import { HOPPER } from '../target/warpgroup.js';

const kernels = new DeviceKernels<CudaKernel, CudaDevice>({
  target: 'cuda',
  kind: 'assembly',
  plugin: () => new CudaPlugin(),
  defaultDevice: () => CudaDevice.get(),
  // Architecture-specific PTX (sm_90a) on Hopper, whose wgmma the warpgroup matrix operations
  // need: gpuc compiles for the device it loads on, so nothing is lost.
  deviceParams: (device) => ({
    computeCapability: device.computeCapability,
    ...(device.computeCapability === HOPPER ? { archSpecific: true } : {}),
  }),
  deviceKey: (device) => device?.ordinal ?? '',
  load: (result, request) =>
    new CudaModule(request.place as CudaDevice, result.output as string, result.captures).kernel(
      result.entry,
      request.argTypes,
    ),
  deviceArray: deviceArrayOf,
});

/** A compiler with the CUDA plugin (shared). */
export function cudaCompiler(): Compiler {
  return kernels.sharedCompiler();
}

/** CUDA params (`fastMath`, launch bounds...); the compute capability is the device's. */
export type CudaCompileOptions = DeviceCompileOptions<CudaDevice>;

/** Compiles a kernel for argument types and loads it on a device (once per everything that matters). */
export function compileCuda<F extends FunctionInput>(
  kernel: F,
  signature: ParameterTypes,
  options: CudaCompileOptions = {},
): CudaKernel<LaunchArguments<F, CudaArrays>> {
  return kernels.compile(kernel, signature, options) as CudaKernel<LaunchArguments<F, CudaArrays>>;
}

/** The kernel types of a launch's arguments (a DeviceArray is an array of its element). */
export function cudaArgumentTypes(kernel: FunctionInput, args: readonly unknown[]): KernelType[] {
  return kernels.argumentTypes(kernel, args);
}

/** CUDA's device arrays, by element (`LaunchArguments` takes them for array parameters). */
export interface CudaArrays extends DeviceArrays {
  readonly array: this['element'] extends TypedArray ? DeviceArray<this['element']> : never;
}

/** A launch from JavaScript. */
export interface CudaLaunch extends CudaCompileOptions {
  readonly grid: Dim;
  readonly block: Dim;
  /** Bytes of dynamic shared memory per block (`gpu.dynamicSharedArray`). */
  readonly sharedBytes?: number;
}

/**
 * A launch by thread count (`{ size: n }`): the block is the one the driver's occupancy
 * calculator suggests for the kernel's registers and shared memory, the grid covers `size`.
 */
export type CudaSizedLaunch = Omit<CudaLaunch, 'grid' | 'block'> & SizedLaunch;

/**
 * Compiles a kernel for these arguments' types and runs it on the GPU (over a grid, or over
 * `size` threads with a block chosen for the kernel). Typed arrays and views
 * are copied to the device and back; DeviceArrays stay where they are. The geometry and the
 * arguments are checked first (a coded LaunchError), before any driver call.
 */
export function launchCuda<F extends FunctionInput>(
  kernel: F,
  launch: CudaLaunch | CudaSizedLaunch,
  ...args: LaunchArguments<F, CudaArrays>
): void {
  const { kernel: compiled, grid, block } = launched(kernel, launch, args);
  compiled.run(grid, block, args, launch.sharedBytes);
}

/**
 * `launchCuda` that leaves the event loop free while the kernel runs (`CudaKernel.launchAsync`
 * and `runAsync` say what the caller may touch meanwhile). Compiling, when the kernel is not
 * compiled yet, and the copies to the device happen before the promise is returned; a bad launch,
 * a compile error, a driver error or the kernel's device exception rejects it.
 */
export async function launchCudaAsync<F extends FunctionInput>(
  kernel: F,
  launch: CudaLaunch | CudaSizedLaunch,
  ...args: LaunchArguments<F, CudaArrays>
): Promise<void> {
  const { kernel: compiled, grid, block } = launched(kernel, launch, args);
  await compiled.runAsync(grid, block, args, launch.sharedBytes);
}

/** A launch's kernel, grid and block; a sized launch gets the block the driver suggests for the kernel. */
function launched(kernel: FunctionInput, launch: CudaLaunch | CudaSizedLaunch, args: readonly unknown[]) {
  return prepareDeviceLaunch(kernels, kernel, launch, args, (compiled) =>
    compiled.suggestedBlock(launch.sharedBytes ?? 0),
  );
}
