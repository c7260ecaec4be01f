/**
 * Running kernels on the host CPU: compile for the native target, link the object into a shared
 * library with the system C compiler, load it with koffi, and call the kernel's launcher with
 * the arguments flattened. A device exception becomes a JS Error with the kernel's message and
 * source line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Compiler } from '../compiler/compiler.js';
import { type Config, checkConfig, defaultConfig, type Params } from '../compiler/job.js';
import type { FunctionInput } from '../frontend/infer.js';
import { kernelName, parameterNames } from '../frontend/parameters.js';
import type { Type } from '../frontend/types.js';
import { CAPTURED_SYMBOL, type CapturedArray, capturedContents } from '../host/captured-arrays.js';
import { argumentChecker, argumentTypes } from '../host/check-arguments.js';
import { checkGeometry, checkSharedBytes, type Dim, type GeometryLimits } from '../host/dim.js';
import { type Koffi, koffi } from '../host/koffi.js';
import type { LaunchArguments } from '../host/launch-arguments.js';
import { badLaunch } from '../host/launch-error.js';
import type { NativeLibrary } from '../host/library.js';
import { type Signature, signatureTypes } from '../host/signature.js';
import { DEFAULT_BLOCK, launchGeometry, type SizedLaunch } from '../host/sized-launch.js';
import { flatParameters, launcherName } from '../native/launcher.js';
import { findTool, runTool } from '../support/find-tool.js';
import { defaultCompiler } from './default-compiler.js';
import { LoadedKernels } from './loaded.js';

/** A launch on the native target. */
export interface NativeLaunch {
  grid: Dim;
  block: Dim;
  scope?: Readonly<Record<string, unknown>>;
  config?: Partial<Config>;
  /** Cores to run blocks on (default: every core Node reports, at most one per block). */
  threads?: number;
  /** Bytes of dynamic shared memory per block (`gpu.dynamicSharedArray`). */
  sharedBytes?: number;
}

/** A native launch by thread count (`{ size: n }`): blocks of 256 threads cover `size`. */
export type NativeSizedLaunch = Omit<NativeLaunch, 'grid' | 'block'> & SizedLaunch;

/** A launch's grid and block: as given, or chosen for a sized launch. */
function geometryOf(launch: NativeLaunch | NativeSizedLaunch): { grid: Dim; block: Dim } {
  return launchGeometry(launch, () => DEFAULT_BLOCK);
}

const C_TYPES: Record<string, string> = {
  bool: 'uint8_t',
  i8: 'int8_t',
  u8: 'uint8_t',
  i16: 'int16_t',
  u16: 'uint16_t',
  i32: 'int32_t',
  u32: 'uint32_t',
  i64: 'int64_t',
  u64: 'uint64_t',
  f32: 'float',
  f64: 'double',
};

/**
 * The native target's geometry limits: a block's threads run one after another on a core (or as
 * coroutines, a frame each), so a block holds at most what a GPU's does; the grid is bounded
 * only by `globalIdx` (checkGeometry).
 */
export const NATIVE_LIMITS: GeometryLimits = Object.freeze({ maxThreadsPerBlock: 1024 });

/**
 * A checked scalar argument as its C type takes it: an integer wrapped to its width (a u32 may
 * be given -1), a boolean as 0 or 1.
 */
function cScalar(name: string, raw: unknown): unknown {
  if (typeof raw === 'boolean') return Number(raw);
  switch (name) {
    case 'i8':
      return ((raw as number) << 24) >> 24;
    case 'u8':
      return (raw as number) & 0xff;
    case 'i16':
      return ((raw as number) << 16) >> 16;
    case 'u16':
      return (raw as number) & 0xffff;
    case 'i32':
      return (raw as number) | 0;
    case 'u32':
      return (raw as number) >>> 0;
    case 'i64':
      return BigInt.asIntN(64, BigInt(raw as number));
    case 'u64':
      return BigInt.asUintN(64, BigInt(raw as number));
    default:
      return raw;
  }
}

/** What a loaded kernel reads captured arrays from. */
export interface NativeKernelOptions {
  /** The globals each launch fills (the compile result's `captures`). */
  readonly captures?: readonly CapturedArray[];
  /** The scope whose arrays fill them, read at each launch. */
  readonly scope?: Readonly<Record<string, unknown>>;
  /**
   * Unload the library once no kernel made from it (with `withScope` too) can launch again:
   * every one collected, and no launch running. For a library loaded for this kernel alone.
   */
  readonly unloadWhenCollected?: boolean;
}

/**
 * Unloads libraries whose kernels are collected: koffi keeps a library it loaded mapped, and a
 * process that compiles ever new kernels would keep every one.
 */
const unloads = new FinalizationRegistry<NativeLibrary>((library) => library.unload());

/** A captured array's global in a loaded library, and how koffi writes its bytes (none when empty). */
interface FilledGlobal {
  readonly global: CapturedArray;
  readonly target?: { readonly address: unknown; readonly bytes: Koffi.IKoffiCType };
}

/** Whether a loaded library defines a symbol. */
function defines(library: NativeLibrary, symbol: string): boolean {
  try {
    library.symbol(symbol, 'uint8_t');
    return true;
  } catch {
    return false;
  }
}

/** The state one loaded library's kernels share, whatever scope each reads. */
interface LoadedLibrary {
  readonly launcher: Koffi.KoffiFunction;
  readonly accessors: Record<string, (...args: unknown[]) => unknown>;
  readonly filled: readonly FilledGlobal[];
  /** Asynchronous launches not yet settled. */
  running: number;
  /**
   * The last asynchronous launch, which the next one waits for: launches share the error report
   * and the captured arrays' globals.
   */
  queue: Promise<void>;
}

/**
 * A kernel compiled for the host and loaded, ready to launch; `Args` are the arguments its
 * launches take (`compileNative` gives a typed kernel's `LaunchArguments`).
 */
export class NativeKernel<Args extends readonly unknown[] = readonly unknown[]> {
  private readonly library: LoadedLibrary;
  private readonly scope: Readonly<Record<string, unknown>>;
  /** The kernel's parameter names, for launch errors (set by `compileNative`). */
  parameterNames?: () => readonly string[];
  /** Checks a launch's arguments against the signature (made once; names are read on errors). */
  private readonly checkArguments: (args: readonly unknown[]) => void;

  /**
   * @param library the loaded shared library of a compile result
   * @param options where a kernel that reads arrays from its scope finds them; a library with
   *   captured arrays' globals and no `captures` is refused (its globals would stay zero)
   */
  constructor(
    readonly name: string,
    readonly argTypes: readonly Type[],
    library: NativeLibrary,
    options: NativeKernelOptions = {},
  ) {
    this.checkArguments = argumentChecker(this);
    const captures = options.captures ?? [];
    if (captures.length === 0 && defines(library, `${CAPTURED_SYMBOL}0`))
      throw new Error(
        `gpuc: ${name} reads arrays captured from its scope: give NativeKernel the compile result's captures and the scope`,
      );
    this.scope = options.scope ?? {};
    const params: string[] = [];
    for (const p of flatParameters(argTypes)) {
      if (p.kind === 'scalar')
        params.push(C_TYPES[(p.type as Extract<Type, { kind: 'scalar' }>).name] as string);
      else
        params.push(
          '_Inout_ void *',
          'int32_t',
          ...Array.from({ length: p.rank > 1 ? p.rank : 0 }, () => 'int32_t'),
        );
    }
    // The grid, the block, the worker count and the dynamic shared bytes follow the arguments.
    const launcher = library.func(launcherName(name), 'void', [
      ...params,
      ...Array.from({ length: 8 }, () => 'int32_t'),
    ]);
    const accessors = {
      status: library.func('gpuc_status', 'int32_t', []),
      message: library.func('gpuc_message', 'const char *', []),
      function: library.func('gpuc_function', 'const char *', []),
      file: library.func('gpuc_file', 'const char *', []),
      line: library.func('gpuc_line', 'int32_t', []),
      reset: library.func('gpuc_reset', 'void', []),
    };
    // An empty array is checked at each launch (its length is compiled in), never written.
    const filled = captures.map((global) => ({
      global,
      ...(global.bytes > 0
        ? {
            target: {
              address: library.symbol(global.symbol, 'uint8_t'),
              bytes: koffi().array('uint8_t', global.bytes, 'Typed'),
            },
          }
        : {}),
    }));
    this.library = { launcher, accessors, filled, running: 0, queue: Promise.resolve() };
    // The state every kernel of the library shares, which a running launch holds.
    if (options.unloadWhenCollected) unloads.register(this.library, library);
  }

  /**
   * This kernel reading its captured arrays from another scope, whose arrays have the same
   * types and lengths (compiled code depends on those only); it shares the loaded code.
   */
  withScope(scope: Readonly<Record<string, unknown>>): NativeKernel<Args> {
    if (scope === this.scope) return this;
    return Object.assign(Object.create(NativeKernel.prototype) as NativeKernel<Args>, this, { scope });
  }

  /** Writes captured arrays' contents (`capturedContents`, by global) into the library. */
  private fill(contents: readonly Uint8Array[]): void {
    this.library.filled.forEach(({ target }, i) => {
      if (target) koffi().encode(target.address, target.bytes, contents[i]);
    });
  }

  /** The bytes each captured array holds now, by filled global (a copy when `copy`). */
  private capturedNow(copy: boolean): Uint8Array[] {
    const contents = capturedContents(
      this.library.filled.map((f) => f.global),
      this.scope,
    );
    return contents.map(({ data }) => (copy ? data.slice() : data));
  }

  /**
   * Runs the kernel over a grid, its blocks shared out among `threads` cores (default: all);
   * throws the kernel's error if a thread raised one.
   */
  launch(grid: Dim, block: Dim, args: Args, threads = availableParallelism(), sharedBytes = 0): void {
    const call = this.prepare(grid, block, args, threads, sharedBytes);
    const captured = this.capturedNow(false);
    const { library } = this;
    if (library.running > 0)
      throw badLaunch(
        `${this.name} has a launchAsync still running; await it before launching it synchronously`,
      );
    this.fill(captured);
    library.accessors.reset?.();
    library.launcher(...call);
    this.throwReported();
  }

  /**
   * `launch` off the main thread: the launch is checked now (a bad argument or geometry rejects
   * the promise), then runs on a thread of libuv's pool (koffi's asynchronous call) while the
   * event loop runs on; the promise settles when every block has run, rejected with the
   * kernel's error if a thread raised one. The kernel works on the typed arrays' memory in place:
   * until the promise settles, do not transfer or detach their buffers, and reading them shows
   * whatever the kernel has written so far (writing them races with it). Launches of one kernel
   * run one after another (its error report is shared); others run side by side. Arrays captured
   * from the scope are read when the launch is made.
   */
  async launchAsync(
    grid: Dim,
    block: Dim,
    args: Args,
    threads = availableParallelism(),
    sharedBytes = 0,
  ): Promise<void> {
    const call = this.prepare(grid, block, args, threads, sharedBytes);
    // A copy: the launch may start after the caller has changed the arrays.
    const captured = this.capturedNow(true);
    const { library } = this;
    // Small typed arrays may live on V8's heap, where the collector moves them; asking for the
    // buffer gives them memory of their own, which stays put while the kernel runs.
    for (const value of call) if (ArrayBuffer.isView(value)) void value.buffer;
    library.running++;
    const previous = library.queue;
    const run = previous.then(
      () =>
        new Promise<void>((resolve, reject) => {
          this.fill(captured);
          library.accessors.reset?.();
          // Holding `call` until the callback keeps the arrays alive while the kernel runs.
          library.launcher.async(...call, (error: unknown) => {
            try {
              if (error) throw error;
              this.throwReported();
              resolve();
            } catch (thrown) {
              reject(thrown);
            }
          });
        }),
    );
    library.queue = run.catch(() => undefined);
    try {
      await run;
    } finally {
      library.running--;
    }
  }

  /**
   * Checks a launch and returns the launcher's arguments: every checked argument flattened as the
   * C launcher takes it, then the grid, the block, the worker count and the shared bytes.
   */
  private prepare(
    grid: Dim,
    block: Dim,
    args: readonly unknown[],
    threads: number,
    sharedBytes: number,
  ): unknown[] {
    // Everything is checked before the native call: koffi would convert or reinterpret the rest.
    const {
      grid: [gx, gy, gz],
      block: [bx, by, bz],
    } = checkGeometry(grid, block, NATIVE_LIMITS);
    this.checkArguments(args);
    if (!Number.isInteger(threads) || threads < 1)
      throw badLaunch(`threads must be a positive integer, got ${String(threads)}`);
    checkSharedBytes(sharedBytes);
    const flat: unknown[] = [];
    const push = (t: Type, value: unknown) => {
      if (t.kind === 'scalar') {
        flat.push(cScalar(t.name, value instanceof Number ? value.valueOf() : value));
      } else if (t.kind === 'array') {
        // A typed array, or a view (`view(...)` or `{ data, shape }`).
        const view = value as { data: ArrayLike<unknown>; shape: readonly number[] };
        const data = ArrayBuffer.isView(value) ? (value as unknown as ArrayLike<unknown>) : view.data;
        flat.push(data, data.length);
        if (t.rank > 1) flat.push(...view.shape);
      } else if (t.kind === 'record') {
        for (const [field, member] of t.fields) push(member, (value as Record<string, unknown>)[field]);
      } else if (t.kind === 'tuple') {
        t.elements.forEach((member, i) => {
          push(member, (value as unknown[])[i]);
        });
      }
      // A function passes nothing: its type is all there is to it.
    };
    this.argTypes.forEach((t, i) => {
      push(t, args[i]);
    });
    const workers = Math.min(threads, gx * gy * gz, 1024);
    flat.push(gx, gy, gz, bx, by, bz, workers, sharedBytes);
    return flat;
  }

  /** Throws the error a thread of the last launch reported, if one did (and clears it). */
  private throwReported(): void {
    const { accessors } = this.library;
    if ((accessors.status?.() as number) === 0) return;
    const message = (accessors.message?.() as string | null) ?? 'device exception';
    const fn = accessors.function?.() as string | null;
    const file = accessors.file?.() as string | null;
    const line = accessors.line?.() as number;
    accessors.reset?.();
    const where = fn ? ` (in ${fn}${file ? ` at ${file}:${line}` : ''})` : '';
    throw new Error(`${message}${where}`);
  }
}

function findCompilerDriver(): string {
  const cc = findTool({ names: ['cc', 'gcc', 'clang', 'clang-14'], env: 'GPUC_CC' });
  if (!cc)
    throw new Error(
      'gpuc: no C compiler driver (cc) found to link native kernels; install gcc or set GPUC_CC',
    );
  return cc;
}

/**
 * Links an object into a shared library with `-z defs`: no undefined symbol but those of libc,
 * libm and the threads library.
 */
export function linkSharedLibrary(object: Uint8Array): Buffer {
  return runTool(
    findCompilerDriver(),
    [{ name: 'kernel.o', data: object }],
    'kernel.so',
    ([input], output) => ['-shared', '-Wl,-z,defs', '-o', output, input as string, '-lm', '-lpthread'],
  );
}

/**
 * Loaded kernels, with the scopes they were compiled with (kept alive: code may point into
 * them, for arrays captured byReference).
 */
const loaded = new LoadedKernels((result, request) => {
  const library = linkSharedLibrary(result.output as Buffer);
  const dir = mkdtempSync(join(tmpdir(), 'gpuc-native-'));
  const path = join(dir, 'kernel.so');
  writeFileSync(path, library);
  try {
    const kernel = new NativeKernel(result.entry, request.argTypes, koffi().load(path), {
      captures: result.captures,
      unloadWhenCollected: true,
    });
    kernel.parameterNames = parameterNames(request.kernel);
    return { kernel, scope: request.scope };
  } finally {
    // The loaded library stays mapped; the file is no longer needed.
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Compiles (once per source, argument types, configuration, params, compiler plugins and world,
 * and per scope: its values, but of its arrays only their types and lengths) and loads a kernel
 * for the host. The kernel reads the scope's arrays at each launch.
 */
export function compileNative<F extends FunctionInput>(
  kernel: F,
  signature: Signature,
  options: {
    scope?: Readonly<Record<string, unknown>>;
    config?: Partial<Config>;
    params?: Params;
    compiler?: Compiler;
  } = {},
): NativeKernel<LaunchArguments<F>> {
  const scope = options.scope ?? EMPTY;
  if (options.config !== undefined) checkConfig(options.config);
  return loaded
    .get({
      kernel,
      argTypes: signatureTypes(signature, parameterNames(kernel)),
      compiler: options.compiler ?? defaultCompiler(),
      target: 'native',
      kind: 'object',
      scope,
      config: { ...defaultConfig, ...options.config },
      params: options.params ?? {},
    })
    .kernel.withScope(scope) as NativeKernel<LaunchArguments<F>>;
}

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

/** The kernel a launch runs: checked geometry and argument types, compiled and loaded. */
function launchedKernel(
  kernel: FunctionInput,
  launch: NativeLaunch | NativeSizedLaunch,
  args: readonly unknown[],
): NativeKernel {
  const { grid, block } = geometryOf(launch);
  checkGeometry(grid, block, NATIVE_LIMITS);
  const argTypes = argumentTypes({ name: kernelName(kernel), parameterNames: parameterNames(kernel) }, args);
  return compileNative(kernel, argTypes, {
    ...(launch.scope ? { scope: launch.scope } : {}),
    ...(launch.config ? { config: launch.config } : {}),
  });
}

/**
 * Compiles a kernel for the host (for these arguments' types) and runs it over a grid (or over
 * `size` threads in blocks of 256: `{ size: n }`). The launch is checked first: the geometry, then each argument's type, before anything compiles.
 */
export function launchNative<F extends FunctionInput>(
  kernel: F,
  launch: NativeLaunch | NativeSizedLaunch,
  ...args: LaunchArguments<F>
): void {
  const { grid, block } = geometryOf(launch);
  launchedKernel(kernel, launch, args).launch(grid, block, args, launch.threads, launch.sharedBytes);
}

/**
 * `launchNative` that leaves the event loop free while the kernel runs (`NativeKernel.launchAsync`
 * says what the caller may touch meanwhile). Compiling, when the kernel is not compiled yet, still
 * happens before the promise is returned; a bad launch, a compile error or the kernel's own error
 * rejects the promise.
 */
export async function launchNativeAsync<F extends FunctionInput>(
  kernel: F,
  launch: NativeLaunch | NativeSizedLaunch,
  ...args: LaunchArguments<F>
): Promise<void> {
  const { grid, block } = geometryOf(launch);
  await launchedKernel(kernel, launch, args).launchAsync(
    grid,
    block,
    args,
    launch.threads,
    launch.sharedBytes,
  );
}
