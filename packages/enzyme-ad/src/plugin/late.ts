/**
 * Writes late: in each basic block of an optimised module, a derivative's write that waits for
 * memory moves down past what follows it, as far as the first instruction that may touch its
 * element: an access whose alias scopes are not all among the write's `noalias`, a call that may
 * touch memory, or the terminator. The writes are atomic additions into shadows (with AD's alias
 * scopes and an unused result), and stores with AD's scopes of a computed value (a constant,
 * such as a seed's zero, waits for nothing). A write that must stay leaves with those before it
 * that may touch its memory; the others keep waiting, in their order.
 *
 * Why: a GPU issues a thread's instructions in order, and a write's operand (an adjoint, or what
 * the forward sweep computes from the elements it read) waits for the reads it is computed from.
 * Interleaved with later reads (of another shadow, or of arrays an unrolled loop reads), each such
 * write holds up the reads after it: the thread waits for memory once per iteration, or once for
 * the forward sweep and again for the reverse one. Moved after them, the reads go out together
 * and the writes follow. At most `PENDING` writes wait at a time (each holds its address and its
 * value in registers): a long unrolled loop writes in batches rather than spilling.
 */
import {
  type BasicBlock,
  hasAliasDomains,
  type Instruction,
  type InstructionSummary,
  type LLVMFunction,
  llvm,
  type MDNode,
  type Module,
} from '@gpuc/core/llvm';

/** Instructions that read or write memory through an address. */
export const ACCESSES = new Set(['load', 'store', 'atomicrmw', 'cmpxchg']);
/** Instructions that order memory, or may touch it, whatever their operands. */
export const ORDERED = new Set(['fence', 'call', 'invoke', 'callbr', 'va_arg']);

/** The most writes moved past the same instruction. */
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

/** A write waiting to move late: its place, alias scopes and `noalias` list. */
interface Pending {
  readonly index: number;
  readonly scope: MDNode | null;
  readonly noalias: readonly (unknown | null)[];
}

/** Whether two waiting writes touch no common memory, by their scopes. */
const apart = (a: Pending, b: Pending) => covered(a.scope, b.noalias) || covered(b.scope, a.noalias);

/** The `noalias` list of a write that may move late (see the file's comment), or null. */
function lateNoalias(summary: InstructionSummary, inst: Instruction): MDNode | null {
  if (summary.opcode === 'atomicrmw') return inst.use_empty() ? inst.getMetadata('noalias') : null;
  if (summary.opcode !== 'store' || inst.getOperand(0) instanceof llvm().Constant) return null;
  const noalias = inst.getMetadata('noalias');
  // Never an atomic or volatile store: those keep their place.
  return noalias !== null && !/^\s*store (atomic|volatile)/.test(inst.print()) ? noalias : null;
}

/** The new order of one block's instructions, or undefined when no write moves. */
function orderBlock(block: BasicBlock, module: Module): number[] | undefined {
  const summaries = block.describeInstructions();
  if (!summaries.some((s) => s.opcode === 'atomicrmw' || s.opcode === 'store')) return undefined;
  const insts = block.getInstructions() as Instruction[];
  let pending: Pending[] = [];
  const order: number[] = [];
  let moved = false;
  /** Sends `leaving` on, with each write before one of them that may touch its memory. */
  const send = (leaving: Set<Pending>) => {
    for (let i = pending.length - 2; i >= 0; i--) {
      const write = pending[i] as Pending;
      if (!leaving.has(write) && pending.slice(i + 1).some((w) => leaving.has(w) && !apart(write, w)))
        leaving.add(write);
    }
    for (const write of pending) if (leaving.has(write)) order.push(write.index);
    pending = pending.filter((write) => !leaving.has(write));
  };
  const touchesNoMemory = (summary: InstructionSummary) =>
    summary.opcode === 'call' &&
    touchesNone(summary.callee === null ? null : module.getFunction(summary.callee));
  summaries.forEach((summary, index) => {
    const inst = insts[index] as Instruction;
    const noalias = lateNoalias(summary, inst);
    if (noalias !== null) {
      if (pending.length === PENDING) send(new Set(pending));
      pending.push({ index, scope: inst.getMetadata('alias.scope'), noalias: noalias.getOperands() });
      return;
    }
    if (pending.length > 0) {
      const everything =
        index === summaries.length - 1 || (ORDERED.has(summary.opcode) && !touchesNoMemory(summary));
      const scope = ACCESSES.has(summary.opcode) ? inst.getMetadata('alias.scope') : undefined;
      const blocked = everything
        ? pending
        : scope === undefined
          ? []
          : pending.filter((write) => !covered(scope, write.noalias));
      if (blocked.length > 0) send(new Set(blocked));
      if (pending.length > 0) moved = true;
    }
    order.push(index);
  });
  send(new Set(pending));
  return moved ? order : undefined;
}

/** Moves the derivatives' writes of every block late, in a module where AD gave accesses scopes. */
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
