/**
 * Loading LLVM.
 *
 * The LLVM build (the patched llvm-bindings addon) is loaded on first use, not on import, so
 * that code which only launches precompiled kernels never needs it. Every target LLVM was built
 * with is initialised once.
 */
import { createRequire } from 'node:module';
import type LLVMBindings from 'llvm-bindings';

/** The llvm-bindings namespace, with gpuc's extensions. */
export type LLVM = typeof LLVMBindings;

let loaded: LLVM | undefined;

/** The in-process LLVM, loaded and initialised on first call. */
export function llvm(): LLVM {
  if (loaded === undefined) {
    const require = createRequire(import.meta.url);
    let bindings: LLVM;
    try {
      bindings = require('llvm-bindings') as LLVM;
    } catch (cause) {
      throw new Error(
        'gpuc: the LLVM compiler (llvm-bindings) is not installed or failed to build; ' +
          'compiling kernels needs it, launching precompiled kernels does not',
        { cause },
      );
    }
    bindings.InitializeAllTargetInfos();
    bindings.InitializeAllTargets();
    bindings.InitializeAllTargetMCs();
    bindings.InitializeAllAsmPrinters();
    loaded = bindings;
  }
  return loaded;
}
