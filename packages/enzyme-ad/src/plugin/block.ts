/**
 * Block-accumulated shadow additions on NVIDIA GPUs. Where every thread of a kernel adds into
 * the same few shadow elements (a weight vector), warp aggregation (warp.ts) still makes one
 * atomic addition per warp and element, and those of the whole grid queue at one L2 line
 * (measured on an H100: 1.36 ns an addition there, lane by lane or warp by warp alike). Here
 * each warp's sum goes into a slot in the block's shared memory, and the block's last warp to
 * finish adds the slots into global memory: one addition per block and element, a slot a lane
 * (one instruction for up to 32 slots of a kind).
 *
 * Which additions: a kernel's aggregatable additions (warp.ts) whose address is provably the
 * same for the whole block (uniform.ts's `blockInvariant`: arguments, constants, the block's
 * geometry), into an array that nothing else in the kernel reads, writes or passes on (every
 * use of its argument ends in such an addition or in a comparison): so no code of the kernel
 * can see the shadow before the block's additions land, with or without barriers.
 *
 * The kernel then
 * - at its entry, before anything: thread 0 zeroes the slots and a counter; a block barrier
 *   (every thread of the block is there, before any branch);
 * - at each deferred addition: the warp's leader adds the warp's sum into its slot and writes
 *   the element's address beside it (`red`/`st` relaxed at block scope);
 * - at each `ret`: the lanes there sync as a warp, their leader adds their number to the
 *   counter (acquire-release at block scope); where that brings it to the block's size, the
 *   leader tells its lanes (a shuffle), and after a warp barrier (which orders the leader's
 *   acquire before their reads) each lane adds its share of the slots whose address was
 *   written into global memory.
 *
 * A thread that ends by a device exception never counts, so its block never adds: the launch
 * fails anyway. Shared memory grows by 16 bytes a slot (at most `SLOTS`), and 8.
 */
import {
  addGlobal,
  type BasicBlock,
  callByName,
  type Instruction,
  type IRBuilder,
  type LLVMFunction,
  llvm,
  type Module,
  type Value,
} from '@gpuc/core/llvm';
import { blockInvariant } from './uniform.js';

/** The most shadow elements a kernel accumulates in shared memory. */
const SLOTS = 32;
/** Bytes a slot takes: its sum, then its element's address. */
const SLOT_BYTES = 16;
/** Instructions through which an address is only computed or compared, never used to touch memory. */
const COMPUTES = new Set([
  'getelementptr',
  'bitcast',
  'addrspacecast',
  'ptrtoint',
  'inttoptr',
  'extractvalue',
  'select',
  'phi',
  'freeze',
  'add',
  'sub',
  'mul',
  'and',
  'or',
  'xor',
  'shl',
  'lshr',
  'ashr',
  'trunc',
  'zext',
  'sext',
]);

/** Slots in a kernel's shared memory for additions deferred to the end of each block. */
export interface BlockSlots {
  /** The shared array of slots (a counter, then `SLOT_BYTES` a slot). */
  readonly base: Value;
  /** Each deferred addition's byte offset in `base`. */
  readonly offsets: Map<Instruction, number>;
}

/** The kernel arguments holding a pointer (an array) that `value` is computed from. */
function arraysOf(value: Value, found: Set<Value>, seen = new Set<Value>()): void {
  const l = llvm();
  if (seen.has(value)) return;
  seen.add(value);
  const type = value.getType();
  if (value instanceof l.Argument) {
    if (type.isPointerTy() || type.isStructTy()) found.add(value);
  } else if (value instanceof l.Instruction)
    for (let i = 0; i < value.getNumOperands(); i++) arraysOf(value.getOperand(i), found, seen);
}

/**
 * Whether every use of `root` (through computations) is the address of one of `additions` or
 * a comparison: nothing reads or writes its memory but them, and it goes nowhere else.
 */
function onlyAddedTo(root: Value, additions: readonly Instruction[]): boolean {
  const l = llvm();
  const seen: Value[] = [];
  const pending = [root];
  for (let value = pending.pop(); value !== undefined; value = pending.pop()) {
    for (const user of value.getUsers()) {
      if (!(user instanceof l.Instruction)) return false;
      const op = user.getOpcodeName();
      if (op === 'icmp') continue;
      if (additions.some((add) => add.isSame(user)) && user.getOperand(0).isSame(value)) continue;
      if (!COMPUTES.has(op)) return false;
      if (!seen.some((s) => s.isSame(user))) {
        seen.push(user);
        pending.push(user);
      }
    }
  }
  return true;
}

/**
 * Of a kernel's aggregatable `additions`, those to defer to the end of each block (see the
 * file's comment): none where the `adBlockAccumulate` param is false, before sm_70 (scoped
 * relaxed and acquire-release operations), outside kernels, in a kernel without a return, or
 * past `SLOTS`.
 */
export function deferredAdditions(
  fn: LLVMFunction,
  additions: readonly Instruction[],
  sm: number,
  params: Readonly<Record<string, unknown>>,
): Instruction[] {
  const l = llvm();
  if (params.adBlockAccumulate === false || sm < 70 || fn.getCallingConv() !== l.CallingConv.PTX_Kernel)
    return [];
  // A kernel that never returns would never add its slots.
  if (!fn.getBasicBlocks().some((block) => block.getTerminator()?.getOpcodeName() === 'ret')) return [];
  const deferred = additions.filter((add) => {
    const address = add.getOperand(0);
    if (!blockInvariant(fn, address)) return false;
    // An index from an integer argument may be used anywhere; the arrays may not.
    const roots = new Set<Value>();
    arraysOf(address, roots);
    return roots.size > 0 && [...roots].every((root) => onlyAddedTo(root, additions));
  });
  return deferred.length <= SLOTS ? deferred : [];
}

/** The kernel's lanes that reach this point together: mask, rank among them, their number. */
function lanesHere(b: IRBuilder, module: Module) {
  const l = llvm();
  const i32 = l.Type.getInt32Ty(module.getContext());
  const mask = callByName(b, module, 'llvm.nvvm.activemask', i32, []);
  const below = callByName(b, module, 'llvm.nvvm.read.ptx.sreg.lanemask.lt', i32, []);
  const rank = callByName(b, module, 'llvm.ctpop.i32', i32, [b.CreateAnd(mask, below)]);
  return { mask, rank, count: callByName(b, module, 'llvm.ctpop.i32', i32, [mask]) };
}

/** The global addition a slot makes: f64 or f32, into global or generic memory. */
interface Flush {
  readonly key: string;
  readonly kind: 'f64' | 'f32';
  /** The PTX state space `red` names (generic: none). */
  readonly space: string;
}

function flushOf(add: Instruction): Flush {
  const kind = add.getOperand(1).getType().isDoubleTy() ? 'f64' : 'f32';
  const space = add.getOperand(0).getType().getPointerAddressSpace() === 1 ? '.global' : '';
  return { key: `${kind}${space}`, kind, space };
}

/**
 * Adds a group's slots (from the `first`-th) into global memory: the lane of rank r adds slots
 * r, r + count, ...; so one `red` instruction of the warp adds up to 32 slots. Added one by one,
 * a block's weights (neighbours, one L2 line) queued at that line one request each; a warp's
 * instruction over elements of one line goes there coalesced, as a warp's additions into its
 * own elements do (bench/ad's shared-weights row measures the difference).
 * Emitted from block `from`, where `at` is; returns the block after the group's loop.
 */
function flushGroup(
  at: IRBuilder,
  module: Module,
  fn: LLVMFunction,
  from: BasicBlock,
  group: Flush & { base: Value; rank: Value; count: Value; first: number; members: readonly Instruction[] },
): BasicBlock {
  const l = llvm();
  const context = module.getContext();
  const i32 = l.Type.getInt32Ty(context);
  const int = (v: number) => l.ConstantInt.get(i32, v);
  const head = l.BasicBlock.Create(context, 'ad.flush.head', fn);
  const body = l.BasicBlock.Create(context, 'ad.flush.slot', fn);
  const next = l.BasicBlock.Create(context, 'ad.flush.next', fn);
  at.CreateBr(head);
  at.SetInsertPoint(head);
  const slot = at.CreatePHI(i32, 2);
  at.CreateCondBr(at.CreateICmpULT(slot, int(group.members.length)), body, next);
  at.SetInsertPoint(body);
  const offset = at.CreateAdd(int(8 + group.first * SLOT_BYTES), at.CreateMul(slot, int(SLOT_BYTES)));
  const address = at.CreateGEP(l.Type.getInt8Ty(context), group.base, [offset]);
  const type = l.FunctionType.get(l.Type.getVoidTy(context), [address.getType()], false);
  const { kind, space } = group;
  const asm = l.InlineAsm.get(
    type,
    `{ .reg .pred p; .reg .b64 a; .reg .${kind} v; ld.shared.b64 a, [$0+8]; ` +
      `ld.shared.${kind} v, [$0]; setp.ne.b64 p, a, 0; @p red${space}.add.${kind} [a], v; }`,
    'l,~{memory}',
    true,
  );
  at.CreateCall(type, asm, [address]);
  const step = at.CreateAdd(slot, group.count);
  at.CreateBr(head);
  slot.addIncoming(group.rank, from);
  slot.addIncoming(step, body);
  at.SetInsertPoint(next);
  return next;
}

/**
 * Gives `deferred` (additions of kernel `fn`) their slots, and adds to `fn` the slots' zeroing
 * at its entry and their additions into global memory at its returns.
 */
export function blockSlots(module: Module, fn: LLVMFunction, deferred: readonly Instruction[]): BlockSlots {
  const l = llvm();
  const context = module.getContext();
  const i32 = l.Type.getInt32Ty(context);
  const i64 = l.Type.getInt64Ty(context);
  const void_ = l.Type.getVoidTy(context);
  const words = 1 + (deferred.length * SLOT_BYTES) / 8;
  const base = addGlobal(module, {
    name: 'gpuc_ad_block_slots',
    type: l.ArrayType.get(i64, words),
    init: 'undef',
    linkage: 'internal',
    addressSpace: 3,
    alignment: 16,
  });
  // Slots grouped by the addition they make (f64 or f32, into global or generic memory), each
  // group's consecutive: the flushing warp's lanes add a group's slots in one instruction.
  const groups = new Map<string, Flush & { members: Instruction[] }>();
  for (const add of deferred) {
    const flush = flushOf(add);
    const group = groups.get(flush.key) ?? { ...flush, members: [] };
    group.members.push(add);
    groups.set(flush.key, group);
  }
  const ordered = [...groups.values()].flatMap((g) => g.members);
  const offsets = new Map(ordered.map((add, i) => [add, 8 + i * SLOT_BYTES] as const));
  const ptr = base.getType();
  const sreg = (b: IRBuilder, name: string) =>
    callByName(b, module, `llvm.nvvm.read.ptx.sreg.${name}`, i32, []);

  // Entry: thread 0 zeroes every word; the barrier makes the zeros the block's before any use.
  const entry = fn.getEntryBlock().getFirstNonPHI();
  if (!entry) throw new Error('gpuc: a kernel without instructions');
  const b = new l.IRBuilder(entry);
  const first = b.CreateOr(sreg(b, 'tid.x'), b.CreateOr(sreg(b, 'tid.y'), sreg(b, 'tid.z')));
  const stores = Array.from({ length: words }, (_, w) => `@p st.shared.b64 [$0+${w * 8}], 0;`).join(' ');
  const zeroType = l.FunctionType.get(void_, [ptr, i32], false);
  const zero = l.InlineAsm.get(
    zeroType,
    `{ .reg .pred p; setp.eq.b32 p, $1, 0; ${stores} }`,
    'l,r,~{memory}',
    true,
  );
  b.CreateCall(zeroType, zero, [base, first]);
  callByName(b, module, 'llvm.nvvm.barrier0', void_, []);

  // Each return: the lanes there tally; the warp whose tally completes the block adds the slots.
  const returns = fn
    .getBasicBlocks()
    .map((block) => block.getTerminator())
    .filter((t): t is Instruction => t !== null && t.getOpcodeName() === 'ret');
  const int = (v: number) => l.ConstantInt.get(i32, v);
  for (const ret of returns) {
    const here = ret.getParent();
    if (!here) throw new Error('gpuc: a return outside a block');
    const at = new l.IRBuilder(ret);
    const { mask, rank, count } = lanesHere(at, module);
    const leader = callByName(at, module, 'llvm.cttz.i32', i32, [mask, l.ConstantInt.getTrue(context)]);
    callByName(at, module, 'llvm.nvvm.bar.warp.sync', void_, [mask]);
    const tally = l.BasicBlock.Create(context, 'ad.tally', fn);
    const join = l.BasicBlock.Create(context, 'ad.join', fn);
    const flush = l.BasicBlock.Create(context, 'ad.flush', fn);
    const done = l.BasicBlock.Create(context, 'ad.done', fn);
    at.CreateCondBr(at.CreateICmpEQ(rank, int(0)), tally, join);
    ret.eraseFromParent();
    at.SetInsertPoint(tally);
    // Inline: NVPTX drops an atomicrmw's ordering on shared memory.
    const tallyType = l.FunctionType.get(i32, [ptr, i32], false);
    const add = l.InlineAsm.get(
      tallyType,
      'atom.acq_rel.cta.shared.add.u32 $0, [$1], $2;',
      '=r,l,r,~{memory}',
      true,
    );
    const before = at.CreateCall(tallyType, add, [base, count]);
    const size = at.CreateMul(sreg(at, 'ntid.x'), at.CreateMul(sreg(at, 'ntid.y'), sreg(at, 'ntid.z')));
    const completes = at.CreateZExt(at.CreateICmpEQ(at.CreateAdd(before, count), size), i32);
    at.CreateBr(join);
    at.SetInsertPoint(join);
    const leaderSays = at.CreatePHI(i32, 2);
    leaderSays.addIncoming(int(0), here);
    leaderSays.addIncoming(completes, tally);
    // Every lane here learns the leader's answer.
    const last = callByName(at, module, 'llvm.nvvm.shfl.sync.idx.i32', i32, [
      mask,
      leaderSays,
      leader,
      int(31),
    ]);
    at.CreateCondBr(at.CreateICmpNE(last, int(0)), flush, done);
    at.SetInsertPoint(flush);
    // Orders the leader's acquire (after which every warp's slots are visible) before the
    // other lanes' reads of the slots.
    callByName(at, module, 'llvm.nvvm.bar.warp.sync', void_, [mask]);
    let from = flush;
    let first = 0;
    for (const group of groups.values()) {
      from = flushGroup(at, module, fn, from, { base, rank, count, first, ...group });
      first += group.members.length;
    }
    at.CreateBr(done);
    at.SetInsertPoint(done);
    at.CreateRetVoid();
  }
  return { base, offsets };
}
