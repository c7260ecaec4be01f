/**
 * Loading LLVM.
 *
 * The LLVM binding (@gpuc/llvm, LLVM 22) is loaded on first use, not on import, so that code
 * which only launches precompiled kernels never needs it. Its targets are initialised as it loads.
 */
import { type LLVM, llvm as loadLLVM } from '@gpuc/llvm';

export type { LLVM };

let loaded: LLVM | undefined;

/** The in-process LLVM, loaded on first call. */
export function llvm(): LLVM {
  if (loaded === undefined) {
    try {
      loaded = loadLLVM();
    } catch (cause) {
      throw new Error(
        `gpuc: the LLVM compiler (@gpuc/llvm) could not be loaded; compiling kernels needs it, launching precompiled kernels does not. ${(cause as Error).message}`,
        { cause },
      );
    }
  }
  return loaded;
}
