/**
 * The count of a wait for groups (`gpu.copyAsyncWait(n)`, `gpu.matrixWarpgroupWait(n, acc)`)
 * written as a float (`Math.floor(H)` of a scope value, whose type is `f64`): it must be a
 * non-negative integer once the module is optimised, where inlining, unrolling and constant
 * folding have made it a constant. It reaches the targets' lowerings as an i32 through a
 * placeholder call that {@link resolveWaitCounts} replaces by that integer after optimisation,
 * or refuses at the wait's line. An integer count reaches them as it is (a target makes one that
 * is not constant, or negative, wait for every group).
 */
import type { CompileError } from '../../frontend/errors.js';
import { f64, isFloat, type Type } from '../../frontend/types.js';
import { llvm } from '../../llvm/load.js';
import { declareFunction } from '../../llvm/module.js';
import type { CallInst, ConstantFP, ConstantInt, Module, Value } from '../../llvm/types.js';
import { kernelCache } from '../../support/cache-limits.js';
import type { IntrinsicContext } from './intrinsics.js';

const PLACEHOLDER = 'gpuc.wait.count';

/** The intrinsics whose first argument is a wait's count. */
export const WAITS: ReadonlySet<string> = new Set(['gpu.copyAsyncWait', 'gpu.matrixWarpgroupWait']);

/**
 * The refusal of each float count's wait, by the serial number its placeholder passes (a module
 * linked into another keeps its numbers), until a few kernels later: a compile resolves its own.
 */
const refusals = kernelCache<CompileError>();
let serial = 0;

/**
 * A wait's count as its lowering takes it: an integer as it is, a float as an i32 that
 * {@link resolveWaitCounts} makes its value, or `refusal` where that is no non-negative integer.
 */
export function waitCount(
  cx: Pick<IntrinsicContext, 'builder' | 'module' | 'convert'>,
  count: Value,
  type: Type,
  refusal: () => CompileError,
): Value {
  if (!isFloat(type)) return count;
  const l = llvm();
  const context = cx.module.getContext();
  const i32 = l.Type.getInt32Ty(context);
  const placeholder = declareFunction(cx.module, PLACEHOLDER, i32, [l.Type.getDoubleTy(context), i32]);
  const id = serial++ % 2 ** 31;
  refusals().set(String(id), refusal());
  // Not free of effects: it stays where its count is unused (a target whose waits do nothing),
  // so that every target checks it.
  return cx.builder.CreateCall(placeholder.getFunctionType(), placeholder.getCallee(), [
    cx.convert(count, type, f64),
    l.ConstantInt.get(i32, id),
  ]);
}

/**
 * Replaces each placeholder of {@link waitCount} by its count, a non-negative integer constant
 * once the module is optimised; throws the refusal of the first that is none.
 */
export function resolveWaitCounts(module: Module): void {
  const placeholder = module.getFunction(PLACEHOLDER);
  if (!placeholder) return;
  const l = llvm();
  const i32 = l.Type.getInt32Ty(module.getContext());
  for (const call of placeholder.getUsers() as CallInst[]) {
    const count = call.getArgOperand(0);
    const n = count instanceof l.ConstantFP ? (count as ConstantFP).getValue() : Number.NaN;
    if (!(Number.isInteger(n) && n >= 0 && n < 2 ** 31)) {
      const id = (call.getArgOperand(1) as ConstantInt).getSExtValue();
      throw (
        refusals().get(String(id)) ??
        new Error(`gpuc: the refusal of a wait's count was dropped (${id}); compile the kernel again`)
      );
    }
    call.replaceAllUsesWith(l.ConstantInt.get(i32, n));
    call.eraseFromParent();
  }
  placeholder.eraseFromParent();
}
