/**
 * Compiling and launching from JavaScript: `compileMetal` compiles a kernel (through the disk
 * cache) into a metallib with its host interface and loads it on a Metal device; `launchMetal`
 * does it for the arguments' types and runs it, copying typed arrays to Metal memory and back.
 * This is the part that needs the compiler; the rest of `metal/` does not.
 */
import {
  type Compiler,
  type Config,
  createCompiler,
  type Dim,
  type FunctionInput,
  type KernelType,
  LoadedKernels,
  type Params,
  parseType,
  TYPED_ARRAYS,
  typeOfValue,
} from '@gpuc/core';
import { readInterface } from '../interface.js';
import { MetalPlugin } from '../plugin.js';
import { MetalDevice } from './device.js';
import { type MetalKernel, type MetalLaunchOptions, MetalLibrary } from './kernel.js';
import { MetalArray } from './memory.js';

let defaultCompiler: Compiler | undefined;

/** A compiler with the Metal plugin (shared). */
export function metalCompiler(): Compiler {
  defaultCompiler ??= createCompiler().use(new MetalPlugin());
  return defaultCompiler;
}

export interface MetalCompileOptions {
  readonly scope?: Readonly<Record<string, unknown>>;
  readonly config?: Partial<Config>;
  /** Metal params: `macos`, the lowest macOS release the code runs on (default `13.0`). */
  readonly params?: Params;
  readonly device?: MetalDevice;
  readonly compiler?: Compiler;
}

const loaded = new LoadedKernels<MetalKernel, MetalDevice>(
  (result, request) =>
    new MetalLibrary(request.place as MetalDevice, result.output as Buffer).kernel(
      readInterface(result.ir),
      request.argTypes,
    ),
  (device) => device?.id ?? '',
);

/** Compiles a kernel for argument types and loads it on a Metal device (once per everything that matters). */
export function compileMetal(
  kernel: FunctionInput,
  argTypes: readonly KernelType[],
  options: MetalCompileOptions = {},
): MetalKernel {
  // The device first: without Metal there is nothing to compile for.
  const device = options.device ?? MetalDevice.get();
  return loaded.get({
    kernel,
    argTypes,
    compiler: options.compiler ?? metalCompiler(),
    target: 'metal',
    kind: 'object',
    scope: options.scope ?? {},
    params: { ...options.params },
    place: device,
    ...(options.config ? { config: options.config } : {}),
  });
}

/** A launch from JavaScript. */
export interface MetalLaunch extends MetalCompileOptions, MetalLaunchOptions {
  /** Threadgroups in the grid. */
  readonly grid: Dim;
  /** Threads per threadgroup. */
  readonly block: Dim;
}

/** The kernel type of a launch argument (a MetalArray is an array of its element, a view of it by its rank). */
function argumentType(value: unknown, index: number): KernelType {
  const view = value as { array?: unknown; shape?: unknown } | null;
  const array =
    value instanceof MetalArray ? value : view?.array instanceof MetalArray ? view.array : undefined;
  const rank = array && array !== value && Array.isArray(view?.shape) ? view.shape.length : 1;
  const type = array
    ? parseType(`${TYPED_ARRAYS[array.kind.name]}[${','.repeat(Math.max(rank - 1, 0))}]`)
    : typeOfValue(value);
  if (!type) throw new TypeError(`gpuc: argument ${index + 1} has no kernel type`);
  return type;
}

/**
 * Compiles a kernel for these arguments' types and runs it on the GPU. Typed arrays and views
 * are copied to Metal memory and back; MetalArrays stay where they are.
 */
export function launchMetal(kernel: FunctionInput, launch: MetalLaunch, ...args: unknown[]): void {
  const device = launch.device ?? MetalDevice.get();
  const argTypes = args.map(argumentType);
  compileMetal(kernel, argTypes, { ...launch, device }).run(launch.grid, launch.block, args, {
    ...(launch.sharedBytes !== undefined ? { sharedBytes: launch.sharedBytes } : {}),
    ...(launch.heapBytes !== undefined ? { heapBytes: launch.heapBytes } : {}),
  });
}
