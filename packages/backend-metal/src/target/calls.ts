/**
 * Calls to AIR functions. AIR has no intrinsic IDs: its functions are plain declarations that
 * Apple's compiler knows by name (`air.sin.f32`, `air.atomic.global.add.u.i32`...).
 */

import { entryAlloca } from '@gpuc/core/compiler';
import {
  callByName,
  type IRBuilder,
  type Type as LLVMType,
  llvm,
  type Module,
  type Value,
} from '@gpuc/core/llvm';
import { AddressSpace } from './target.js';

/** AIR's memory orders, thread scopes and memory flags. */
export const AIR = Object.freeze({
  relaxed: 0,
  seqCst: 5,
  scopeThreadgroup: 1,
  scopeDevice: 2,
  flagsDevice: 1,
  flagsThreadgroup: 2,
});

/**
 * Calls an AIR function, declared `nounwind`, and `convergent` where it must not be moved
 * across control flow (barriers, SIMD-group operations).
 */
export function airCall(
  b: IRBuilder,
  module: Module,
  name: string,
  result: LLVMType,
  args: readonly Value[],
  convergent = false,
): Value {
  const call = callByName(b, module, name, result, args);
  const fn = module.getFunction(name);
  if (fn && !fn.hasFnAttribute('nounwind')) {
    fn.addFnAttr('nounwind');
    if (convergent) fn.addFnAttr('convergent');
  }
  return call;
}

/** `global` (device memory) or `local` (threadgroup memory), and the scope that goes with it. */
export function segment(pointer: Value): { name: 'global' | 'local'; scope: number } {
  return pointer.getType().getPointerAddressSpace() === AddressSpace.threadgroup
    ? { name: 'local', scope: AIR.scopeThreadgroup }
    : { name: 'global', scope: AIR.scopeDevice };
}

/** An `air.atomic.<segment>.<op>` call: relaxed (Metal before 4.1 has no other order), volatile. */
export function atomicCall(
  b: IRBuilder,
  module: Module,
  op: string,
  pointer: Value,
  operands: readonly Value[],
  result: LLVMType,
): Value {
  const l = llvm();
  const context = module.getContext();
  const i32 = l.Type.getInt32Ty(context);
  const { name, scope } = segment(pointer);
  return airCall(b, module, `air.atomic.${name}.${op}`, result, [
    pointer,
    ...operands,
    l.ConstantInt.get(i32, AIR.relaxed),
    l.ConstantInt.get(i32, scope),
    l.ConstantInt.getTrue(context),
  ]);
}

/**
 * `air.atomic.*.cmpxchg.weak.i32` on an i32 pointer: the expected value goes through a private
 * slot; returns the old value (the exchange happened when it equals the expected one, as
 * Apple's compiler reads it).
 */
export function compareExchange(
  b: IRBuilder,
  module: Module,
  bits: Value,
  expected: Value,
  desired: Value,
): Value {
  const l = llvm();
  const context = module.getContext();
  const i32 = l.Type.getInt32Ty(context);
  const slot = entryAlloca(b, i32);
  b.CreateStore(expected, slot);
  const { name, scope } = segment(bits);
  return airCall(b, module, `air.atomic.${name}.cmpxchg.weak.i32`, i32, [
    bits,
    slot,
    desired,
    l.ConstantInt.get(i32, AIR.relaxed),
    l.ConstantInt.get(i32, AIR.relaxed),
    l.ConstantInt.get(i32, scope),
    l.ConstantInt.getTrue(context),
  ]);
}
