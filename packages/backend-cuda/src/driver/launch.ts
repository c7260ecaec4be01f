/**
 * Compiling and launching from JavaScript: `compileCuda` compiles a kernel for the device's
 * compute capability (through the disk cache) and loads it; `launchCuda` does it for the
 * arguments' types and runs it, copying typed arrays to the device and back.
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
  typeOfValue,
} from '@gpuc/core';
import { CudaPlugin } from '../plugin.js';
import { CudaDevice } from './device.js';
import { type CudaKernel, CudaModule } from './kernel.js';
import { DeviceArray, elementName } from './memory.js';

let defaultCompiler: Compiler | undefined;

/** A compiler with the CUDA plugin (shared). */
export function cudaCompiler(): Compiler {
  defaultCompiler ??= createCompiler().use(new CudaPlugin());
  return defaultCompiler;
}

export interface CudaCompileOptions {
  readonly scope?: Readonly<Record<string, unknown>>;
  readonly config?: Partial<Config>;
  /** CUDA params (`fastMath`, launch bounds...); the compute capability is the device's. */
  readonly params?: Params;
  readonly device?: CudaDevice;
  readonly compiler?: Compiler;
}

const loaded = new LoadedKernels<CudaKernel, CudaDevice>(
  (result, request) =>
    new CudaModule(request.place as CudaDevice, result.output as string).kernel(
      result.entry,
      request.argTypes,
    ),
  (device) => device?.ordinal ?? '',
);

/** Compiles a kernel for argument types and loads it on a device (once per everything that matters). */
export function compileCuda(
  kernel: FunctionInput,
  argTypes: readonly KernelType[],
  options: CudaCompileOptions = {},
): CudaKernel {
  const device = options.device ?? CudaDevice.get();
  return loaded.get({
    kernel,
    argTypes,
    compiler: options.compiler ?? cudaCompiler(),
    target: 'cuda',
    kind: 'assembly',
    scope: options.scope ?? {},
    params: { computeCapability: device.computeCapability, ...options.params },
    place: device,
    ...(options.config ? { config: options.config } : {}),
  });
}

/** A launch from JavaScript. */
export interface CudaLaunch extends CudaCompileOptions {
  readonly grid: Dim;
  readonly block: Dim;
  /** Bytes of dynamic shared memory per block (`gpu.dynamicSharedArray`). */
  readonly sharedBytes?: number;
}

/** The kernel type of a launch argument (a DeviceArray is an array of its element). */
function argumentType(value: unknown, index: number): KernelType {
  const type = value instanceof DeviceArray ? parseType(`${elementName(value.kind)}[]`) : typeOfValue(value);
  if (!type) throw new TypeError(`gpuc: argument ${index + 1} has no kernel type`);
  return type;
}

/**
 * Compiles a kernel for these arguments' types and runs it on the GPU. Typed arrays and views
 * are copied to the device and back; DeviceArrays stay where they are.
 */
export function launchCuda(kernel: FunctionInput, launch: CudaLaunch, ...args: unknown[]): void {
  const device = launch.device ?? CudaDevice.get();
  const argTypes = args.map(argumentType);
  compileCuda(kernel, argTypes, { ...launch, device }).run(
    launch.grid,
    launch.block,
    args,
    launch.sharedBytes,
  );
}
