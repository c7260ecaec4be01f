/**
 * Reads of workgroup memory that WGSL may take as uniform. WGSL's uniformity analysis takes no
 * plain read of workgroup memory as the same in every invocation, so a branch on one (the flag of
 * an "until nothing changed" loop) may not hold a barrier. `workgroupUniformLoad(&p)` is a barrier
 * and a read whose value is uniform; it keeps the kernel's meaning where the read directly follows
 * `gpu.barrier()` with nothing written between, on every path to it (a loop's condition after a
 * barrier before the loop and at the end of its body): every invocation that reaches the read
 * reached that barrier just before (so reaches the added one), nothing wrote the element
 * since (a race-free kernel's other invocations write it only after a later barrier), and the
 * added barrier only synchronises more. The element must be at a constant index, as the pointer
 * must be uniform too.
 */
import { type IRBlock, type IRInstruction, QUIET_OPERATIONS, type SourceLocation } from '@gpuc/core/compiler';
import type { ArrayName } from './context.js';
import { wideOf } from './wide.js';
import { constantOf } from './words.js';

/** Whether a read (an `index` of `array` at `at`) is written as `workgroupUniformLoad`. */
export function isUniformRead(
  read: IRInstruction,
  array: ArrayName,
  at: IRInstruction,
  boundsCheck: boolean,
  scope: Readonly<Record<string, unknown>>,
): boolean {
  if (!array.workgroup || constantOf(at, scope) === undefined) return false;
  return followsBarrier(read.block, read.block.body.indexOf(read), boundsCheck, new Set());
}

/**
 * Whether an instruction neither writes, calls, synchronises nor lets the invocation leave (a
 * checked index, a BigInt `/`, `%` or `**`, which throw): after it, the same invocations go on.
 */
function passes(inst: IRInstruction, boundsCheck: boolean): boolean {
  if (!QUIET_OPERATIONS.has(inst.op)) return false;
  if (inst.op === 'index') return !boundsCheck;
  return !(inst.op === 'binary' && wideOf(inst.type) && /^(\/|%|\*\*)$/.test(inst.operator));
}

/**
 * Whether every path to the instruction at `end` of `block` passes a `gpu.barrier()` and then only
 * instructions that pass: back in the block, then (from its start) in each predecessor, each of
 * which must jump to it unconditionally, so that every invocation that passed the barrier reaches it.
 */
function followsBarrier(block: IRBlock, end: number, boundsCheck: boolean, seen: Set<IRBlock>): boolean {
  for (let i = end - 1; i >= 0; i--) {
    const earlier = block.body[i] as IRInstruction;
    if (earlier.op === 'call' && earlier.name === 'gpu.barrier') return true;
    if (!passes(earlier, boundsCheck)) return false;
  }
  if (block.predecessors.length === 0 || seen.has(block)) return false;
  seen.add(block);
  return block.predecessors.every(
    (from) => from.terminator?.kind === 'jump' && followsBarrier(from, from.body.length, boundsCheck, seen),
  );
}

/** A WGSL statement that reads an element of a kernel's workgroup array (`s<id>`, `gpuc_dynamic`). */
const SHARED_READ = /^\s*v\d+ = (atomicLoad\(&)?(s\d+(_\w+)?|gpuc_dynamic)\[/;

/**
 * The shader compiler's refusal of a barrier (or warp operation) in non-uniform control flow,
 * with what to write instead where the value it traced (the WGSL statement `cause`, from the
 * kernel code at `read`) is a read of a shared array.
 */
export function uniformityHint(reason: string, cause: string, read: SourceLocation): string {
  if (!/must only be called from uniform control flow/.test(reason) || !SHARED_READ.test(cause))
    return reason;
  return `${reason}: it depends on the shared-array element read at ${read.file}:${read.line}:${read.column}. Read it at a constant index directly after a gpu.barrier(), nothing written between on any path to the read, and decide by an integer (\`gpu.barrier(); const more = flag[0];\`): WebGPU then reads it with workgroupUniformLoad, whose value is uniform`;
}
