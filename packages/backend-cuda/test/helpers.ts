// What the CUDA back-end's tests share: a compiler with the CUDA plugin, and jobs, results and
// PTX for the cuda target made from a kernel's text (core's test/jobs.ts with this compiler).
import { type CompileOptions, type CompileResult, createCompiler, type KernelSource } from '@gpuc/core';
import type { Job } from '@gpuc/core/compiler';
import { type TestJobOptions, type Types, testCompile, testJob } from '../../core/test/jobs.js';
import { CudaPlugin, findPtxas } from '../src/index.js';

export { count } from '../../core/test/jobs.js';

/** A compiler with the CUDA plugin, for every test file of the package. */
export const compiler = createCompiler().use(new CudaPlugin());

/** Whether ptxas is installed, for the tests that assemble what they emit. */
export const hasPtxas = findPtxas() !== null;

/** A job compiling a kernel for the cuda target (params go to the target and the job). */
export function cudaJob(kernel: string | KernelSource, types: Types, options: TestJobOptions = {}): Job {
  return testJob(compiler, 'cuda', kernel, types, options);
}

/** Compiles a kernel for the cuda target, to PTX unless `kind` says otherwise. */
export function compile(
  kernel: string | KernelSource,
  types: Types,
  options: TestJobOptions & CompileOptions = {},
): CompileResult {
  return testCompile(compiler, 'cuda', kernel, types, options);
}

/** A kernel's PTX; `memory: false` compiles it afresh, not from the process's cache. */
export function ptx(
  kernel: string | KernelSource,
  types: Types,
  options: TestJobOptions & Pick<CompileOptions, 'memory'> = {},
): string {
  return compile(kernel, types, { ...options, kind: 'assembly' }).output as string;
}
