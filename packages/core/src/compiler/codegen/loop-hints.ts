/**
 * Loop metadata for `gpu.unroll` hints: `llvm.loop.unroll.count` or `llvm.loop.unroll.full` on a
 * loop's back edge. A loop ID is a distinct node whose first operand is itself, which the
 * binding cannot build directly (no `replaceOperandWith`): the node comes from parsing a tiny
 * module in the same context, and metadata belongs to the context, not to that module.
 */
import type { UnrollHint } from '../../frontend/ir.js';
import { parseModule } from '../../llvm/module.js';
import type { Instruction, LLVMContext, MDNode } from '../../llvm/types.js';

/** A fresh loop ID asking for the hint's unrolling (one per loop: loop IDs are distinct). */
function loopID(context: LLVMContext, hint: UnrollHint): MDNode {
  const option =
    hint === 'full' ? '!{!"llvm.loop.unroll.full"}' : `!{!"llvm.loop.unroll.count", i32 ${hint}}`;
  const module = parseModule(
    context,
    `define void @loop() {\nentry:\n  br label %entry, !llvm.loop !0\n}\n!0 = distinct !{!0, !1}\n!1 = ${option}\n`,
    'gpuc-loop-hint',
  );
  const branch = module.getFunction('loop')?.getEntryBlock().getTerminator();
  const id = branch?.getMetadata('llvm.loop');
  if (!id) throw new Error('gpuc: the loop hint did not parse');
  return id;
}

/** Attaches a loop's unroll hint to its back edge. */
export function attachUnrollHint(context: LLVMContext, backEdge: Instruction, hint: UnrollHint): void {
  backEdge.setMetadata('llvm.loop', loopID(context, hint));
}
