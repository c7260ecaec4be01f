/**
 * Loads early: in each basic block, every load moves up, with the address arithmetic it needs,
 * past the instructions before it that touch no memory, as far as the previous store, barrier,
 * call or other instruction with effects. The GPU then waits for memory once for several loads
 * instead of once for each: LLVM 14's NVPTX back-end keeps the IR's order, and ptxas cannot
 * move a load across the branches a precise `sqrt` or division expands into. (nvcc schedules
 * its loads this way; without it Black-Scholes ran 15% slower than nvcc's build.)
 *
 * A store or an atomic addition whose result is unused does not stop a load whose alias scope
 * its `!noalias` names (the AD plugin's scopes: a primal array's read passes the additions into
 * shadows): a reverse loop then reads several elements before it adds into any shadow.
 */
import type { CallInst, Instruction, LLVMFunction, Module } from '@gpuc/core/llvm';

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

/** Whether an instruction (of opcode `op`) touches no memory (loads aside) and may run earlier. */
function movable(inst: Instruction, op: string): boolean {
  if (FIXED.has(op)) return false;
  if (op !== 'call') return true;
  const call = inst as unknown as CallInst;
  if (call.isInlineAsm()) return false;
  const name = call.getCalledFunction()?.getName() ?? '';
  return name.startsWith('llvm.') && !ORDERING.test(name);
}

/**
 * One instruction of a block. Each call into the binding costs microseconds, so what only some
 * instructions need is read when first needed: names (for a run holding a load) and operands
 * (for the instructions a load's chain reaches).
 */
class Entry {
  readonly load: boolean;
  readonly movable: boolean;
  /** A store, or an atomic whose result is unused, that loads its `!noalias` names may pass. */
  readonly passable: boolean;
  #key: string | undefined;
  #uses: string[] | undefined;

  constructor(
    readonly inst: Instruction,
    readonly op: string,
    /** Where the instructions this pass names are listed, to be unnamed after it. */
    private readonly renamed: Instruction[],
  ) {
    this.load = op === 'load';
    this.movable = movable(inst, op);
    this.passable =
      (op === 'store' || (op === 'atomicrmw' && inst.use_empty())) && inst.getMetadata('noalias') !== null;
  }

  /** Whether this load may move above `write` (a passable entry), by their alias scopes. */
  passes(write: Entry): boolean {
    const scope = this.inst.getMetadata('alias.scope');
    const noalias = write.inst.getMetadata('noalias');
    return scope !== null && noalias !== null && scope.isSame(noalias);
  }

  /** Its name in the function (given one for the pass where it had none), or '' when void. */
  get key(): string {
    if (this.#key === undefined) {
      const inst = this.inst;
      this.#key = '';
      // Of the instructions a run holds only calls and stores may have no value.
      if (this.op !== 'store' && !(this.op === 'call' && inst.getType().isVoidTy())) {
        this.#key = inst.getName();
        if (!this.#key) {
          inst.setName('gpuc.early');
          this.#key = inst.getName();
          this.renamed.push(inst);
        }
      }
    }
    return this.#key;
  }

  /** Names of its operands ('' for unnamed ones: constants, which nothing in a block defines). */
  get uses(): string[] {
    const inst = this.inst;
    this.#uses ??= Array.from({ length: inst.getNumOperands() }, (_, i) => inst.getOperand(i).getName());
    return this.#uses;
  }
}

/**
 * Orders one run of movable instructions: each load in turn moves, with what it needs from the
 * run before it, to the run's front, the rest keeping their order. Done one load after another
 * that is quadratic; the result is the same as sorting by which loads' chains each instruction
 * belongs to, the latest load first, then by position, which this does directly.
 */
function orderRun(run: Entry[]): Entry[] {
  const position = new Map(run.map((e, i) => [e.key, i]));
  // For each instruction, the loads (indices into run, latest first) whose chain holds it.
  const chains: number[][] = run.map(() => []);
  for (let k = run.length - 1; k >= 0; k--) {
    if (!(run[k] as Entry).load) continue;
    const pending = [k];
    const seen = new Set(pending);
    while (pending.length > 0) {
      const j = pending.pop() as number;
      (chains[j] as number[]).push(k);
      for (const use of (run[j] as Entry).uses) {
        const p = use ? position.get(use) : undefined;
        if (p !== undefined && p < j && !seen.has(p)) {
          seen.add(p);
          pending.push(p);
        }
      }
    }
  }
  const order = run.map((_, i) => i);
  order.sort((a, b) => {
    const ca = chains[a] as number[];
    const cb = chains[b] as number[];
    for (let i = 0; i < Math.min(ca.length, cb.length); i++)
      if (ca[i] !== cb[i]) return (cb[i] as number) - (ca[i] as number);
    return cb.length - ca.length || a - b;
  });
  return order.map((i) => run[i] as Entry);
}

/** Whether a call's callee is declared to touch no memory (`memory(none)`, encoded as 0). */
function touchesNoMemory(inst: Instruction): boolean {
  return (inst as unknown as CallInst).getCalledFunction()?.getFnAttribute('memory') === '0';
}

/**
 * Where the run of instructions from `start` ends: at the first that is neither movable nor a
 * write every later load of the run may pass (then at the earliest write a load may not pass).
 */
function runEnd(block: Entry[], start: number): number {
  const passed: number[] = [];
  let end = start;
  for (; end < block.length; end++) {
    const e = block[end] as Entry;
    if (e.passable) passed.push(end);
    else if (!e.movable) break;
    else if (e.load) {
      const blocking = passed.find((w) => !e.passes(block[w] as Entry));
      if (blocking !== undefined) return blocking;
    } else if (e.op === 'call' && passed.length > 0 && !touchesNoMemory(e.inst)) {
      // An intrinsic that reads memory may feed a load's address: it does not pass a write.
      return passed[0] as number;
    }
  }
  return end;
}

function scheduleBlock(insts: Instruction[], renamed: Instruction[]): void {
  const block = insts.map((inst) => new Entry(inst, inst.getOpcodeName(), renamed));
  for (let start = 0; start < block.length; ) {
    const end = runEnd(block, start);
    const run = block.slice(start, end);
    if (!run.some((e) => e.load)) {
      start = end + 1;
      continue;
    }
    const ordered = orderRun(run);
    // Move what left its place, in order, before the instruction that ends the run.
    let same = 0;
    while (same < run.length && ordered[same] === run[same]) same++;
    const next = block[end]?.inst;
    if (next) for (const e of ordered.slice(same)) e.inst.moveBefore(next);
    start = end + 1;
  }
}

/** Moves loads early in every function of a module. */
export function loadsEarly(module: Module): void {
  for (const fn of module.getFunctions() as LLVMFunction[]) {
    if (fn.isDeclaration()) continue;
    const renamed: Instruction[] = [];
    for (const block of fn.getBasicBlocks()) scheduleBlock(block.getInstructions(), renamed);
    for (const inst of renamed) inst.setName('');
  }
}
