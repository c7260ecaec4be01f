/**
 * Zeroing of local arrays as 128-bit stores. A local array starts zeroed with one memset; where
 * the array stays in local memory (indexed at run time), NVPTX lowers a memset of over 128
 * bytes as a loop of one-byte stores whatever its alignment (a 64-float array: 256 stores
 * through a loop). After optimisation, such a memset of a local array becomes straight-line
 * `st.local.v4.b32` stores, the array aligned to 16 bytes for them.
 */
import type { CallInst, LLVMFunction, Module } from '@gpuc/core/llvm';
import { llvm } from '@gpuc/core/llvm';

/** Up to this many bytes, the zeroing is written out (256 stores of 16 bytes at most). */
const LARGEST = 4096;

/** Whether a memset of a local array zeroes a constant count of bytes that stores can write. */
function zeroedLocal(call: CallInst): number | undefined {
  const l = llvm();
  const callee = call.getCalledFunction()?.getName() ?? '';
  if (!callee.startsWith('llvm.memset.') || !(call.getArgOperand(0) instanceof l.AllocaInst))
    return undefined;
  const value = call.getArgOperand(1);
  const length = call.getArgOperand(2);
  if (!(value instanceof l.ConstantInt) || value.getZExtValue() !== 0n) return undefined;
  if (!(length instanceof l.ConstantInt)) return undefined;
  const bytes = Number(length.getZExtValue());
  return bytes <= LARGEST && bytes % 4 === 0 ? bytes : undefined;
}

/** Rewrites each memset that zeroes a local array into 16-byte stores (4-byte ones at its end). */
export function zeroLocalArraysByWords(module: Module): void {
  const l = llvm();
  const context = module.getContext();
  const i8 = l.Type.getInt8Ty(context);
  const i64 = l.Type.getInt64Ty(context);
  const i32 = l.Type.getInt32Ty(context);
  const quad = l.VectorType.get(i32, 4);
  // The calls of the memset declarations, not a walk over every instruction (one wrapper each).
  const memsets = (module.getFunctions() as LLVMFunction[]).filter(
    (fn) => fn.isDeclaration() && fn.getName().startsWith('llvm.memset.'),
  );
  for (const memset of memsets) {
    for (const { user } of memset.getUses()) {
      if (!(user instanceof l.CallInst) || !user.getCalledFunction()?.isSame(memset)) continue;
      const bytes = zeroedLocal(user);
      if (bytes === undefined) continue;
      const array = user.getArgOperand(0) as InstanceType<typeof l.AllocaInst>;
      if (array.getAlignment() < 16) array.setAlignment(16);
      const b = new l.IRBuilder(user);
      for (let offset = 0; offset < bytes; ) {
        const wide = bytes - offset >= 16;
        const at = offset === 0 ? array : b.CreateInBoundsGEP(i8, array, l.ConstantInt.get(i64, offset));
        const store = b.CreateStore(l.Constant.getNullValue(wide ? quad : i32), at);
        store.setAlignment(wide ? 16 : 4);
        offset += wide ? 16 : 4;
      }
      user.eraseFromParent();
    }
  }
}
