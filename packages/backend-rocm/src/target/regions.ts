/**
 * Scheduling regions of bounded size. AMDGPU's machine scheduler schedules each basic block as
 * one region, several times over (its occupancy stages), and its cost grows with the square of a
 * region's length: each move renumbers the region's slot indexes and walks its register uses. A
 * kernel of one long block (a generated or fully unrolled one, thousands of instructions) took
 * seconds there alone. `llvm.amdgcn.sched.barrier(0)` ends a region (nothing is scheduled across
 * it), so a barrier every {@link REGION_INSTRUCTIONS} instructions keeps that cost linear in the
 * kernel's length.
 *
 * What it costs the code: the scheduler cannot move an instruction across a barrier, so a load
 * right before one cannot be hoisted further up to hide its latency. Regions of about a thousand
 * IR instructions (three thousand or so machine instructions) leave far more independent work to
 * interleave inside each region than a wavefront needs; blocks of that size or less (nearly
 * every kernel) are not touched at all.
 */
import { declareFunction, llvm, type Module } from '@gpuc/core/llvm';

/** The most IR instructions between two region boundaries of a basic block. */
export const REGION_INSTRUCTIONS = 1024;

/**
 * Ends a scheduling region every `size` instructions in each basic block longer than that;
 * returns how many boundaries it added.
 */
export function boundSchedulingRegions(module: Module, size = REGION_INSTRUCTIONS): number {
  const l = llvm();
  const context = module.getContext();
  let added = 0;
  const i32 = l.Type.getInt32Ty(context);
  for (const fn of module.getFunctions()) {
    if (fn.isDeclaration()) continue;
    for (const block of fn.getBasicBlocks()) {
      const instructions = block.getInstructions();
      // The last instruction (the terminator) ends the last region already.
      for (let at = size; at < instructions.length - 1; at += size) {
        const before = instructions[at];
        if (before === undefined || before instanceof l.PHINode) continue;
        const barrier = declareFunction(module, 'llvm.amdgcn.sched.barrier', l.Type.getVoidTy(context), [
          i32,
        ]);
        new l.IRBuilder(before).CreateCall(barrier, [l.ConstantInt.get(i32, 0)]);
        added++;
      }
    }
  }
  return added;
}
