/**
 * gpuc's intrinsics in WGSL (other than device functions): the launch's indices, barriers and
 * fences, conversions, `Math` and `Number` (math.ts), bit counts, atomics (atomics.ts) and warp
 * operations (warp.ts).
 */
import type { IRInstruction } from '@gpuc/core/compiler';
import { atomic, isAtomic } from './atomics.js';
import type { WriterContext } from './context.js';
import { halfBits, halfRead } from './half.js';
import { need } from './helpers.js';
import { mathCall } from './math.js';
import { isWarp, warp } from './warp.js';

/** The builtin each `gpu` index reads (module variables set from `main`'s builtins). */
const INDICES: Readonly<Record<string, string>> = {
  globalIdx: 'gid',
  threadIdx: 'lid',
  blockIdx: 'wid',
  gridDim: 'nwg',
};

/** A call of an intrinsic: its statement, or its value assigned. */
export function intrinsic(c: WriterContext, inst: IRInstruction & { op: 'call' }) {
  const name = inst.name;
  const index = /^gpu\.(\w+)\.([xyz])$/.exec(name);
  if (index) {
    const [, what, axis] = index as unknown as [string, string, 'x' | 'y' | 'z'];
    if (what === 'blockDim') return c.assign(inst, `${c.block['xyz'.indexOf(axis)]}i`);
    const builtin = INDICES[what];
    if (builtin) return c.assign(inst, `i32(${builtin}.${axis})`);
  }
  if (name === 'gpu.barrier') return c.emit('storageBarrier(); workgroupBarrier();');
  if (name === 'gpu.threadFenceBlock' || name === 'gpu.threadFence') return c.emit('storageBarrier();');
  if (name === 'gpu.sharedArray' || name === 'gpu.dynamicSharedArray') return;
  // `f32(2.5)`'s argument is an f64 constant, which has no WGSL value: converted here.
  if (name === 'f32' || name === 'i32' || name === 'u32' || name === 'Math.fround')
    return c.assign(
      inst,
      c.coerce(inst.args[0] as IRInstruction, name === 'Math.fround' ? 'f32' : name, inst.span),
    );
  if (name === 'f16' || name === 'bf16')
    return c.assign(inst, halfRead(c, name, halfBits(c, inst.args[0] as IRInstruction, name, inst.span)));
  if (name === 'gpu.fma') {
    const type = c.scalar(inst.type, inst.span);
    const [x, y, z] = inst.args.map((arg) => c.coerce(arg, type, inst.span));
    need(c.parts.helpers, 'gpuc_fma');
    return c.assign(inst, `gpuc_fma(${x}, ${y}, ${z})`);
  }
  if (name === 'gpu.popcount')
    return c.assign(inst, `i32(countOneBits(${c.coerce(inst.args[0] as IRInstruction, 'u32', inst.span)}))`);
  if (isAtomic(name)) return atomic(c, inst);
  if (isWarp(name)) return warp(c, inst);
  const math = mathCall(c, inst);
  if (math !== undefined) return c.assign(inst, math);
  return c.refuse(inst.span, name);
}
