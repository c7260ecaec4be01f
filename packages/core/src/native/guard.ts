/**
 * Versioning for work-item loops: each block runs either a thread function's proven copy, where
 * what it assumes holds for every thread of the block, or the function as written.
 *
 * The guard: a kernel whose body is `if (cond) { ... }` (or `if (!cond) return; ...`) is
 * if-converted by LLVM's vectoriser into masked loads and stores, slower than plain ones. Where
 * the guard provably holds for every thread of a block, the proven copy runs the body without
 * the test.
 *
 * The addresses: JavaScript's i32 arithmetic wraps, so an index such as `y * n + x` gives LLVM
 * no consecutive addresses from thread to thread; where it provably does not wrap, the proven
 * copy computes it in i64, where it steps by one.
 *
 * The thread function takes a flag, `proven`, that selects the copy; the block's loops
 * (workitems.ts) set it when an interval evaluation, once a block, proves it: each i32 the
 * guard and the addresses compute becomes the range it takes over the block's thread indices
 * (exact, in i64; a range past i32 proves nothing, as the i32 may wrap), each comparison
 * whether it is surely true or surely false over those ranges.
 *
 * Only code that neither touches memory nor traps may lead to the guard (what it computes then
 * depends on the thread's indices and the arguments alone); anything the evaluation does not
 * know proves nothing, and the block runs the function as written.
 */
import { llvm } from '../llvm/load.js';
import type { BasicBlock, Instruction, IRBuilder, LLVMContext, LLVMFunction, Value } from '../llvm/types.js';

/** Opcodes that neither touch memory nor trap (poison is no worse than in the original). */
const PURE = new Set([
  'add',
  'sub',
  'mul',
  'and',
  'or',
  'xor',
  'shl',
  'lshr',
  'ashr',
  'icmp',
  'fcmp',
  'select',
  'zext',
  'sext',
  'trunc',
  'fadd',
  'fsub',
  'fmul',
  'fdiv',
  'frem',
  'fneg',
  'fptosi',
  'fptoui',
  'sitofp',
  'uitofp',
  'fpext',
  'fptrunc',
  'bitcast',
  'extractvalue',
  'insertvalue',
  'getelementptr',
  'freeze',
  'phi',
  'br',
]);

/** A thread function's guard: the code before it, its condition, and whether it passes on false. */
interface Guard {
  readonly region: readonly Instruction[];
  readonly condition: Value;
  readonly negate: boolean;
  readonly branch: Instruction;
}

/**
 * What a thread function's proven copy assumes, for `versionHolds` to check once a block: its
 * guard passes, and the i32 arithmetic of its addresses does not wrap.
 */
export interface Versioning {
  /** The guard, where the body has one. */
  readonly guard?: Guard;
  /** The i32 `add`, `sub` and `mul` the proven copy computes in i64, operands first. */
  readonly widened: readonly Instruction[];
}

/** A block that only returns. */
function onlyReturns(block: BasicBlock): boolean {
  const instructions = block.getInstructions();
  return instructions.length === 1 && instructions[0]?.getOpcodeName() === 'ret';
}

/**
 * The guard of a thread function: the one conditional branch, reached from the entry through
 * pure code only, one of whose successors only returns; undefined where none.
 */
function findGuard(fn: LLVMFunction): Guard | undefined {
  const blocks = fn.getBasicBlocks();
  const successors = fn.getBlockSuccessors();
  const seen = new Set<number>([0]);
  const queue = [0];
  const region: Instruction[] = [];
  let guard: { block: number; negate: boolean } | undefined;
  while (queue.length > 0) {
    const at = queue.shift() as number;
    const instructions = (blocks[at] as BasicBlock).getInstructions();
    if (!instructions.every((i) => PURE.has(i.getOpcodeName()))) return undefined;
    region.push(...instructions);
    const next = successors[at] as number[];
    if (next.length === 2) {
      const [then, otherwise] = next as [number, number];
      const exitThen = onlyReturns(blocks[then] as BasicBlock);
      if (exitThen !== onlyReturns(blocks[otherwise] as BasicBlock)) {
        if (guard) return undefined;
        guard = { block: at, negate: exitThen };
        continue;
      }
    }
    for (const n of next) {
      if (!seen.has(n)) {
        seen.add(n);
        queue.push(n);
      }
    }
  }
  const branch = guard && (blocks[guard.block] as BasicBlock).getTerminator();
  if (!guard || !branch) return undefined;
  return { region, condition: branch.getOperand(0), negate: guard.negate, branch };
}

/** i32 arithmetic the interval evaluation follows. */
const ARITHMETIC = new Set(['add', 'sub', 'mul']);

/** Whether a value is a sign extension to i64 that an address (a getelementptr) uses. */
function indexes(v: Value): boolean {
  const l = llvm();
  return (
    v instanceof l.Instruction &&
    v.getOpcodeName() === 'sext' &&
    v.getType().isIntegerTy(64) &&
    v.getUsers().some((u) => u instanceof l.Instruction && u.getOpcodeName() === 'getelementptr')
  );
}

/**
 * Finds instructions again by a temporary name, in one call each: wrappers are not unique, and
 * comparing a value with many instructions goes through the binding for each. `release` gives
 * them back the names they had.
 */
function keyed(instructions: readonly Instruction[]) {
  const l = llvm();
  const named = instructions.filter((i) => !i.getType().isVoidTy());
  const old = named.map((i) => i.getName());
  const index = new Map<string, Instruction>();
  named.forEach((i, k) => {
    i.setName(`gpuc.key${k}`);
    index.set(i.getName(), i);
  });
  return {
    find: (v: Value) => (v instanceof l.Instruction ? index.get(v.getName()) : undefined),
    release: () => {
      named.forEach((i, k) => {
        i.setName(old[k] as string);
      });
    },
  };
}

/**
 * The i32 arithmetic of a thread function's addresses that the evaluation can bound: `add`,
 * `sub` and `mul` of constants, i32 parameters and such arithmetic, whose value an address
 * takes sign-extended (directly or through more of it). Wrapping i32 arithmetic hides from
 * LLVM that an index steps by one from thread to thread (`sext(base + x)` is not `sext(base) +
 * x` where the sum may wrap), so it checks for the wrap on every row of threads and forms no
 * pointer that steps.
 */
function addressArithmetic(fn: LLVMFunction): Instruction[] {
  const l = llvm();
  const arithmetic = fn
    .getBasicBlocks()
    .flatMap((block) => block.getInstructions())
    .filter((i) => ARITHMETIC.has(i.getOpcodeName()) && i.getType().isIntegerTy(32));
  const keys = keyed(arithmetic);
  try {
    // In order, so that an operand is bounded before its users are looked at.
    const bounded = new Set<Instruction>();
    const isBounded = (v: Value) => {
      if (v instanceof l.ConstantInt || v instanceof l.Argument) return v.getType().isIntegerTy(32);
      const i = keys.find(v);
      return i !== undefined && bounded.has(i);
    };
    for (const i of arithmetic) {
      if (isBounded(i.getOperand(0)) && isBounded(i.getOperand(1))) bounded.add(i);
    }
    // Those an address takes, and their operands, from the last back.
    const wanted = new Set<Instruction>();
    for (const i of [...bounded].reverse()) {
      const users = i.getUsers();
      if (users.some((u) => indexes(u) || wanted.has(keys.find(u) as Instruction))) wanted.add(i);
    }
    return [...bounded].filter((i) => wanted.has(i));
  } finally {
    keys.release();
  }
}

/** Whether a function's control flow has a cycle (a loop, or a backward goto of any kind). */
function hasLoop(fn: LLVMFunction): boolean {
  const successors = fn.getBlockSuccessors();
  // 0 unseen, 1 on the current depth-first path, 2 finished.
  const state = new Uint8Array(successors.length);
  const stack: [number, number][] = [[0, 0]];
  state[0] = 1;
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as [number, number];
    const next = successors[top[0]]?.[top[1]++];
    if (next === undefined) {
      state[top[0]] = 2;
      stack.pop();
    } else if (state[next] === 1) return true;
    else if (state[next] === 0) {
      state[next] = 1;
      stack.push([next, 0]);
    }
  }
  return false;
}

/**
 * Versions a thread function on an i1 parameter, `proven`, set where the block's loops proved
 * the guard holds and the address arithmetic does not wrap for every thread of the block: there
 * the guard's branch takes the body, and each sign-extended index the arithmetic computes is
 * computed in i64 instead (equal where nothing wraps). Undefined (and nothing changed) where
 * there is neither a guard nor such arithmetic.
 */
export function versionThread(fn: LLVMFunction, proven: Value): Versioning | undefined {
  const l = llvm();
  const guard = findGuard(fn);
  // LLVM vectorises innermost loops only: with a loop in the body, the loop over threads is not
  // one, and addresses stepping from thread to thread gain it nothing (a 16x16 matmul none, for
  // two-thirds more compile time).
  const widened = hasLoop(fn) ? [] : addressArithmetic(fn);
  if (!guard && widened.length === 0) return undefined;
  if (guard) {
    const b = new l.IRBuilder(guard.branch);
    // A select, not an or: it passes the test even where the condition is poison.
    const pass = l.ConstantInt.get(proven.getType(), guard.negate ? 0 : 1);
    guard.branch.setOperand(0, b.CreateSelect(proven, pass, guard.condition));
  }
  const i64 = l.Type.getInt64Ty(fn.getParent()?.getContext() as LLVMContext);
  const keys = keyed(widened);
  const wide = new Map<Instruction | undefined, Value>();
  for (const i of widened) {
    const next = i.getNextNode() as Instruction;
    const b = new l.IRBuilder(next);
    const [x, y] = [i.getOperand(0), i.getOperand(1)].map(
      (v) => wide.get(keys.find(v)) ?? b.CreateSExt(v, i64),
    ) as [Value, Value];
    const op = i.getOpcodeName();
    const value = op === 'add' ? b.CreateAdd(x, y) : op === 'sub' ? b.CreateSub(x, y) : b.CreateMul(x, y);
    wide.set(keys.find(i), value);
    for (const sext of i.getUsers()) {
      if (!indexes(sext)) continue;
      const users = sext.getUsers() as Instruction[];
      const pick = new l.IRBuilder((sext as Instruction).getNextNode() as Instruction).CreateSelect(
        proven,
        value,
        sext,
      );
      for (const user of users) {
        for (let k = 0; k < user.getNumOperands(); k++) {
          if (user.getOperand(k).isSame(sext)) user.setOperand(k, pick);
        }
      }
    }
  }
  keys.release();
  return { ...(guard ? { guard } : {}), widened };
}

/** An i32's range (i64 bounds), or an i1's surely-true and surely-false flags. */
type Abstract = { lo: Value; hi: Value } | { yes: Value; no: Value };

/**
 * Emits, where `b` is, an i1 that is true only where the proven copy of a thread function
 * (`versionThread`) computes what the function does for every thread of the block: its guard
 * holds for each, and none of its widened arithmetic wraps (the constant false where the
 * evaluation knows nothing of the guard). `given` maps the thread function's arguments to what
 * the block knows of them: an exact value (an argument or geometry) or a range (a thread index).
 */
export function versionHolds(
  b: IRBuilder,
  context: LLVMContext,
  versioning: Versioning,
  given: (arg: number) => Value | { lo: Value; hi: Value } | undefined,
): Value {
  const l = llvm();
  const i64 = l.Type.getInt64Ty(context);
  const yes = l.ConstantInt.getTrue(context);
  const no = l.ConstantInt.getFalse(context);
  // What is known of the region's values (searched with isSame: wrappers are not unique; the
  // region before a compact body's guard is short).
  const { guard, widened } = versioning;
  const region = guard?.region ?? [];
  const keys = keyed([...region, ...widened]);
  const facts = new Map<Instruction, Abstract>();
  const known = {
    get: (v: Value) => {
      const i = keys.find(v);
      return i && facts.get(i);
    },
    set: (i: Instruction, a: Abstract) => facts.set(keys.find(i) as Instruction, a),
  };
  // Every range used stays within i32, so the i32 it bounds did not wrap.
  let valid: Value = yes;
  const int = (v: Value): { lo: Value; hi: Value } | undefined => {
    if (!v.getType().isIntegerTy(32)) return undefined;
    if (v instanceof l.ConstantInt) {
      const c = l.ConstantInt.get(i64, Number(v.getSExtValue()));
      return { lo: c, hi: c };
    }
    if (v instanceof l.Argument) {
      const g = given(v.getArgNo());
      if (!g) return undefined;
      if ('lo' in g) return g;
      const c = b.CreateSExt(g, i64);
      return { lo: c, hi: c };
    }
    const a = v instanceof l.Instruction ? known.get(v) : undefined;
    return a && 'lo' in a ? a : undefined;
  };
  const bool = (v: Value): { yes: Value; no: Value } => {
    if (v instanceof l.ConstantInt && v.getType().isIntegerTy(1)) {
      return v.getZExtValue() ? { yes, no } : { yes: no, no: yes };
    }
    const a = v instanceof l.Instruction ? known.get(v) : undefined;
    return a && 'yes' in a ? a : { yes: no, no: no };
  };
  const min = (x: Value, y: Value) => b.CreateSelect(b.CreateICmpSLT(x, y), x, y);
  const max = (x: Value, y: Value) => b.CreateSelect(b.CreateICmpSLT(x, y), y, x);
  const arithmetic = (op: string, x: { lo: Value; hi: Value }, y: { lo: Value; hi: Value }) => {
    if (op === 'add') return { lo: b.CreateAdd(x.lo, y.lo), hi: b.CreateAdd(x.hi, y.hi) };
    if (op === 'sub') return { lo: b.CreateSub(x.lo, y.hi), hi: b.CreateSub(x.hi, y.lo) };
    const p = [
      b.CreateMul(x.lo, y.lo),
      b.CreateMul(x.lo, y.hi),
      b.CreateMul(x.hi, y.lo),
      b.CreateMul(x.hi, y.hi),
    ];
    return { lo: p.reduce(min), hi: p.reduce(max) };
  };
  const compare = (predicate: string, x: { lo: Value; hi: Value }, y: { lo: Value; hi: Value }) => {
    switch (predicate) {
      case 'slt':
        return { yes: b.CreateICmpSLT(x.hi, y.lo), no: b.CreateICmpSGE(x.lo, y.hi) };
      case 'sle':
        return { yes: b.CreateICmpSLE(x.hi, y.lo), no: b.CreateICmpSGT(x.lo, y.hi) };
      case 'sgt':
        return { yes: b.CreateICmpSGT(x.lo, y.hi), no: b.CreateICmpSLE(x.hi, y.lo) };
      case 'sge':
        return { yes: b.CreateICmpSGE(x.lo, y.hi), no: b.CreateICmpSLT(x.hi, y.lo) };
      default:
        return undefined;
    }
  };
  const inRegion = new Set(region.map((i) => keys.find(i)));
  const rest = widened.filter((w) => !inRegion.has(keys.find(w)));
  for (const i of [...region, ...rest]) {
    const op = i.getOpcodeName();
    const operands = Array.from({ length: i.getNumOperands() }, (_, k) => i.getOperand(k));
    const [x, y, z] = operands;
    if ((op === 'add' || op === 'sub' || op === 'mul') && x && y) {
      const [p, q] = [int(x), int(y)];
      if (!p || !q || !i.getType().isIntegerTy(32)) continue;
      const r = arithmetic(op, p, q);
      const fits = b.CreateAnd(
        b.CreateICmpSGE(r.lo, l.ConstantInt.get(i64, -(2 ** 31))),
        b.CreateICmpSLE(r.hi, l.ConstantInt.get(i64, 2 ** 31 - 1)),
      );
      valid = b.CreateAnd(valid, fits);
      known.set(i, r);
    } else if (op === 'icmp' && x && y) {
      const [p, q] = [int(x), int(y)];
      // The predicate is the word after `icmp` in the printed instruction.
      const predicate = /= icmp (\w+) /.exec(i.print())?.[1] ?? '';
      const r = p && q && compare(predicate, p, q);
      if (r) known.set(i, r);
    } else if (i.getType().isIntegerTy(1) && (op === 'and' || op === 'or' || op === 'xor') && x && y) {
      const [p, q] = [bool(x), bool(y)];
      if (op === 'and') known.set(i, { yes: b.CreateAnd(p.yes, q.yes), no: b.CreateOr(p.no, q.no) });
      else if (op === 'or') known.set(i, { yes: b.CreateOr(p.yes, q.yes), no: b.CreateAnd(p.no, q.no) });
      else {
        // x ^ y is surely true where one is surely true and the other surely false.
        const differ = b.CreateOr(b.CreateAnd(p.yes, q.no), b.CreateAnd(p.no, q.yes));
        const agree = b.CreateOr(b.CreateAnd(p.yes, q.yes), b.CreateAnd(p.no, q.no));
        known.set(i, { yes: differ, no: agree });
      }
    } else if (op === 'select' && i.getType().isIntegerTy(1) && x && y && z) {
      const [c, p, q] = [bool(x), bool(y), bool(z)];
      const pick = (k: 'yes' | 'no') =>
        b.CreateOr(b.CreateOr(b.CreateAnd(c.yes, p[k]), b.CreateAnd(c.no, q[k])), b.CreateAnd(p[k], q[k]));
      known.set(i, { yes: pick('yes'), no: pick('no') });
    } else if (op === 'phi' && i.getType().isIntegerTy(1)) {
      // Whatever edge came in, the value is one of the incoming ones.
      const incoming = operands.map(bool);
      known.set(i, {
        yes: incoming.reduce<Value>((acc, v) => b.CreateAnd(acc, v.yes), yes),
        no: incoming.reduce<Value>((acc, v) => b.CreateAnd(acc, v.no), yes),
      });
    }
  }
  // Arithmetic the block cannot bound (an argument it was not given) is not proven not to wrap.
  const unbounded = widened.some((w) => !known.get(w));
  const c = guard ? bool(guard.condition) : { yes, no };
  keys.release();
  if (unbounded) return no;
  const proven = guard?.negate ? c.no : c.yes;
  // Constant false where nothing is known: the caller then builds no proven copy.
  return proven instanceof l.ConstantInt && !proven.getZExtValue() ? proven : b.CreateAnd(valid, proven);
}
