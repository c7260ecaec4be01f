/**
 * Shadow additions late: in each basic block of an optimised module, an atomic addition into a
 * shadow (a derivative's atomic with its alias scopes and an unused result) moves down past what
 * follows it, as far as the first instruction that may touch its element: an access whose alias
 * scopes are not all among the addition's `noalias`, a call that may touch memory, or the
 * terminator. Additions keep their order among themselves.
 *
 * Why: a GPU issues a thread's instructions in order, and an atomic's operand is the adjoint,
 * which waits for the reads it is computed from. Interleaved with a reverse loop's reads (of
 * another shadow, or of arrays an unrolled loop reads), each addition holds up the reads after
 * it: the thread waits for memory once per iteration. Moved after them, the reads go out together
 * and the additions follow, as in the loops whose reads LLVM already puts first. At most
 * `PENDING` additions wait at a time (each holds its address and its amount in registers): a
 * long unrolled loop adds in batches rather than spilling.
 */
import {
  type BasicBlock,
  hasAliasDomains,
  type Instruction,
  type InstructionSummary,
  type LLVMFunction,
  type MDNode,
  type Module,
} from '@gpuc/core/llvm';

/** Instructions that read or write memory through an address. */
export const ACCESSES = new Set(['load', 'store', 'atomicrmw', 'cmpxchg']);
/** Instructions that order memory, or may touch it, whatever their operands. */
export const ORDERED = new Set(['fence', 'call', 'invoke', 'callbr', 'va_arg']);

/** The most additions moved past the same instruction. */
const PENDING = 16;

/** Whether every scope of `scopes` is among `noalias`: then the two accesses share no memory. */
function covered(scopes: MDNode | null, noalias: readonly (unknown | null)[]): boolean {
  if (scopes === null) return false;
  return scopes.getOperands().every((scope) => noalias.some((other) => scope?.isSame(other as MDNode)));
}

/** Whether a call of `callee` touches no memory (its `memory(none)` attribute says so). */
export function touchesNone(callee: LLVMFunction | null): boolean {
  return callee?.getFnAttribute('memory') === '0';
}

/** The new order of one block's instructions, or undefined when no addition moves. */
function orderBlock(block: BasicBlock, module: Module): number[] | undefined {
  const summaries = block.describeInstructions();
  if (!summaries.some((s) => s.opcode === 'atomicrmw')) return undefined;
  const insts = block.getInstructions() as Instruction[];
  const pending: { index: number; noalias: readonly (unknown | null)[] }[] = [];
  const order: number[] = [];
  let moved = false;
  const flush = () => {
    for (const { index } of pending) order.push(index);
    pending.length = 0;
  };
  const touchesNoMemory = (summary: InstructionSummary) =>
    summary.opcode === 'call' &&
    touchesNone(summary.callee === null ? null : module.getFunction(summary.callee));
  summaries.forEach((summary, index) => {
    const inst = insts[index] as Instruction;
    const noalias = summary.opcode === 'atomicrmw' && inst.use_empty() ? inst.getMetadata('noalias') : null;
    if (noalias !== null) {
      if (pending.length === PENDING) flush();
      pending.push({ index, noalias: noalias.getOperands() });
      return;
    }
    if (pending.length > 0) {
      const last = index === summaries.length - 1;
      const blocks =
        last ||
        (ACCESSES.has(summary.opcode) &&
          !pending.every((add) => covered(inst.getMetadata('alias.scope'), add.noalias))) ||
        (ORDERED.has(summary.opcode) && !touchesNoMemory(summary));
      if (blocks) flush();
      else moved = true;
    }
    order.push(index);
  });
  flush();
  return moved ? order : undefined;
}

/** Moves the shadow additions of every block late, in a module where AD gave accesses scopes. */
export function additionsLate(module: Module): void {
  if (!hasAliasDomains(module)) return;
  for (const fn of module.getFunctions() as LLVMFunction[]) {
    if (fn.isDeclaration()) continue;
    for (const block of fn.getBasicBlocks()) {
      const order = orderBlock(block, module);
      if (order) block.reorder(order);
    }
  }
}
