// Jobs for tests, made from a kernel's text: what the back-ends' tests share to compile a kernel
// for one target with the params, config and scope a test needs, and to count what came out.
import type { Job } from '../src/entry/compiler.js';
import {
  type CompileOptions,
  type CompileResult,
  type Compiler,
  type Config,
  compileJob,
  createJob,
  type KernelSource,
  type KernelType,
  type Params,
  parseType,
  sourceFromText,
  type Target,
} from '../src/index.js';

/** How a kernel becomes a job. */
export interface TestJobOptions {
  /** The target's params and the job's (a compute capability, a gfx, fastMath, launch bounds...). */
  readonly params?: Params;
  /** A target to compile for in place of the one the compiler makes of the name and params. */
  readonly target?: Target;
  readonly config?: Partial<Config>;
  /** The names the kernel reads from its scope (device functions, constants). */
  readonly scope?: Readonly<Record<string, unknown>>;
  /**
   * The file name of a kernel given as text, which messages and PTX name: fixed where two
   * compiles are compared. Without one, each job gets a name of its own, `<target>-<n>.js`.
   */
  readonly file?: string;
}

/** Argument types, each `'f32[]'` or a type already made. */
export type Types = readonly (string | KernelType)[];

let unique = 0;

/** A job compiling a kernel (its text, or a source already made) for the target named. */
export function testJob(
  compiler: Compiler,
  target: string,
  kernel: string | KernelSource,
  types: Types,
  options: TestJobOptions = {},
): Job {
  const params = options.params ?? {};
  return createJob(
    typeof kernel === 'string' ? sourceFromText(kernel, options.file ?? `${target}-${unique++}.js`) : kernel,
    types.map((t) => (typeof t === 'string' ? (parseType(t) as KernelType) : t)),
    options.target ?? compiler.target(target, params),
    { params, config: options.config, scope: options.scope },
  );
}

/** Compiles a kernel for the target named, to its assembly unless `kind` says otherwise. */
export function testCompile(
  compiler: Compiler,
  target: string,
  kernel: string | KernelSource,
  types: Types,
  options: TestJobOptions & CompileOptions = {},
): CompileResult {
  return compileJob(compiler, testJob(compiler, target, kernel, types, options), {
    kind: 'assembly',
    ...options,
  });
}

/** How many times `pattern` matches in `text`. */
export function count(text: string, pattern: RegExp): number {
  return text.match(new RegExp(pattern, 'g'))?.length ?? 0;
}
