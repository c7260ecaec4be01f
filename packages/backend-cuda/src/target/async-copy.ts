/**
 * Asynchronous copies into shared memory on NVIDIA GPUs: from sm_80 each `gpu.copyAsync` is a
 * `cp.async.cg.shared.global` of 16 bytes (through L2, not L1), `gpu.copyAsyncCommit` closes a
 * group (`cp.async.commit_group`) and `gpu.copyAsyncWait(n)` waits for all but the newest n
 * (`cp.async.wait_group n`). Older architectures copy synchronously, as core does everywhere.
 */
import { copyPointers, type IntrinsicContext, type Lowerings, synchronousCopies } from '@gpuc/core/compiler';
import { llvm, type Value } from '@gpuc/core/llvm';
import { MATRIX_CAPABILITY } from './matrix.js';
import { waitGroups } from './pending-groups.js';

/** Whether the job's architecture has `cp.async` (sm_80, as the tensor cores' `mma`). */
const hasAsyncCopies = (cx: IntrinsicContext) =>
  Number.parseInt(cx.job.target.cpu.slice('sm_'.length), 10) >= MATRIX_CAPABILITY;

const voidType = (cx: IntrinsicContext) => llvm().Type.getVoidTy(cx.module.getContext());

export const asyncCopies: Lowerings = {
  'gpu.copyAsync': (cx, args) => {
    if (!hasAsyncCopies(cx)) return synchronousCopies['gpu.copyAsync']?.(cx, args);
    const { dst, src } = copyPointers(cx, args);
    cx.call('llvm.nvvm.cp.async.cg.shared.global.16', voidType(cx), [dst, src]);
    return undefined;
  },
  'gpu.copyAsyncCommit': (cx) => {
    if (hasAsyncCopies(cx)) cx.call('llvm.nvvm.cp.async.commit.group', voidType(cx), []);
    return undefined;
  },
  'gpu.copyAsyncWait': (cx, [pending]) => {
    if (hasAsyncCopies(cx)) waitGroups(cx, 'cp.async.wait_group', pending as Value);
    return undefined;
  },
};
