// Whole-function and whole-block reads and writes in one binding call, for passes that would
// otherwise pay a call per instruction, and call-site attributes.
import { describe, expect, it } from 'vitest';
import type { BasicBlock, CallInst, Function as LLVMFunction } from '../src/index.js';
import { l } from './helpers.js';

const text = `
declare float @llvm.fabs.f32(float)
declare void @effect()

define float @f(ptr %p, i32 %n) {
entry:
  br label %loop
loop:
  %i = phi i32 [ 0, %entry ], [ %next, %body ]
  %acc = phi float [ 0.0, %entry ], [ %sum, %body ]
  %done = icmp sge i32 %i, %n
  br i1 %done, label %exit, label %body
body:
  %a = fadd float %acc, 1.0
  %q = getelementptr float, ptr %p, i32 %i
  %x = load float, ptr %q
  %y = call float @llvm.fabs.f32(float %x)
  call void asm sideeffect "// mark", ""()
  %sum = fadd float %a, %y
  %next = add i32 %i, 1
  br label %loop
exit:
  ret float %acc
}
`;

function parsed() {
  const context = new l.LLVMContext();
  const module = l.parseIR(text, context, 'walks');
  const fn = module.getFunction('f') as LLVMFunction;
  const body = fn.getBasicBlocks()[2] as BasicBlock;
  return { context, module, fn, body };
}

const names = (block: BasicBlock) => block.getInstructions().map((i) => i.getName() || i.getOpcodeName());

describe('bulk reads and writes of blocks and functions', () => {
  it('describes a block: opcodes, callees, inline asm, and operands defined earlier in it', () => {
    const { context, body } = parsed();
    expect(body.describeInstructions()).toEqual([
      { opcode: 'fadd', callee: null, inlineAsm: false, operands: [] },
      { opcode: 'getelementptr', callee: null, inlineAsm: false, operands: [] },
      { opcode: 'load', callee: null, inlineAsm: false, operands: [1] },
      { opcode: 'call', callee: 'llvm.fabs.f32', inlineAsm: false, operands: [2] },
      { opcode: 'call', callee: null, inlineAsm: true, operands: [] },
      { opcode: 'fadd', callee: null, inlineAsm: false, operands: [0, 3] },
      { opcode: 'add', callee: null, inlineAsm: false, operands: [] },
      { opcode: 'br', callee: null, inlineAsm: false, operands: [] },
    ]);
    context.dispose();
  });

  it('reorders a block, and refuses orders that would break it, leaving it as it was', () => {
    const { context, module, fn, body } = parsed();
    const before = names(body);
    expect(() => body.reorder([0, 1, 2])).toThrow(/name each of the block's 8 instructions once/);
    expect(() => body.reorder([0, 0, 2, 3, 4, 5, 6, 7])).toThrow(/once/);
    expect(() => body.reorder([0, 1, 2, 3, 4, 5, 6, 7.5])).toThrow(/once/);
    expect(() => body.reorder([0, 2, 1, 3, 4, 5, 6, 7])).toThrow(/before a value of the block that it uses/);
    expect(() => body.reorder([0, 1, 2, 3, 4, 5, 7, 6])).toThrow(/terminator must stay last/);
    expect(() => body.reorder('0' as unknown as number[])).toThrow(/array of instruction indices/);
    const loop = fn.getBasicBlocks()[1] as BasicBlock;
    expect(() => loop.reorder([0, 2, 1, 3])).toThrow(/phis must stay at the top/);
    expect(names(body)).toEqual(before);
    // The load and its address first, then the rest in order.
    body.reorder([1, 2, 0, 3, 4, 5, 6, 7]);
    expect(names(body)).toEqual(['q', 'x', 'a', 'y', 'call', 'sum', 'next', 'br']);
    expect(module.verify()).toBeNull();
    context.dispose();
  });

  it("gives a function's control-flow graph as block indices", () => {
    const { context, fn } = parsed();
    expect(fn.getBlockSuccessors()).toEqual([[1], [3, 2], [1], []]);
    context.dispose();
  });

  it('finds the instructions of given opcodes, each wrapped as its class', () => {
    const { context, fn } = parsed();
    const calls = fn.findInstructions(['call']);
    expect(calls).toHaveLength(2);
    expect(calls.every((c) => c instanceof l.CallInst)).toBe(true);
    expect(fn.findInstructions(['fadd', 'load']).map((i) => i.getName())).toEqual(['a', 'x', 'sum']);
    expect(fn.findInstructions(['frem'])).toEqual([]);
    expect(() => fn.findInstructions('call' as unknown as string[])).toThrow(TypeError);
    context.dispose();
  });

  it('sets and reads call-site attributes; misuse is an error', () => {
    const { context, module, fn } = parsed();
    const [fabs, asm] = fn.findInstructions(['call']) as [CallInst, CallInst];
    expect(asm.hasFnAttr('convergent')).toBe(false);
    asm.addFnAttr('convergent');
    expect(asm.hasFnAttr('convergent')).toBe(true);
    expect(module.print()).toMatch(/call void asm sideeffect "\/\/ mark", ""\(\) #\d+/);
    expect(module.print()).toMatch(/attributes #\d+ = \{ convergent \}/);
    // The callee's own attributes (llvm.fabs is nounwind) are not the call site's.
    expect(fabs.getCalledFunction()?.hasFnAttribute('nounwind')).toBe(true);
    expect(fabs.hasFnAttr('nounwind')).toBe(false);
    fabs.addFnAttr('gpuc-note', 'kept');
    expect(fabs.hasFnAttr('gpuc-note')).toBe(true);
    expect(() => fabs.addFnAttr('convergent', 1)).toThrow(/takes no value/);
    const load = fn.findInstructions(['load'])[0];
    expect(() => l.CallInst.prototype.addFnAttr.call(load, 'convergent')).toThrow(/CallInst/);
    expect(module.verify()).toBeNull();
    context.dispose();
  });
});
