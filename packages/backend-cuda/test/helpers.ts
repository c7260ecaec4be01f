// What the CUDA back-end's tests share: a compiler with the CUDA plugin, jobs for the cuda target
// made from a kernel's text, their PTX, and a count of the PTX's matches.
import {
  type CompileOptions,
  type CompileResult,
  type Config,
  compileJob,
  createCompiler,
  createJob,
  type KernelSource,
  type KernelType,
  type Params,
  parseType,
  sourceFromText,
  type Target,
} from '@gpuc/core';
import type { Job } from '@gpuc/core/compiler';
import { CudaPlugin, findPtxas } from '../src/index.js';

/** A compiler with the CUDA plugin, for every test file of the package. */
export const compiler = createCompiler().use(new CudaPlugin());

/** Whether ptxas is installed, for the tests that assemble what they emit. */
export const hasPtxas = findPtxas() !== null;

/** How a kernel becomes a cuda job. */
export interface CudaJobOptions {
  /** The target's params and the job's (computeCapability, fastMath, launch bounds, ptxas...). */
  readonly params?: Params;
  /** A target to compile for in place of `compiler.target('cuda', params)`. */
  readonly target?: Target;
  readonly config?: Partial<Config>;
  /** The names the kernel reads from its scope (device functions, constants). */
  readonly scope?: Readonly<Record<string, unknown>>;
  /**
   * The file name of a kernel given as text, which PTX names (`.file`): fixed where two compiles
   * are compared. Without one, each job gets a name of its own.
   */
  readonly file?: string;
}

/** Argument types, each `'f32[]'` or a type already made. */
export type Types = readonly (string | KernelType)[];

let unique = 0;

/** A job compiling a kernel (its text, or a source already made) for the cuda target. */
export function cudaJob(kernel: string | KernelSource, types: Types, options: CudaJobOptions = {}): Job {
  const params = options.params ?? {};
  return createJob(
    typeof kernel === 'string' ? sourceFromText(kernel, options.file ?? `cuda-${unique++}.js`) : kernel,
    types.map((t) => (typeof t === 'string' ? (parseType(t) as KernelType) : t)),
    options.target ?? compiler.target('cuda', params),
    { params, config: options.config, scope: options.scope },
  );
}

/** Compiles a kernel for the cuda target, to PTX unless `kind` says otherwise. */
export function compile(
  kernel: string | KernelSource,
  types: Types,
  options: CudaJobOptions & CompileOptions = {},
): CompileResult {
  return compileJob(compiler, cudaJob(kernel, types, options), { kind: 'assembly', ...options });
}

/** A kernel's PTX; `memory: false` compiles it afresh, not from the process's cache. */
export function ptx(
  kernel: string | KernelSource,
  types: Types,
  options: CudaJobOptions & Pick<CompileOptions, 'memory'> = {},
): string {
  return compile(kernel, types, { ...options, kind: 'assembly' }).output as string;
}

/** How many times `pattern` matches in `text`. */
export function count(text: string, pattern: RegExp): number {
  return text.match(new RegExp(pattern, 'g'))?.length ?? 0;
}
