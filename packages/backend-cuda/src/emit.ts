/**
 * PTX emission.
 */
import { emit, type Module, type OptLevel, type TargetDescription } from '@gpuc/core';
import { withSeparateLoopHeaders } from './loop-headers.js';

/**
 * Emits a CUDA module as PTX text, each loop with a header of its own. The module is lowered in
 * place; emit a clone to keep it.
 */
export function emitPTX(module: Module, target: TargetDescription, optLevel: OptLevel = 2): string {
  const lowered = withSeparateLoopHeaders(module);
  try {
    return sizeEmptyEntryParameters(emit(lowered, target, 'assembly', optLevel));
  } finally {
    if (lowered !== module) lowered.dispose();
  }
}

/**
 * Gives each empty kernel parameter (a function, an empty record or tuple: types with no
 * run-time content, which LLVM declares `.b8 p[0]`) one byte: ptxas refuses zero-sized entry
 * parameters, and the host lays them out as one byte (`layout` in driver/parameters.ts). The
 * kernel never reads them.
 */
export function sizeEmptyEntryParameters(ptx: string): string {
  return ptx.replace(
    /(\.entry\s+[\w$.]+\s*\()([^)]*)\)/g,
    (_, head: string, params: string) =>
      `${head}${params.replace(/(\.param\s+(?:\.align\s+\d+\s+)?\.b8\s+[\w$.]+)\[0\]/g, '$1[1]')})`,
  );
}
