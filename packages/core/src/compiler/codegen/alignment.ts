/**
 * What a kernel may assume about the addresses of its array arguments. A target whose every
 * global array starts at a multiple of some bytes (`Target.arrayAlignment`, checked at launch)
 * tells LLVM so at the kernel's entry, as `llvm.assume((ptrtoint(p) & (bytes - 1)) == 0)` for
 * each array pointer among its arguments (inside records and tuples too). LLVM's alignment
 * inference then gives `x[4 * i]` of an `f32[]` a 16-byte alignment, which NVPTX's load-store
 * vectoriser needs to merge `x[4 * i]` ... `x[4 * i + 3]` into one 128-bit access (AMDGPU's
 * merges without it: its global accesses need only 4-byte alignment).
 */

import type { Type } from '../../frontend/types.js';
import { callByName, llvm } from '../../llvm/index.js';
import type { IRBuilder, Module, Value } from '../../llvm/types.js';

/** Tells LLVM that every global array pointer in an argument of a kernel type is aligned to `bytes`. */
export function assumeArraysAligned(
  b: IRBuilder,
  module: Module,
  value: Value,
  type: Type,
  bytes: number,
): void {
  const l = llvm();
  if (type.kind === 'array') {
    if (type.space !== 'global') return;
    const context = module.getContext();
    const i64 = l.Type.getInt64Ty(context);
    const address = b.CreatePtrToInt(b.CreateExtractValue(value, [0]), i64);
    const low = b.CreateAnd(address, l.ConstantInt.get(i64, bytes - 1));
    const aligned = b.CreateICmpEQ(low, l.ConstantInt.get(i64, 0));
    callByName(b, module, 'llvm.assume', l.Type.getVoidTy(context), [aligned]);
    return;
  }
  // Records and tuples: each member (what holds no array leaves only a dead extractvalue).
  const members =
    type.kind === 'record' ? type.fields.map(([, t]) => t) : type.kind === 'tuple' ? type.elements : [];
  members.forEach((member, i) => {
    assumeArraysAligned(b, module, b.CreateExtractValue(value, [i]), member, bytes);
  });
}
