/**
 * Emission: a module as LLVM IR text, bitcode, target assembly or an object file, in memory.
 */

import { type OptLevel, type TargetDescription, targetMachine } from './target.js';
import type { Module } from './types.js';

/** What {@link emit} produces. */
export type EmitKind = 'ir' | 'bitcode' | 'assembly' | 'object';

/** Assembly and IR come back as text, bitcode and objects as bytes. */
export type Emitted<K extends EmitKind> = K extends 'ir' | 'assembly' ? string : Buffer;

/**
 * Emits a module. The module must carry the target's triple and data layout; assembly and
 * objects need a target with an LLVM machine. Code generation changes the module (it lowers it),
 * so emit a clone when the module is used again.
 */
export function emit<K extends EmitKind>(
  module: Module,
  target: TargetDescription,
  kind: K,
  optLevel: OptLevel = 2,
): Emitted<K> {
  switch (kind) {
    case 'ir':
      return module.print() as Emitted<K>;
    case 'bitcode':
      return module.toBitcode() as Emitted<K>;
    case 'assembly':
      return targetMachine(target, optLevel).emitToBuffer(module, 'assembly').toString('utf8') as Emitted<K>;
    case 'object':
      return targetMachine(target, optLevel).emitToBuffer(module, 'object') as Emitted<K>;
    default:
      throw new Error(`gpuc: unknown emit kind '${String(kind)}'`);
  }
}
