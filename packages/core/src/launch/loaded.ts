/**
 * Kernels compiled and loaded for a launcher, kept once per everything the loaded code depends
 * on: the source, argument types, the scope's contents, configuration, params, the compiler's
 * plugins, the world (a redefined device function recompiles), and where it was loaded (a
 * device). Every launcher (native, CUDA, ROCm, Metal) keeps its kernels in one of these, the GPU
 * back-ends through {@link DeviceKernels}.
 */
import { LoadedCache } from '../compiler/cache.js';
import { loadedKey } from '../compiler/cache-keys.js';
import type { Compiler, CompilerPlugin } from '../compiler/compiler.js';
import { defaultDiskCache } from '../compiler/disk-cache.js';
import type { OutputKind } from '../compiler/hooks.js';
import { type Config, createJob, type Params } from '../compiler/job.js';
import { type CompileResult, compileJob } from '../compiler/pipeline.js';
import { type FunctionInput, toSource } from '../frontend/infer.js';
import { currentWorld } from '../frontend/methods.js';
import { kernelName, parameterNames } from '../frontend/parameters.js';
import type { Type } from '../frontend/types.js';
import { argumentTypes, type DeviceArrayOf } from '../host/check-arguments.js';
import { type Signature, signatureTypes } from '../host/signature.js';
import { checkScope, DEFAULT_BLOCK } from '../host/sized-launch.js';
import { createCompiler } from './default-compiler.js';

/** What to compile, for which target, and where the result is loaded. */
export interface LoadRequest<Place = undefined> {
  readonly kernel: FunctionInput;
  readonly argTypes: readonly Type[];
  readonly compiler: Compiler;
  /** The target's name (`native`, `cuda`, `rocm`...) and the output to load. */
  readonly target: string;
  readonly kind: OutputKind;
  readonly scope?: Readonly<Record<string, unknown>>;
  readonly config?: Partial<Config>;
  readonly params?: Params;
  /** Where the result is loaded (a device), when that can differ. */
  readonly place?: Place;
}

/** Loaded kernels of one launcher. */
export class LoadedKernels<T extends {}, Place = undefined> {
  private readonly loaded = new LoadedCache<T>();

  /**
   * @param load turns a compile result into the launcher's loaded kernel
   * @param placeKey what tells places apart (a device's index)
   */
  constructor(
    private readonly load: (result: CompileResult, request: LoadRequest<Place>) => T,
    private readonly placeKey: (place: Place | undefined) => string | number = () => '',
  ) {}

  /** The loaded kernel for a request, compiling (through the disk cache) and loading it once. */
  get(request: LoadRequest<Place>): T {
    checkScope(request.scope);
    const source = toSource(request.kernel);
    const scope = request.scope ?? {};
    const params = request.params ?? {};
    const target = request.compiler.target(request.target, params);
    const key = loadedKey({
      source,
      argTypes: request.argTypes,
      scope,
      ...(request.config ? { config: request.config } : {}),
      params,
      target: request.target,
      filled: target.fillsCapturedArrays ?? false,
      place: this.placeKey(request.place),
      plugins: request.compiler.pluginNames,
      world: currentWorld(),
    });
    return this.loaded.get(key, () => {
      const job = createJob(source, request.argTypes, target, {
        scope,
        params,
        ...(request.config ? { config: request.config } : {}),
      });
      return this.load(
        compileJob(request.compiler, job, { kind: request.kind, ...defaultDiskCache() }),
        request,
      );
    });
  }
}

/** What compiling a kernel for a device takes; each back-end names its device type. */
export interface DeviceCompileOptions<Device> {
  readonly scope?: Readonly<Record<string, unknown>>;
  readonly config?: Partial<Config>;
  /** The back-end's params; those the device decides (its architecture) come from it. */
  readonly params?: Params;
  readonly device?: Device;
  readonly compiler?: Compiler;
}

/** How a GPU back-end compiles for, and loads on, its devices. */
export interface DeviceBackend<T, Device> {
  /** The target's name and the output to load. */
  readonly target: string;
  readonly kind: OutputKind;
  /** The back-end's plugin, for the shared compiler. */
  readonly plugin: () => CompilerPlugin;
  /** The device to use when none is given (it throws where there is none). */
  readonly defaultDevice: () => Device;
  /** The params the device decides (a compute capability, a processor). */
  readonly deviceParams?: (device: Device) => Params;
  /** What tells devices apart. */
  readonly deviceKey: (device: Device | undefined) => string | number;
  /** Turns a compile result into a loaded kernel. */
  readonly load: (result: CompileResult, request: LoadRequest<Device>) => T;
  /** The element type name and rank of one of the back-end's device arrays (or views of one). */
  readonly deviceArray?: DeviceArrayOf;
  /**
   * The most threads a block of a loaded kernel may have (Metal's pipeline limit, ROCm's
   * work-group size), which caps a sized launch's block ({@link DeviceKernels.sizedBlock}).
   */
  readonly maxBlock?: (loaded: T) => number;
}

/** A loaded kernel, which names its parameters in launch errors once it knows them. */
export interface NamedKernel {
  parameterNames?: () => readonly string[];
  /**
   * The kernel reading its captured arrays from a scope of the same shape, on a target that
   * fills them at launch (`Target.fillsCapturedArrays`): one loaded kernel serves every scope
   * whose arrays differ only in their contents.
   */
  withScope?(scope: Readonly<Record<string, unknown>>): this;
}

/**
 * A GPU back-end's compile-and-load front (CUDA, ROCm, Metal): one compiler with its plugin
 * shared by every launch, kernels loaded once per device, and the kernel types of launch
 * arguments (a device array is an array of its element).
 */
export class DeviceKernels<T extends NamedKernel, Device> {
  private compiler: Compiler | undefined;
  private readonly loaded: LoadedKernels<T, Device>;

  constructor(private readonly backend: DeviceBackend<T, Device>) {
    this.loaded = new LoadedKernels((result, request) => {
      const kernel = backend.load(result, request);
      kernel.parameterNames = parameterNames(request.kernel);
      return kernel;
    }, backend.deviceKey);
  }

  /** The shared compiler with the back-end's plugin. */
  sharedCompiler(): Compiler {
    this.compiler ??= createCompiler().use(this.backend.plugin());
    return this.compiler;
  }

  /** The device of a launch: the one given, or the default. */
  device(options: { readonly device?: Device }): Device {
    return options.device ?? this.backend.defaultDevice();
  }

  /** Compiles a kernel for argument types and loads it on a device (once per everything that matters). */
  compile(kernel: FunctionInput, signature: Signature, options: DeviceCompileOptions<Device> = {}): T {
    const argTypes = signatureTypes(signature, parameterNames(kernel));
    // The device first: without one there is nothing to compile for.
    const device = this.device(options);
    const scope = options.scope ?? {};
    const loaded = this.loaded.get({
      kernel,
      argTypes,
      compiler: options.compiler ?? this.sharedCompiler(),
      target: this.backend.target,
      kind: this.backend.kind,
      scope,
      params: { ...this.backend.deviceParams?.(device), ...options.params },
      place: device,
      ...(options.config ? { config: options.config } : {}),
    });
    return loaded.withScope?.(scope) ?? loaded;
  }

  /**
   * A sized launch's block for a loaded kernel where the back-end cannot ask the kernel for a
   * better one: DEFAULT_BLOCK threads, or fewer where the kernel allows fewer (`maxBlock`).
   */
  sizedBlock(loaded: T): number {
    return Math.min(DEFAULT_BLOCK, this.backend.maxBlock?.(loaded) ?? DEFAULT_BLOCK);
  }

  /**
   * The kernel types of a launch's arguments (a device array is an array of its element); a
   * `bad-argument` LaunchError naming the parameter for a value without one.
   */
  argumentTypes(kernel: FunctionInput, args: readonly unknown[]): Type[] {
    return argumentTypes(
      { name: kernelName(kernel), parameterNames: parameterNames(kernel) },
      args,
      this.backend.deviceArray,
    );
  }
}
