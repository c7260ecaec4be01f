/**
 * Separate loop headers: every loop keeps a header block of its own in the PTX.
 *
 * ptxas (CUDA 13.0, sm_90, -O2 and up) miscompiles a loop whose header is shared with a loop
 * nested in it: with an outer loop whose body begins with an inner loop, and nothing of the outer
 * loop's own left at its top once LLVM's machine passes have folded away the empty preheader,
 * ptxas keeps the outer loop's counter in a *uniform* register although threads leave the inner
 * loop at different times; each group of threads then advances it again, and an insertion sort
 * over a local array returned zeros (measured on an H100 with LLVM 14's PTX; ptxas -O0/-O1 and
 * nvcc's own PTX, which keeps a separate header, were right). The bug is ptxas's, and LLVM 22
 * still makes the shape: `while (a < n) { while (x[b] !== 0) b++; a += x[b + 1]; b += 2; }`
 * comes out with both back edges branching to one label (test/plugin.test.ts). Its code
 * generator has no option to keep the block, so each loop header gets an empty `convergent`
 * inline-asm statement at its top: it emits only a comment, but machine passes may neither
 * duplicate nor remove the block that holds it, so the PTX keeps one header per loop.
 */
import type { BasicBlock, LLVMFunction, Module } from '@gpuc/core/llvm';
import { llvm } from '@gpuc/core/llvm';

const MARK = 'gpuc: loop header';

/** The headers of a function's loops: the targets of the back edges of a depth-first walk. */
function loopHeaders(fn: LLVMFunction): BasicBlock[] {
  const blocks = fn.getBasicBlocks();
  const successors = fn.getBlockSuccessors();
  const state = new Uint8Array(blocks.length); // 0 unseen, 1 on the path, 2 done
  const headers = new Set<number>();
  const stack: [number, number][] = [[0, 0]];
  state[0] = 1;
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as [number, number];
    const [block, next] = top;
    const targets = successors[block] as number[];
    if (next === targets.length) {
      state[block] = 2;
      stack.pop();
      continue;
    }
    top[1] = next + 1;
    const target = targets[next] as number;
    if (state[target] === 1) headers.add(target);
    else if (state[target] === 0) {
      state[target] = 1;
      stack.push([target, 0]);
    }
  }
  return [...headers].map((i) => blocks[i] as BasicBlock);
}

/** Marks, in place, the header of each loop of the module's functions with the `convergent` marker. */
export function separateLoopHeaders(module: Module): void {
  const l = llvm();
  const context = module.getContext();
  const type = l.FunctionType.get(l.Type.getVoidTy(context), [], false);
  const asm = l.InlineAsm.get(type, `// ${MARK}`, '', true);
  const builder = new l.IRBuilder(context);
  for (const fn of module.getFunctions() as LLVMFunction[]) {
    if (fn.isDeclaration()) continue;
    for (const header of loopHeaders(fn)) {
      const first = header.getFirstNonPHI();
      if (!first) continue;
      builder.SetInsertPoint(first);
      builder.CreateCall(type, asm, []).addFnAttr('convergent');
    }
  }
}
