/**
 * Shadow elements only this thread touches. A kernel's primal is free of races, and a
 * differentiated function cannot synchronise (collectives are refused in it), so an element of
 * an array that a thread writes during the call is read or written by no other thread during
 * it; no other thread's reverse sweep then adds to that element's shadow, and this thread adds
 * to it with a plain load, add and store instead of an atomic.
 *
 * Proven only from the code: a read is private when its block also writes the same array at an
 * equal index (the same value, or the same pure computation on equal operands), so that
 * whenever the read runs, the write runs too.
 */

import { ARITHMETIC_OPERATIONS, type IRBlock, type IRInstruction } from '@gpuc/core/compiler';
import { operationOf } from './builder.js';

type Inst = IRInstruction;

/** Calls whose result depends on their operands only. */
export const PURE_CALL = /^(Math\.|Number\.|f32$|f64$|i8$|u8$|i16$|u16$|i32$|u32$|Number$)/;
const DEPTH = 8;

function sameOperation(a: Inst, b: Inst): boolean {
  const x = operationOf(a) as unknown as Record<string, unknown>;
  const y = operationOf(b) as unknown as Record<string, unknown>;
  const keys = Object.keys(x);
  return keys.length === Object.keys(y).length && keys.every((key) => Object.is(x[key], y[key]));
}

/** Whether two values are equal wherever both are computed in one run of a block. */
export function equalValues(a: Inst, b: Inst, depth = 0): boolean {
  if (a === b) return true;
  const pure = (v: Inst) => ARITHMETIC_OPERATIONS.has(v.op) || (v.op === 'call' && PURE_CALL.test(v.name));
  if (depth >= DEPTH || a.op !== b.op || a.type !== b.type || !pure(a) || a.args.length !== b.args.length)
    return false;
  return sameOperation(a, b) && a.args.every((arg, i) => equalValues(arg, b.args[i] as Inst, depth + 1));
}

/**
 * The reads (`index` instructions) of `block` whose elements the thread writes in the same
 * block: `origin` gives the array each array value is.
 */
export function privateReads(block: IRBlock, origin: (array: Inst) => Inst | undefined): Set<Inst> {
  const writes = block.body.filter((inst) => inst.op === 'store');
  const reads = new Set<Inst>();
  for (const read of block.body) {
    if (read.op !== 'index') continue;
    const array = origin(read.args[0] as Inst);
    if (!array) continue;
    const written = writes.some(
      (store) =>
        origin(store.args[0] as Inst) === array && equalValues(store.args[1] as Inst, read.args[1] as Inst),
    );
    if (written) reads.add(read);
  }
  return reads;
}
