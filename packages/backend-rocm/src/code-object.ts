/**
 * Code objects: LLVM emits a relocatable object, and `ld.lld -shared` turns it into the
 * loadable code object (HSACO) the HSA runtime takes.
 */
import { emit, findTool, type Module, type OptLevel, runTool, type TargetDescription } from '@gpuc/core';

/** The path of LLVM's ELF linker, or null. */
export function findLinker(): string | null {
  return findTool({ names: ['ld.lld', 'ld.lld-14'], env: 'GPUC_LD_LLD', dirs: ['/usr/lib/llvm-14/bin'] });
}

/** Links relocatable AMDGPU objects into a code object. */
export function linkCodeObject(object: Uint8Array): Buffer {
  const linker = findLinker();
  if (linker === null)
    throw new Error('gpuc: ld.lld not found; install lld (Debian: lld-14) or set GPUC_LD_LLD');
  return runTool(linker, [{ name: 'kernel.o', data: object }], 'kernel.hsaco', ([input], output) => [
    '-shared',
    '--no-undefined',
    '-o',
    output,
    input as string,
  ]);
}

/** Emits a module as a loadable code object. The module is lowered in place. */
export function emitCodeObject(module: Module, target: TargetDescription, optLevel: OptLevel = 2): Buffer {
  return linkCodeObject(emit(module, target, 'object', optLevel));
}
