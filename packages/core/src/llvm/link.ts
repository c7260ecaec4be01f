/**
 * Linking modules and internalising the result.
 */
import { llvm } from './load.js';
import { LLVMError } from './module.js';
import type { Module } from './types.js';

/** How {@link linkModules} links. */
export interface LinkOptions {
  /** Link only the definitions `dest` references (declares), as for libraries. */
  onlyNeeded?: boolean;
  /** Let definitions from `src` replace those in `dest`. */
  overrideFromSource?: boolean;
}

/**
 * Links `src` into `dest`. `src` is consumed: using it afterwards throws. Returns the warnings
 * LLVM reported (such as conflicting module flags), or an empty string.
 */
export function linkModules(dest: Module, src: Module, options: LinkOptions = {}): string {
  const { Linker } = llvm();
  let flags = Linker.Flags.None;
  if (options.onlyNeeded) flags |= Linker.Flags.LinkOnlyNeeded;
  if (options.overrideFromSource) flags |= Linker.Flags.OverrideFromSrc;
  try {
    return Linker.linkModules(dest, src, flags);
  } catch (error) {
    throw new LLVMError((error as Error).message);
  }
}

/**
 * Gives internal linkage to every definition whose name is not in `preserve` (the entry points
 * and exported globals), so that later passes may inline, specialise or delete them.
 */
export function internalize(module: Module, preserve: Iterable<string>): boolean {
  return llvm().internalize(module, [...preserve]);
}
