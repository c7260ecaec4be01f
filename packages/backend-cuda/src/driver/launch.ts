/**
 * Compiling and launching from JavaScript: `compileCuda` compiles a kernel for the device's
 * compute capability (through the disk cache) and loads it; `launchCuda` does it for the
 * arguments' types and runs it, copying typed arrays to the device and back.
 */
import {
  type Compiler,
  checkGeometry,
  checkSharedBytes,
  type DeviceArrays,
  type DeviceCompileOptions,
  DeviceKernels,
  type Dim,
  type FunctionInput,
  type LaunchArguments,
  type ParameterTypes,
  type TypedArray,
} from '@gpuc/core';
import { CudaPlugin } from '../plugin.js';
import { CudaDevice } from './device.js';
import { type CudaKernel, CudaModule } from './kernel.js';
import { type DeviceArray, deviceArrayOf } from './memory.js';

const kernels = new DeviceKernels<CudaKernel, CudaDevice>({
  target: 'cuda',
  kind: 'assembly',
  plugin: () => new CudaPlugin(),
  defaultDevice: () => CudaDevice.get(),
  deviceParams: (device) => ({ computeCapability: device.computeCapability }),
  deviceKey: (device) => device?.ordinal ?? '',
  load: (result, request) =>
    new CudaModule(request.place as CudaDevice, result.output as string).kernel(
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
 * Compiles a kernel for these arguments' types and runs it on the GPU. Typed arrays and views
 * are copied to the device and back; DeviceArrays stay where they are. The geometry and the
 * arguments are checked first (a coded LaunchError), before any driver call.
 */
export function launchCuda<F extends FunctionInput>(
  kernel: F,
  launch: CudaLaunch,
  ...args: LaunchArguments<F, CudaArrays>
): void {
  launchedKernel(kernel, launch, args).run(launch.grid, launch.block, args, launch.sharedBytes);
}

/**
 * `launchCuda` that leaves the event loop free while the kernel runs (`CudaKernel.launchAsync`
 * and `runAsync` say what the caller may touch meanwhile). Compiling, when the kernel is not
 * compiled yet, and the copies to the device happen before the promise is returned; a bad launch,
 * a compile error, a driver error or the kernel's device exception rejects it.
 */
export async function launchCudaAsync<F extends FunctionInput>(
  kernel: F,
  launch: CudaLaunch,
  ...args: LaunchArguments<F, CudaArrays>
): Promise<void> {
  await launchedKernel(kernel, launch, args).runAsync(launch.grid, launch.block, args, launch.sharedBytes);
}

/** The kernel a launch runs: checked geometry and argument types, compiled and loaded. */
function launchedKernel(kernel: FunctionInput, launch: CudaLaunch, args: readonly unknown[]): CudaKernel {
  // What can be checked without a device is, before one is opened.
  checkGeometry(launch.grid, launch.block);
  checkSharedBytes(launch.sharedBytes ?? 0);
  const argTypes = kernels.argumentTypes(kernel, args);
  const device = kernels.device(launch);
  return compileCuda(kernel, argTypes, { ...launch, device });
}
