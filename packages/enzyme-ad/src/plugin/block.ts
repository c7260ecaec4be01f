/**
 * Block-accumulated shadow additions on NVIDIA GPUs. Where every thread of a kernel adds into
 * the same few shadow elements (a weight vector), warp aggregation (warp.ts) still makes one
 * atomic addition per warp and element, and those of the whole grid queue at one L2 line
 * (measured on an H100: 1.36 ns an addition there, lane by lane or warp by warp alike). Here
 * each warp's sum goes into a slot in the block's shared memory, and the block's last thread to
 * finish adds each slot into global memory: one addition per block and element.
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
 *   counter (acquire-release at block scope); the leader that brings it to the block's size
 *   adds each slot whose address was written into global memory.
 *
 * A thread that ends by a device exception never counts, so its block never adds: the launch
 * fails anyway. Shared memory grows by 16 bytes a slot (at most `SLOTS`), and 8.
 */
import {
  addGlobal,
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
  const offsets = new Map(deferred.map((add, i) => [add, 8 + i * SLOT_BYTES] as const));
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

  // Each return: the last thread of the block adds the slots into global memory.
  const returns = fn
    .getBasicBlocks()
    .map((block) => block.getTerminator())
    .filter((t): t is Instruction => t !== null && t.getOpcodeName() === 'ret');
  for (const ret of returns) {
    const at = new l.IRBuilder(ret);
    const { mask, rank, count } = lanesHere(at, module);
    callByName(at, module, 'llvm.nvvm.bar.warp.sync', void_, [mask]);
    const tally = l.BasicBlock.Create(context, 'ad.tally', fn);
    const flush = l.BasicBlock.Create(context, 'ad.flush', fn);
    const done = l.BasicBlock.Create(context, 'ad.done', fn);
    at.CreateCondBr(at.CreateICmpEQ(rank, l.ConstantInt.get(i32, 0)), tally, done);
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
    at.CreateCondBr(at.CreateICmpEQ(at.CreateAdd(before, count), size), flush, done);
    at.SetInsertPoint(flush);
    for (const [add, offset] of offsets) {
      const f64 = add.getOperand(1).getType().isDoubleTy();
      const space = add.getOperand(0).getType().getPointerAddressSpace() === 1 ? '.global' : '';
      const type = l.FunctionType.get(void_, [ptr], false);
      const kind = f64 ? 'f64' : 'f32';
      const asm = l.InlineAsm.get(
        type,
        `{ .reg .pred p; .reg .b64 a; .reg .${kind} v; ld.shared.b64 a, [$0+${offset + 8}]; ` +
          `ld.shared.${kind} v, [$0+${offset}]; setp.ne.b64 p, a, 0; @p red${space}.add.${kind} [a], v; }`,
        'l,~{memory}',
        true,
      );
      at.CreateCall(type, asm, [base]);
    }
    at.CreateBr(done);
    at.SetInsertPoint(done);
    at.CreateRetVoid();
  }
  return { base, offsets };
}
