/**
 * Optimisation with LLVM's new pass manager.
 */
import { llvm } from './load.js';
import { LLVMError } from './module.js';
import { type OptLevel, type TargetDescription, targetMachine } from './target.js';
import type { Module } from './types.js';

/**
 * Runs a pipeline given in LLVM's textual syntax (`default<O3>`, `internalize,globaldce`,
 * `nvvm-reflect`). With a target that has a machine, its analyses (cost model) and its
 * own passes are available. Returns LLVM's warnings, or an empty string.
 */
export function runPipeline(
  module: Module,
  pipeline: string,
  target?: TargetDescription,
  optLevel: OptLevel = 2,
): string {
  const machine = target?.hasMachine ? targetMachine(target, optLevel) : null;
  try {
    return llvm().runPasses(module, pipeline, machine);
  } catch (error) {
    throw new LLVMError((error as Error).message);
  }
}

/** The standard pipeline for an optimisation level: `default<O0>` to `default<O3>`. */
export function standardPipeline(level: OptLevel): string {
  return `default<O${level}>`;
}
