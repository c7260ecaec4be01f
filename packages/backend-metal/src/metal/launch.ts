/**
 * Compiling and launching from JavaScript: `compileMetal` compiles a kernel (through the disk
 * cache) into a metallib with its host interface and loads it on a Metal device; `launchMetal`
 * does it for the arguments' types and runs it, copying typed arrays to Metal memory and back.
 * This is the part that needs the compiler; the rest of `metal/` does not.
 */
import {
  type Compiler,
  type DeviceCompileOptions,
  DeviceKernels,
  type Dim,
  type FunctionInput,
  type KernelType,
  TYPED_ARRAYS,
} from '@gpuc/core';
import { readInterface } from '../interface.js';
import { MetalPlugin } from '../plugin.js';
import { MetalDevice } from './device.js';
import { type MetalKernel, type MetalLaunchOptions, MetalLibrary } from './kernel.js';
import { MetalArray } from './memory.js';

/** A MetalArray, or a view of one (`{ array, shape }`). */
function metalArray(value: unknown): { element: string; rank: number } | undefined {
  const view = value as { array?: unknown; shape?: unknown } | null;
  const array =
    value instanceof MetalArray ? value : view?.array instanceof MetalArray ? view.array : undefined;
  if (!array) return undefined;
  const rank = array !== value && Array.isArray(view?.shape) ? view.shape.length : 1;
  return { element: TYPED_ARRAYS[array.kind.name] as string, rank };
}

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
  deviceArray: metalArray,
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
  argTypes: readonly KernelType[],
  options: MetalCompileOptions = {},
): MetalKernel {
  return kernels.compile(kernel, argTypes, options);
}

/** A launch from JavaScript. */
export interface MetalLaunch extends MetalCompileOptions, MetalLaunchOptions {
  /** Threadgroups in the grid. */
  readonly grid: Dim;
  /** Threads per threadgroup. */
  readonly block: Dim;
}

/**
 * Compiles a kernel for these arguments' types and runs it on the GPU. Typed arrays and views
 * are copied to Metal memory and back; MetalArrays stay where they are.
 */
export function launchMetal(kernel: FunctionInput, launch: MetalLaunch, ...args: unknown[]): void {
  const device = kernels.device(launch);
  compileMetal(kernel, kernels.argumentTypes(args), { ...launch, device }).run(
    launch.grid,
    launch.block,
    args,
    {
      ...(launch.sharedBytes !== undefined ? { sharedBytes: launch.sharedBytes } : {}),
      ...(launch.heapBytes !== undefined ? { heapBytes: launch.heapBytes } : {}),
    },
  );
}
