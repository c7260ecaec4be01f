/**
 * Compiling and launching from JavaScript: `compileCuda` compiles a kernel for the device's
 * compute capability (through the disk cache) and loads it; `launchCuda` does it for the
 * arguments' types and runs it, copying typed arrays to the device and back.
 */
import {
  type Compiler,
  type Config,
  compileJob,
  createCompiler,
  createJob,
  currentWorld,
  type Dim,
  defaultDiskCache,
  type FunctionInput,
  type KernelType,
  type Params,
  parseType,
  scopeDigest,
  show,
  toSource,
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

const loaded = new Map<string, CudaKernel>();

/** Compiles a kernel for argument types and loads it on a device (once per everything that matters). */
export function compileCuda(
  kernel: FunctionInput,
  argTypes: readonly KernelType[],
  options: CudaCompileOptions = {},
): CudaKernel {
  const device = options.device ?? CudaDevice.get();
  const compiler = options.compiler ?? cudaCompiler();
  const source = toSource(kernel);
  const scope = options.scope ?? {};
  const params: Params = { computeCapability: device.computeCapability, ...options.params };
  const key = [
    source.file,
    source.text,
    argTypes.map(show).join(','),
    scopeDigest(scope),
    JSON.stringify(options.config ?? {}),
    JSON.stringify(params),
    device.ordinal,
    compiler.pluginNames.join(','),
    currentWorld(),
  ].join('\0');
  let compiled = loaded.get(key);
  if (!compiled) {
    const job = createJob(source, argTypes, compiler.target('cuda', params), {
      scope,
      params,
      ...(options.config ? { config: options.config } : {}),
    });
    const result = compileJob(compiler, job, { kind: 'assembly', ...defaultDiskCache() });
    compiled = new CudaModule(device, result.output as string).kernel(result.entry, argTypes);
    loaded.set(key, compiled);
  }
  return compiled;
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
