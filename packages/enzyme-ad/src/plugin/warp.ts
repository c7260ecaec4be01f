/**
 * Warp-aggregated shadow additions on NVIDIA GPUs. Where the threads of a warp add into one
 * shadow element (a weight every thread reads, indexed by a loop counter or a constant), each
 * thread's atomic addition waits for the one before it at that address: 32 in a row per warp.
 * Here the warp adds its amounts first, with shuffles, and one lane makes the addition.
 *
 * Which additions: a derivative's (an `atomicrmw fadd` with AD's alias scopes and an unused
 * result, f32, or f64 from sm_60) into global or generic memory, whose address uniform.ts
 * finds likely the same across the warp. For each run of them in a block with no other memory
 * access between, in place of the run, before its last addition:
 *
 *   mask = activemask (the lanes here together); leader = its lowest lane
 *   together = vote.all(mask, each address equals the leader's (a shuffle per 32-bit word))
 *   per addition: sum = a tree sum of the amounts over the mask's lanes by rank (5 shuffles a
 *                 word; the leader, rank 0, ends with the whole sum)
 *                 @(!together || rank == 0) red.add [address], together ? sum : amount
 *
 * Any mask works (a warp partial there, by divergence or at the end of a block, sums its active
 * lanes), and the result is right whatever the guess: a warp whose addresses differ adds lane by
 * lane, as before. Without branches (the LLVM binding splits no blocks, and none are needed):
 * the predicated `red` is inline PTX.
 *
 * The leader adds for the others, so another lane's later read of that element need not see its
 * amount: no derivative reads one back. An element a thread reads back in the call is one the
 * primal writes, which no other thread may then touch (the primal is free of races), so its
 * address is never the whole warp's.
 *
 * The sum's order differs from the atomics' (a tree in the warp, then the warps in whatever
 * order they come), so the shadow's last bits may too; atomic accumulation has no fixed order
 * anyway (the package's README says so).
 *
 * Additions whose address the whole block shares go one step further (block.ts): the leader
 * adds into a slot in shared memory, and the block adds each slot once; they need no vote.
 */
import type { Job } from '@gpuc/core/compiler';
import {
  callByName,
  type Instruction,
  type LLVM,
  type LLVMFunction,
  llvm,
  type Module,
  type Value,
} from '@gpuc/core/llvm';
import { type BlockSlots, blockSlots, deferredAdditions } from './block.js';
import { ACCESSES, ORDERED, touchesNone } from './late.js';
import { likelyUniform } from './uniform.js';

const WARP = 32;

/** The PTX state space `red` names for an address space (generic: none). */
const SPACES: Readonly<Record<number, string>> = { 0: '', 1: '.global' };

/** Whether `inst` is a derivative's shadow addition that may be aggregated. */
function aggregatable(inst: Instruction, sm: number): boolean {
  if (inst.getOpcodeName() !== 'atomicrmw' || !inst.use_empty() || inst.getMetadata('noalias') === null)
    return false;
  // Not a volatile one: each of those is an access of its own.
  if (!/^\s*%?[\w.]*\s*=?\s*atomicrmw fadd /.test(inst.print())) return false;
  const type = inst.getOperand(1).getType();
  if (!(type.isFloatTy() || (type.isDoubleTy() && sm >= 60))) return false;
  return SPACES[inst.getOperand(0).getType().getPointerAddressSpace()] !== undefined;
}

/** Whether `inst` may touch memory: a run of additions ends there. */
function touchesMemory(inst: Instruction): boolean {
  const op = inst.getOpcodeName();
  if (ACCESSES.has(op)) return true;
  if (!ORDERED.has(op)) return false;
  return op !== 'call' || !touchesNone((inst as InstanceType<LLVM['CallInst']>).getCalledFunction());
}

/**
 * `fn`'s aggregatable additions, and their runs at likely uniform addresses, each in one block
 * with no memory access between.
 */
function runs(fn: LLVMFunction, sm: number): { additions: Instruction[]; runs: Instruction[][] } {
  const additions: Instruction[] = [];
  const found: Instruction[][] = [];
  for (const block of fn.getBasicBlocks()) {
    let run: Instruction[] = [];
    const end = () => {
      if (run.length > 0) found.push(run);
      run = [];
    };
    for (const inst of block.getInstructions() as Instruction[]) {
      const addition = aggregatable(inst, sm);
      if (addition) additions.push(inst);
      if (addition && likelyUniform(fn, inst.getOperand(0))) run.push(inst);
      else if (touchesMemory(inst)) end();
    }
    end();
  }
  return { additions, runs: found };
}

/**
 * Aggregates one run of additions (see the file's comment); those with a slot in `slots` go
 * into the block's shared memory instead (block.ts), their addresses known to agree.
 */
function aggregate(module: Module, run: readonly Instruction[], slots: BlockSlots | undefined): void {
  const l = llvm();
  const context = module.getContext();
  const i32 = l.Type.getInt32Ty(context);
  const i64 = l.Type.getInt64Ty(context);
  const i1 = l.Type.getInt1Ty(context);
  const b = new l.IRBuilder(run[run.length - 1] as Instruction);
  const int = (v: number) => l.ConstantInt.get(i32, v);
  const sreg = (name: string) => callByName(b, module, `llvm.nvvm.read.ptx.sreg.${name}`, i32, []);
  const mask = callByName(b, module, 'llvm.nvvm.activemask', i32, []);
  const lane = sreg('laneid');
  const rank = callByName(b, module, 'llvm.ctpop.i32', i32, [b.CreateAnd(mask, sreg('lanemask.lt'))]);
  const leader = callByName(b, module, 'llvm.cttz.i32', i32, [mask, l.ConstantInt.getFalse(context)]);
  /** A value as lane `from` has it: a shuffle per 32-bit word. */
  const shuffled = (value: Value, from: Value): Value => {
    const shuffle = (word: Value) =>
      callByName(b, module, 'llvm.nvvm.shfl.sync.idx.i32', i32, [mask, word, from, int(WARP - 1)]);
    const type = value.getType();
    if (type.getPrimitiveSizeInBits() === 32)
      return b.CreateBitCast(shuffle(b.CreateBitCast(value, i32)), type);
    const bits = type.isPointerTy() ? b.CreatePtrToInt(value, i64) : b.CreateBitCast(value, i64);
    const low = shuffle(b.CreateTrunc(bits, i32));
    const high = shuffle(b.CreateTrunc(b.CreateLShr(bits, l.ConstantInt.get(i64, 32)), i32));
    const joined = b.CreateOr(
      b.CreateZExt(low, i64),
      b.CreateShl(b.CreateZExt(high, i64), l.ConstantInt.get(i64, 32)),
    );
    return type.isPointerTy() ? b.CreateIntToPtr(joined, type) : b.CreateBitCast(joined, type);
  };
  const checked = run.filter((add) => !slots?.offsets.has(add));
  let same: Value = l.ConstantInt.getTrue(context);
  for (const add of checked) {
    const address = add.getOperand(0);
    same = b.CreateAnd(same, b.CreateICmpEQ(address, shuffled(address, leader)));
  }
  const together =
    checked.length > 0 ? callByName(b, module, 'llvm.nvvm.vote.all.sync', i1, [mask, same]) : same;
  // The tree's steps, shared by the run: at step d the lane of rank r (a multiple of 2d) adds
  // the partial sum of the lane of rank r + d, found by `fns` (PTX: the (d+1)-th set bit of the
  // mask from this lane's), where there is one.
  const fnsType = l.FunctionType.get(i32, [i32, i32, i32], false);
  const fns = l.InlineAsm.get(fnsType, 'fns.b32 $0, $1, $2, $3;', '=r,r,r,r', false);
  const steps: { from: Value; takes: Value }[] = [];
  for (let d = 1; d < WARP; d *= 2) {
    const found = b.CreateCall(fnsType, fns, [mask, lane, int(d + 1)]);
    const takes = b.CreateAnd(
      b.CreateICmpEQ(b.CreateAnd(rank, int(2 * d - 1)), int(0)),
      b.CreateICmpNE(found, int(-1)),
    );
    steps.push({ from: b.CreateAnd(found, int(WARP - 1)), takes });
  }
  const adds = b.CreateZExt(b.CreateOr(b.CreateNot(together), b.CreateICmpEQ(rank, int(0))), i32);
  for (const add of run) {
    const address = add.getOperand(0);
    const amount = add.getOperand(1);
    let sum = amount;
    for (const { from, takes } of steps)
      sum = b.CreateSelect(takes, b.CreateFAdd(sum, shuffled(sum, from)), sum);
    const f64 = amount.getType().isDoubleTy();
    const offset = slots?.offsets.get(add);
    if (slots && offset !== undefined) {
      // The leader adds the warp's sum into the slot and writes the element's address beside it.
      const kind = f64 ? 'f64' : 'f32';
      const type = l.FunctionType.get(
        l.Type.getVoidTy(context),
        [slots.base.getType(), amount.getType(), address.getType(), i32],
        false,
      );
      const asm = l.InlineAsm.get(
        type,
        `{ .reg .pred p; setp.eq.b32 p, $3, 0; @p red.relaxed.cta.shared.add.${kind} [$0+${offset}], $1; ` +
          `@p st.relaxed.cta.shared.b64 [$0+${offset + 8}], $2; }`,
        `l,${f64 ? 'd' : 'f'},l,r,~{memory}`,
        true,
      );
      b.CreateCall(type, asm, [slots.base, sum, address, rank]);
      add.eraseFromParent();
      continue;
    }
    const value = b.CreateSelect(together, sum, amount);
    const space = SPACES[address.getType().getPointerAddressSpace()] as string;
    const type = l.FunctionType.get(
      l.Type.getVoidTy(context),
      [address.getType(), amount.getType(), i32],
      false,
    );
    const asm = l.InlineAsm.get(
      type,
      `{ .reg .pred p; setp.ne.b32 p, $2, 0; @p red${space}.add.${f64 ? 'f64' : 'f32'} [$0], $1; }`,
      `l,${f64 ? 'd' : 'f'},r,~{memory}`,
      true,
    );
    b.CreateCall(type, asm, [address, value, adds]);
    add.eraseFromParent();
  }
}

/**
 * Aggregates, across each warp, the shadow additions of an optimised NVPTX module whose
 * addresses are likely the same for the whole warp; not where the `adWarpAggregate` param is
 * false (each lane adds on its own, as bench/ad compares).
 */
export function warpAdditions(module: Module, job: Job): void {
  if (job.params.adWarpAggregate === false) return;
  const sm = Number(/^sm_(\d+)/.exec(job.target.cpu)?.[1] ?? 0);
  // activemask needs PTX ISA 6.2: LLVM's default from sm_75 (6.3), not for sm_70 (6.0) or sm_72 (6.1).
  const ptx = Number(/\+ptx(\d+)/.exec(job.target.features ?? '')?.[1] ?? (sm >= 75 ? 63 : 60));
  if (sm < 30 || ptx < 62) return;
  for (const fn of module.getFunctions() as LLVMFunction[]) {
    if (fn.isDeclaration()) continue;
    const found = runs(fn, sm);
    const deferred = deferredAdditions(fn, found.additions, sm, job.params);
    const slots = deferred.length > 0 ? blockSlots(module, fn, deferred) : undefined;
    for (const run of found.runs) aggregate(module, run, slots);
  }
}
