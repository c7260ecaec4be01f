/**
 * Loads early: in each basic block, every load moves up, with the address arithmetic it needs,
 * past the instructions before it that touch no memory, as far as the previous store, barrier,
 * call or other instruction with effects. The GPU then waits for memory once for several loads
 * instead of once for each: LLVM 14's NVPTX back-end keeps the IR's order, and ptxas cannot
 * move a load across the branches a precise `sqrt` or division expands into. (nvcc schedules
 * its loads this way; without it Black-Scholes ran 15% slower than nvcc's build.)
 *
 * A store or an atomic addition whose result is unused does not stop a load whose alias scope
 * its `!noalias` names (the AD plugin's scopes, which it declares in the module: a primal
 * array's read passes the additions into shadows): a reverse loop then reads several elements
 * before it adds into any shadow. A load held back by stores into its own array passes them
 * too where forwardStores can take their values on equal addresses (a reverse sweep's seeds).
 */
import {
  type BasicBlock,
  hasAliasDomains,
  type Instruction,
  type InstructionSummary,
  type LLVMFunction,
  type Module,
} from '@gpuc/core/llvm';
import { forwardStores } from './forward-stores.js';
import { missesLoad } from './scopes.js';

/** Intrinsics that order memory or threads: nothing moves across them. */
const ORDERING =
  /^llvm\.(nvvm\.(barrier|membar|atomic|vote|shfl|activemask|read\.ptx\.sreg\.clock)|mem(cpy|set|move)|lifetime|stack|assume|trap|coro|dbg)/;

const FIXED = new Set([
  'store',
  'fence',
  'atomicrmw',
  'cmpxchg',
  'phi',
  'landingpad',
  'alloca',
  'va_arg',
  // terminators
  'ret',
  'br',
  'switch',
  'indirectbr',
  'invoke',
  'callbr',
  'resume',
  'unreachable',
  'cleanupret',
  'catchret',
  'catchswitch',
]);

/** Whether an instruction touches no memory (loads aside) and may run earlier. */
function movable(inst: InstructionSummary): boolean {
  if (FIXED.has(inst.opcode)) return false;
  if (inst.opcode !== 'call') return true;
  const name = inst.callee ?? '';
  return !inst.inlineAsm && name.startsWith('llvm.') && !ORDERING.test(name);
}

/**
 * Orders one run of movable instructions (`start` to `end` in the block): each load in turn
 * moves, with what it needs from the run before it, to the run's front, the rest keeping their
 * order. Done one load after another that is quadratic; the result is the same as sorting by
 * which loads' chains each instruction belongs to, the latest load first, then by position,
 * which this does directly. Returns the run's block indices in their new order.
 */
function orderRun(block: readonly InstructionSummary[], start: number, end: number): number[] {
  const length = end - start;
  // For each instruction, the loads (run indices, latest first) whose chain holds it.
  const chains: number[][] = Array.from({ length }, () => []);
  for (let k = length - 1; k >= 0; k--) {
    if ((block[start + k] as InstructionSummary).opcode !== 'load') continue;
    const pending = [k];
    const seen = new Set(pending);
    while (pending.length > 0) {
      const j = pending.pop() as number;
      (chains[j] as number[]).push(k);
      for (const operand of (block[start + j] as InstructionSummary).operands) {
        const p = operand - start;
        if (p >= 0 && p < j && !seen.has(p)) {
          seen.add(p);
          pending.push(p);
        }
      }
    }
  }
  const order = Array.from({ length }, (_, i) => i);
  order.sort((a, b) => {
    const ca = chains[a] as number[];
    const cb = chains[b] as number[];
    for (let i = 0; i < Math.min(ca.length, cb.length); i++)
      if (ca[i] !== cb[i]) return (cb[i] as number) - (ca[i] as number);
    return cb.length - ca.length || a - b;
  });
  return order.map((i) => start + i);
}

/**
 * The alias scopes of one block's writes and loads, read through the binding only for a function
 * that has writes with `!noalias` (one instruction wrapper per call: too dear for every block).
 */
class Scopes {
  #insts: Instruction[] | undefined;

  constructor(
    private readonly block: BasicBlock,
    private readonly module: Module,
  ) {}

  private at(index: number): Instruction {
    this.#insts ??= this.block.getInstructions();
    return this.#insts[index] as Instruction;
  }

  /** Whether a store, or an atomic whose result is unused, names scopes a load may pass. */
  passable(summary: InstructionSummary, index: number): boolean {
    const { opcode } = summary;
    if (opcode !== 'store' && opcode !== 'atomicrmw') return false;
    const inst = this.at(index);
    return (opcode === 'store' || inst.use_empty()) && inst.getMetadata('noalias') !== null;
  }

  /**
   * Whether the load at `load` may move above the passable write at `write`: the write's
   * `!noalias` names every scope of the load's in a domain (the same list, or a longer one where
   * each shadow has a scope of its own, or the scope forwardStores gave the load).
   */
  passes(load: number, write: number): boolean {
    return missesLoad(this.at(load).getMetadata('alias.scope'), this.at(write).getMetadata('noalias'));
  }

  /** Whether a call's callee is declared to touch no memory (`memory(none)`, encoded as 0). */
  touchesNoMemory(summary: InstructionSummary): boolean {
    const callee = summary.callee === null ? null : this.module.getFunction(summary.callee);
    return callee?.getFnAttribute('memory') === '0';
  }
}

/**
 * Where the run of instructions from `start` ends: at the first that is neither movable nor a
 * write every later load of the run may pass (then at the earliest write a load may not pass).
 */
function runEnd(block: readonly InstructionSummary[], start: number, scopes: Scopes | undefined): number {
  const passed: number[] = [];
  let end = start;
  for (; end < block.length; end++) {
    const inst = block[end] as InstructionSummary;
    if (scopes?.passable(inst, end)) passed.push(end);
    else if (!movable(inst)) break;
    else if (passed.length === 0) continue;
    else if (inst.opcode === 'load') {
      const blocking = passed.find((w) => !scopes?.passes(end, w));
      if (blocking !== undefined) return blocking;
    } else if (inst.opcode === 'call' && !scopes?.touchesNoMemory(inst)) {
      // An intrinsic that reads memory may feed a load's address: it does not pass a write.
      return passed[0] as number;
    }
  }
  return end;
}

/**
 * The block's new order (its instructions' indices), or undefined when nothing moves. The block
 * is read in one binding call and reordered in one: a call per instruction cost more than the
 * scheduling itself.
 */
function scheduleBlock(
  block: readonly InstructionSummary[],
  scopes: Scopes | undefined,
): number[] | undefined {
  const order = block.map((_, i) => i);
  let moved = false;
  for (let start = 0; start < block.length; ) {
    const end = runEnd(block, start, scopes);
    let loads = false;
    for (let i = start; i < end && !loads; i++) loads = (block[i] as InstructionSummary).opcode === 'load';
    if (loads) {
      orderRun(block, start, end).forEach((index, i) => {
        if (index !== start + i) moved = true;
        order[start + i] = index;
      });
    }
    start = end + 1;
  }
  return moved ? order : undefined;
}

/** Whether a function has a write with `!noalias` (only then are its blocks' scopes read). */
function hasScopedWrites(fn: LLVMFunction): boolean {
  return fn.findInstructions(['store', 'atomicrmw']).some((inst) => inst.getMetadata('noalias') !== null);
}

/**
 * Moves loads early in every function of a module. Only a module in which gpuc gave accesses
 * alias scopes (an AD derivative's) has its writes' `!noalias` read.
 */
export function loadsEarly(module: Module): void {
  const declared = hasAliasDomains(module);
  for (const fn of module.getFunctions() as LLVMFunction[]) {
    if (fn.isDeclaration()) continue;
    const scoped = declared && hasScopedWrites(fn);
    fn.getBasicBlocks().forEach((block, b) => {
      if (scoped) forwardStores(module, block, `${fn.getName()} ${b}`, movable);
      const order = scheduleBlock(
        block.describeInstructions(),
        scoped ? new Scopes(block, module) : undefined,
      );
      if (order) block.reorder(order);
    });
  }
}
