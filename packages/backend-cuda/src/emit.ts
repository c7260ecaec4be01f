/**
 * PTX emission.
 */
import { emit, type Module, type OptLevel, type TargetDescription } from '@gpuc/core';

/** Emits a CUDA module as PTX text. The module is lowered in place; emit a clone to keep it. */
export function emitPTX(module: Module, target: TargetDescription, optLevel: OptLevel = 2): string {
  return emit(module, target, 'assembly', optLevel);
}
