/**
 * The count of a wait for groups (`gpu.copyAsyncWait(n)`: `cp.async.wait_group n`;
 * `gpu.matrixWarpgroupWait(n, acc)`: `wgmma.wait_group n`): PTX takes it as an immediate, but the
 * language takes any integer. The lowering passes the count through a placeholder call into
 * inline asm's immediate operand (`n`), and {@link resolvePendingGroups} replaces each
 * placeholder once the module is optimised: by the count where inlining, unrolling and constant
 * folding made it a constant (a count passed to a device function, a loop's), else by 0, waiting
 * for every group, which is never too little.
 */
import type { IntrinsicContext } from '@gpuc/core/compiler';
import {
  type CallInst,
  type ConstantInt,
  declareFunction,
  llvm,
  type Module,
  type Value,
} from '@gpuc/core/llvm';

const PLACEHOLDER = 'gpuc.pending.groups';

/** The count `value` (an i32) as the immediate operand of a wait's inline asm. */
export function pendingGroups(cx: IntrinsicContext, value: Value): Value {
  const l = llvm();
  const i32 = l.Type.getInt32Ty(cx.module.getContext());
  // Already a constant (the usual case): no placeholder, whose call would weigh against unrolling.
  if (value instanceof l.ConstantInt) return countOf(value);
  const callee = declareFunction(cx.module, PLACEHOLDER, i32, [i32]);
  const placeholder = cx.module.getFunction(PLACEHOLDER);
  // Touching no memory, it moves and folds freely, and vanishes where its count is unused.
  if (placeholder && !placeholder.hasFnAttribute('memory')) {
    placeholder.addFnAttr('memory', 0);
    placeholder.addFnAttr('nounwind');
    placeholder.addFnAttr('willreturn');
  }
  return cx.builder.CreateCall(callee.getFunctionType(), callee.getCallee(), [value]);
}

/** The immediate of a count: itself where it is a non-negative constant, else 0 (every group). */
function countOf(count: Value): Value {
  const l = llvm();
  const n = count instanceof l.ConstantInt ? (count as ConstantInt).getSExtValue() : -1n;
  return n >= 0n ? count : l.ConstantInt.get(count.getType(), 0);
}

/** `instruction n;` as a statement of inline asm, `n` the count `pending` (an i32). */
export function waitGroups(cx: IntrinsicContext, instruction: string, pending: Value): void {
  const l = llvm();
  const count = pendingGroups(cx, pending);
  const type = l.FunctionType.get(l.Type.getVoidTy(cx.module.getContext()), [count.getType()], false);
  cx.builder.CreateCall(type, l.InlineAsm.get(type, `${instruction} $0;`, 'n,~{memory}', true), [count]);
}

/**
 * Replaces each placeholder of {@link pendingGroups} by its count where that is a non-negative
 * constant, else by 0 (every group).
 */
export function resolvePendingGroups(module: Module): void {
  const placeholder = module.getFunction(PLACEHOLDER);
  if (!placeholder) return;
  for (const call of placeholder.getUsers() as CallInst[]) {
    call.replaceAllUsesWith(countOf(call.getArgOperand(0)));
    call.eraseFromParent();
  }
  placeholder.eraseFromParent();
}
