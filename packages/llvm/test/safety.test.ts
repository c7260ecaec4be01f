// Misuse is a JS error, never a crash: wrong argument kinds, objects of disposed modules and
// contexts, stale builders, verifier failures, unknown triples and CPUs, LLVM's fatal errors.
import { describe, expect, it } from 'vitest';
import type { Value } from '../src/index.js';
import { l, machine, saxpy } from './helpers.js';

const host = machine('x86_64-unknown-linux-gnu', 'x86-64');

describe('misuse', () => {
  it('rejects arguments of the wrong kind with the call named', () => {
    const context = new l.LLVMContext();
    const i32 = l.Type.getInt32Ty(context);
    expect(() => l.ConstantInt.get(context as never, 1)).toThrow(/ConstantInt\.get.*expected an LLVM type/);
    expect(() => l.Type.getInt32Ty({} as never)).toThrow(
      /Type\.getInt32Ty\(context\): expected an LLVMContext/,
    );
    expect(() => l.FunctionType.get(i32, [i32 as never, 3 as never], false)).toThrow(/expected an LLVM type/);
    expect(() => l.ArrayType.get(i32, -1)).toThrow(/bad element count/);
    expect(() => new l.Module(42 as never, context)).toThrow(/must be a string/);
    expect(() => new (l.Function as never as new () => unknown)()).toThrow(/cannot be constructed/);
    expect(() => (l.Value.prototype.getName as () => string).call({})).toThrow(/expected an LLVM value/);
    context.dispose();
  });

  it('makes wrappers of the most specific class, which run no constructor and cannot be made by hand', () => {
    const context = new l.LLVMContext();
    const i32 = l.Type.getInt32Ty(context);
    const seven = l.ConstantInt.get(i32, 7);
    expect(seven).toBeInstanceOf(l.ConstantInt);
    expect(seven).toBeInstanceOf(l.Constant);
    expect(seven).toBeInstanceOf(l.Value);
    expect(seven.constructor).toBe(l.ConstantInt);
    expect(i32).toBeInstanceOf(l.IntegerType);
    expect(i32.constructor).toBe(l.IntegerType);
    expect(Object.keys(seven)).toEqual([]);
    // The shells the binary makes wrappers with are not reachable: classes still refuse `new`.
    expect(() => new (l.ConstantInt as never as new () => unknown)()).toThrow(/cannot be constructed/);
    context.dispose();
    expect(() => seven.getZExtValue()).toThrow(/context was disposed/);
  });

  it('checks operand types before the builder builds', () => {
    const context = new l.LLVMContext();
    const module = saxpy(context, host.getTargetTriple(), host.getDataLayoutString());
    const fn = module.getFunction('saxpy');
    if (!fn) throw new Error('missing');
    const b = new l.IRBuilder(fn.getEntryBlock());
    const [a, x, , n] = fn.getArguments() as Value[];
    b.SetInsertPoint(fn.getEntryBlock().getTerminator() as never);
    expect(() => b.CreateAdd(a as Value, n as Value)).toThrow(/operands of different types/);
    expect(() => b.CreateFAdd(n as Value, n as Value)).toThrow(/floating-point operands expected/);
    expect(() => b.CreateLoad(l.Type.getFloatTy(context), a as Value)).toThrow(/must be a pointer/);
    expect(() => b.CreateCall(fn, [a as Value])).toThrow(/expected 4 arguments, got 1/);
    expect(() => b.CreateCall(fn, [n, x, x, n] as Value[])).toThrow(
      /argument 0 is i32, the callee takes float/,
    );
    expect(() => b.CreateTrunc(a as Value, l.Type.getInt8Ty(context))).toThrow(/invalid trunc/);
    expect(() =>
      b.CreateAtomicRMW(l.AtomicRMWInst.BinOp.FAdd, x as Value, n as Value, null, l.AtomicOrdering.Monotonic),
    ).toThrow(/does not suit/);
    expect(module.verify()).toBeNull();
    context.dispose();
  });

  it('turns every use of a disposed module, or of what was in it, into an error', () => {
    const context = new l.LLVMContext();
    const module = saxpy(context, host.getTargetTriple(), host.getDataLayoutString());
    const fn = module.getFunction('saxpy');
    const block = fn?.getEntryBlock();
    const builder = new l.IRBuilder(block as never);
    module.dispose();
    expect(() => module.print()).toThrow(/module is gone/);
    expect(() => module.dispose()).toThrow(/module is gone/);
    expect(() => fn?.getName()).toThrow(/was deleted/);
    expect(() => block?.getInstructions()).toThrow(/was deleted/);
    expect(() => builder.CreateRetVoid()).toThrow(/block was deleted/);
    expect(() => host.emitToBuffer(module, 'object')).toThrow(/module is gone/);
    context.dispose();
  });

  it('turns every use of a disposed context into an error, types and metadata included', () => {
    const context = new l.LLVMContext();
    const i32 = l.Type.getInt32Ty(context);
    const text = l.MDString.get(context, 'kept');
    const module = new l.Module('m', context);
    const one = l.ConstantInt.get(i32, 1);
    context.dispose();
    expect(context.isDisposed()).toBe(true);
    expect(() => i32.print()).toThrow(/context was disposed/);
    expect(() => text.getString()).toThrow(/context was disposed/);
    expect(() => module.getName()).toThrow(/context was disposed/);
    expect(() => one.print()).toThrow(/context was disposed|was deleted/);
    expect(() => new l.Module('n', context)).toThrow(/context was disposed/);
  });

  it('moves a builder away from an erased insertion point (fuzzer kernel 71)', () => {
    const context = new l.LLVMContext();
    const module = saxpy(context, host.getTargetTriple(), host.getDataLayoutString());
    const fn = module.getFunction('saxpy');
    if (!fn) throw new Error('missing');
    const done = fn.getBasicBlocks()[2];
    const ret = done?.getTerminator();
    const b = new l.IRBuilder(ret as never);
    ret?.eraseFromParent();
    expect(() => b.CreateRetVoid()).toThrow(/insertion point was deleted/);
    b.SetInsertPoint(done as never);
    b.CreateRetVoid();
    expect(module.verify()).toBeNull();
    context.dispose();
  });

  it("refuses to emit a module that does not verify, with the verifier's message", () => {
    const context = new l.LLVMContext();
    const module = saxpy(context, host.getTargetTriple(), host.getDataLayoutString());
    const fn = module.getFunction('saxpy');
    fn?.getBasicBlocks()[2]?.getTerminator()?.eraseFromParent();
    expect(module.verify()).toMatch(/does not have terminator/);
    expect(() => host.emitToBuffer(module, 'object')).toThrow(/does not verify[\s\S]*terminator/);
    context.dispose();
  });

  it("refuses unknown triples, CPUs, option values, pipelines, and another target's module", () => {
    expect(l.TargetRegistry.lookupTarget('sparc-sun-solaris')).toBeNull();
    expect(l.TargetRegistry.lookupTarget('no-such-triple')).toBeNull();
    const nvptx = l.TargetRegistry.lookupTarget('nvptx64-nvidia-cuda');
    expect(() => nvptx?.createTargetMachine('nvptx64-nvidia-cuda', 'sm_999')).toThrow(
      /'sm_999' is not a processor/,
    );
    expect(() => nvptx?.createTargetMachine('x86_64-unknown-linux-gnu', 'sm_90')).toThrow(
      /belongs to another target/,
    );
    expect(() =>
      nvptx?.createTargetMachine('nvptx64-nvidia-cuda', 'sm_90', '', { optLevel: 9 as never }),
    ).toThrow(/optLevel/);
    const context = new l.LLVMContext();
    const module = saxpy(context, host.getTargetTriple(), host.getDataLayoutString());
    expect(() => l.runPasses(module, 'no-such-pass')).toThrow(/unknown pass name 'no-such-pass'/);
    expect(() => machine('nvptx64-nvidia-cuda', 'sm_90').emitToBuffer(module, 'assembly')).toThrow(
      /differs from the machine's/,
    );
    context.dispose();
  });

  it("turns LLVM's fatal errors during code generation into errors, and keeps working", () => {
    const nvptx = machine('nvptx64-nvidia-cuda', 'sm_90');
    const context = new l.LLVMContext();
    const bad = l.parseIR(
      `target triple = "nvptx64-nvidia-cuda"\ntarget datalayout = "${nvptx.getDataLayoutString()}"\ndefine fp128 @f(fp128 %a, fp128 %b) {\n  %s = fadd fp128 %a, %b\n  ret fp128 %s\n}`,
      context,
    );
    expect(() => nvptx.emitToBuffer(bad, 'assembly')).toThrow(/LLVM fatal error: unsupported library call/);
    bad.dispose();
    const good = saxpy(
      context,
      'nvptx64-nvidia-cuda',
      nvptx.getDataLayoutString(),
      1,
      l.CallingConv.PTX_Kernel,
    );
    expect(nvptx.emitToBuffer(good, 'assembly').toString('utf8')).toContain('.entry saxpy');
    context.dispose();
  });

  it('refuses to emit unlowered coroutine intrinsics, on which instruction selection crashes', () => {
    const context = new l.LLVMContext();
    const module = l.parseIR(
      `target triple = "${host.getTargetTriple()}"\ntarget datalayout = "${host.getDataLayoutString()}"\ndeclare i8 @llvm.coro.suspend(token, i1)\ndefine i8 @f() {\n  %s = call i8 @llvm.coro.suspend(token none, i1 false)\n  ret i8 %s\n}`,
      context,
    );
    expect(() => host.emitToBuffer(module, 'object')).toThrow(/still calls llvm\.coro\.suspend/);
    context.dispose();
  });
});
