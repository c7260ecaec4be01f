/**
 * Running kernels on the host CPU: compile for the native target, link the object into a shared
 * library with the system C compiler, load it with koffi, and call the kernel's launcher with
 * the arguments flattened. A device exception becomes a JS Error with the kernel's message and
 * source line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import koffi from 'koffi';
import type { Compiler } from '../compiler/compiler.js';
import { defaultCompiler } from '../compiler/default.js';
import { type Config, defaultConfig, type Params } from '../compiler/job.js';
import { type Dim, dim3 } from '../dim.js';
import type { FunctionInput } from '../frontend/infer.js';
import type { Type } from '../frontend/types.js';
import { ArrayView, typeOfValue } from '../frontend/values.js';
import { LoadedKernels } from '../host/loaded.js';
import { findTool, runTool } from '../tools/find-tool.js';
import { flatParameters, launcherName } from './launcher.js';

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

/** A kernel compiled for the host and loaded, ready to launch. */
export class NativeKernel {
  private readonly launcher: (...args: unknown[]) => void;
  private readonly accessors: Record<string, (...args: unknown[]) => unknown>;

  constructor(
    readonly name: string,
    readonly argTypes: readonly Type[],
    library: ReturnType<typeof koffi.load>,
  ) {
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
    this.launcher = library.func(launcherName(name), 'void', [
      ...params,
      ...Array.from({ length: 8 }, () => 'int32_t'),
    ]);
    this.accessors = {
      status: library.func('gpuc_status', 'int32_t', []),
      message: library.func('gpuc_message', 'const char *', []),
      function: library.func('gpuc_function', 'const char *', []),
      file: library.func('gpuc_file', 'const char *', []),
      line: library.func('gpuc_line', 'int32_t', []),
      reset: library.func('gpuc_reset', 'void', []),
    };
  }

  /**
   * Runs the kernel over a grid, its blocks shared out among `threads` cores (default: all);
   * throws the kernel's error if a thread raised one.
   */
  launch(
    grid: Dim,
    block: Dim,
    args: readonly unknown[],
    threads = availableParallelism(),
    sharedBytes = 0,
  ): void {
    const flat: unknown[] = [];
    this.argTypes.forEach((t, i) => {
      const value = args[i];
      if (t.kind === 'scalar') {
        flat.push(
          typeof value === 'boolean' ? Number(value) : value instanceof Number ? value.valueOf() : value,
        );
      } else if (value instanceof ArrayView) {
        flat.push(value.data, value.length, ...value.shape);
      } else {
        flat.push(value, (value as ArrayLike<unknown>).length);
      }
    });
    const [gx, gy, gz] = dim3(grid);
    const [bx, by, bz] = dim3(block);
    this.accessors.reset?.();
    if (!Number.isInteger(threads) || threads < 1)
      throw new RangeError(`gpuc: threads must be a positive integer, got ${threads}`);
    const workers = Math.min(threads, gx * gy * gz, 1024);
    if (!Number.isInteger(sharedBytes) || sharedBytes < 0 || sharedBytes > 2 ** 31 - 1)
      throw new RangeError(`gpuc: sharedBytes must be a non-negative 32-bit integer, got ${sharedBytes}`);
    this.launcher(...flat, gx, gy, gz, bx, by, bz, workers, sharedBytes);
    if ((this.accessors.status?.() as number) !== 0) {
      const message = (this.accessors.message?.() as string | null) ?? 'device exception';
      const fn = this.accessors.function?.() as string | null;
      const file = this.accessors.file?.() as string | null;
      const line = this.accessors.line?.() as number;
      this.accessors.reset?.();
      const where = fn ? ` (in ${fn}${file ? ` at ${file}:${line}` : ''})` : '';
      throw new Error(`${message}${where}`);
    }
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

/** Loaded kernels, with the scopes they were compiled with (kept alive: code may point into them). */
const loaded = new LoadedKernels((result, request) => {
  const library = linkSharedLibrary(result.output as Buffer);
  const dir = mkdtempSync(join(tmpdir(), 'gpuc-native-'));
  const path = join(dir, 'kernel.so');
  writeFileSync(path, library);
  try {
    const kernel = new NativeKernel(result.entry, request.argTypes, koffi.load(path));
    return { kernel, scope: request.scope };
  } finally {
    // The loaded library stays mapped; the file is no longer needed.
    rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * Compiles (once per source, argument types, scope contents, configuration, params, compiler
 * plugins and world) and loads a kernel for the host.
 */
export function compileNative(
  kernel: FunctionInput,
  argTypes: readonly Type[],
  options: {
    scope?: Readonly<Record<string, unknown>>;
    config?: Partial<Config>;
    params?: Params;
    compiler?: Compiler;
  } = {},
): NativeKernel {
  return loaded.get({
    kernel,
    argTypes,
    compiler: options.compiler ?? defaultCompiler(),
    target: 'native',
    kind: 'object',
    scope: options.scope ?? EMPTY,
    config: { ...defaultConfig, ...options.config },
    params: options.params ?? {},
  }).kernel;
}

const EMPTY: Readonly<Record<string, unknown>> = Object.freeze({});

/** Compiles a kernel for the host (for these arguments' types) and runs it over a grid. */
export function launchNative(kernel: FunctionInput, launch: NativeLaunch, ...args: unknown[]): void {
  const argTypes = args.map((value, i) => {
    const type = typeOfValue(value);
    if (!type) throw new TypeError(`gpuc: argument ${i + 1} has no kernel type`);
    return type;
  });
  const compiled = compileNative(kernel, argTypes, {
    ...(launch.scope ? { scope: launch.scope } : {}),
    ...(launch.config ? { config: launch.config } : {}),
  });
  compiled.launch(launch.grid, launch.block, args, launch.threads, launch.sharedBytes);
}
