/**
 * Compiling and launching from JavaScript: `compileRocm` compiles a kernel for the GPU's
 * processor (through the disk cache) into a code object, reads its metadata when `llvm-readelf`
 * is at hand, and loads it; `launchRocm` does it for the arguments' types and runs it, copying
 * typed arrays to the device and back.
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
import { findReadelf, readMetadata } from '../metadata.js';
import { RocmPlugin } from '../plugin.js';
import { RocmDevice } from './device.js';
import { type RocmKernel, RocmModule } from './kernel.js';
import { RocmArray } from './memory.js';

let defaultCompiler: Compiler | undefined;

/** A compiler with the ROCm plugin (shared). */
export function rocmCompiler(): Compiler {
  defaultCompiler ??= createCompiler().use(new RocmPlugin());
  return defaultCompiler;
}

export interface RocmCompileOptions {
  readonly scope?: Readonly<Record<string, unknown>>;
  readonly config?: Partial<Config>;
  /** ROCm params (`wavefrontSize`, `maxThreads`...); the processor (`gfx`) is the GPU's. */
  readonly params?: Params;
  readonly device?: RocmDevice;
  readonly compiler?: Compiler;
}

const loaded = new LoadedKernels<RocmKernel, RocmDevice>(
  (result, request) => {
    const codeObject = result.output as Buffer;
    // The metadata lets the arguments be checked and the hidden ones filled; without
    // llvm-readelf the layout follows from the types (see kernargs.ts).
    const metadata = findReadelf()
      ? readMetadata(codeObject).kernels.find((k) => k.name === result.entry)
      : undefined;
    return new RocmModule(request.place as RocmDevice, codeObject).kernel(
      result.entry,
      request.argTypes,
      metadata,
    );
  },
  (device) => device?.index ?? '',
);

/** Compiles a kernel for argument types and loads it on a GPU (once per everything that matters). */
export function compileRocm(
  kernel: FunctionInput,
  argTypes: readonly KernelType[],
  options: RocmCompileOptions = {},
): RocmKernel {
  const device = options.device ?? RocmDevice.get();
  return loaded.get({
    kernel,
    argTypes,
    compiler: options.compiler ?? rocmCompiler(),
    target: 'rocm',
    kind: 'object',
    scope: options.scope ?? {},
    params: { gfx: device.gfx, ...options.params },
    place: device,
    ...(options.config ? { config: options.config } : {}),
  });
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

/** The kernel type of a launch argument (a RocmArray is an array of its element). */
function argumentType(value: unknown, index: number): KernelType {
  const type =
    value instanceof RocmArray ? parseType(`${TYPED_ARRAYS[value.kind.name]}[]`) : typeOfValue(value);
  if (!type) throw new TypeError(`gpuc: argument ${index + 1} has no kernel type`);
  return type;
}

/**
 * Compiles a kernel for these arguments' types and runs it on the GPU. Typed arrays and views
 * are copied to the device and back; RocmArrays stay where they are.
 */
export function launchRocm(kernel: FunctionInput, launch: RocmLaunch, ...args: unknown[]): void {
  const device = launch.device ?? RocmDevice.get();
  const argTypes = args.map(argumentType);
  compileRocm(kernel, argTypes, { ...launch, device }).run(
    launch.grid,
    launch.block,
    args,
    launch.sharedBytes,
    launch.timeoutMs,
  );
}
