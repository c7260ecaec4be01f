/**
 * Code objects: LLVM emits a relocatable object, and lld's ELF driver, linked into @gpuc/llvm,
 * turns it into the loadable code object (HSACO) the HSA runtime takes (`ld.lld -shared`), in
 * this process: no ld.lld executable is needed.
 */
import { emit, llvm, type Module, type OptLevel, type TargetDescription } from '@gpuc/core/llvm';

/** Links a relocatable AMDGPU object into a code object. */
export function linkCodeObject(object: Uint8Array): Buffer {
  return llvm().lldLinkCodeObject(object);
}

/** Emits a module as a loadable code object. The module is lowered in place. */
export function emitCodeObject(module: Module, target: TargetDescription, optLevel: OptLevel = 2): Buffer {
  return linkCodeObject(emit(module, target, 'object', optLevel));
}
