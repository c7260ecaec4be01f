/**
 * A native thread's count of its warp operations, whose parity picks the half of the lane buffer
 * each exchange uses (see `exchange` in intrinsics.ts): a lane that has not yet read the values
 * of one warp operation keeps them while the lanes ahead of it write the next one's.
 *
 * Each function with warp operations counts them in a stack slot of its own, set to 0 at its
 * entry. Only the kernel becomes a coroutine, so device functions with warp operations are
 * inlined into it; their slots then become the kernel's one slot, set to 0 once at the kernel's
 * entry. Left apart, each inlined call restarted its count at 0, and two calls in a row (or one
 * call in a loop) used the same half: lanes not yet resumed read the next call's values.
 */
import { llvm } from '../llvm/load.js';
import type { Instruction, IRBuilder, LLVMFunction, Module, Value } from '../llvm/types.js';
import { dropLifetimeMarkers } from './inline.js';

const NAME = 'gpuc.warp.parity';

/** The count's slot in the function `builder` writes, made (and set to 0) at its entry on first use. */
export function paritySlot(builder: IRBuilder): Value {
  const l = llvm();
  const fn = builder.GetInsertBlock()?.getParent() as LLVMFunction;
  const entry = fn.getEntryBlock();
  const found = entry.getInstructions().find((inst) => inst.getName() === NAME);
  if (found) return found;
  const first = entry.getFirstNonPHI();
  const at = first ? new l.IRBuilder(first) : new l.IRBuilder(entry);
  const i32 = l.Type.getInt32Ty((fn.getParent() as Module).getContext());
  const slot = at.CreateAlloca(i32, null, NAME);
  at.CreateStore(l.ConstantInt.get(i32, 0), slot);
  return slot;
}

/**
 * Makes the count slots of the functions inlined into `kernel` its own one slot, set to 0 at its
 * entry only. A slot's setting to 0 is the one store of a constant into it (each warp operation
 * stores its count's flipped parity, computed from a load).
 */
export function unifyParity(kernel: LLVMFunction): void {
  const l = llvm();
  const slots = kernel
    .getBasicBlocks()
    .flatMap((block) => block.getInstructions())
    .filter((inst) => inst.getOpcodeName() === 'alloca' && inst.getName().startsWith(NAME));
  const [kept, ...inlined] = slots;
  if (!kept) return;
  for (const slot of slots) {
    dropLifetimeMarkers(slot);
    for (const user of slot.getUsers())
      if (user instanceof l.StoreInst && user.getOperand(0) instanceof l.Constant)
        (user as Instruction).eraseFromParent();
  }
  for (const slot of inlined) {
    slot.replaceAllUsesWith(kept);
    slot.eraseFromParent();
  }
  const i32 = l.Type.getInt32Ty((kernel.getParent() as Module).getContext());
  new l.IRBuilder(kept.getNextNode() as Instruction).CreateStore(l.ConstantInt.get(i32, 0), kept);
}
