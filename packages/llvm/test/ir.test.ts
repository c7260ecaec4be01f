// Building, verifying, optimising, printing, bitcode, parsing and linking.
import { describe, expect, it } from 'vitest';
import type { BasicBlock, Function as LLVMFunction, Module } from '../src/index.js';
import { l, machine, saxpy } from './helpers.js';

const host = machine('x86_64-unknown-linux-gnu', 'x86-64-v3');
const triple = host.getTargetTriple();
const layout = host.getDataLayoutString();

describe('modules built with the IR builder', () => {
  it('verify, optimise with the O3 pipeline and emit x86-64 assembly and an object', () => {
    const context = new l.LLVMContext();
    const module = saxpy(context, triple, layout);
    expect(module.verify()).toBeNull();
    expect(module.print()).toContain('define void @saxpy(float %0, ptr %1, ptr %2, i32 %3)');
    expect(l.runPasses(module, 'default<O3>', host)).toBe('');
    expect(module.verify()).toBeNull();
    // The O3 pipeline vectorises the loop for AVX2.
    expect(module.print()).toMatch(/<8 x float>/);
    const assembly = host.emitToBuffer(module.clone(), 'assembly').toString('utf8');
    expect(assembly).toMatch(/saxpy:/);
    expect(assembly).toMatch(/vfmadd|vmulps/);
    const object = host.emitToBuffer(module, 'object');
    expect(object.subarray(0, 4).toString('latin1')).toBe('\x7fELF');
    context.dispose();
  });

  it('opaque pointers: one pointer type per address space, bitcasts between them are the value', () => {
    const context = new l.LLVMContext();
    const f32 = l.Type.getFloatTy(context);
    const i8 = l.Type.getInt8Ty(context);
    expect(l.PointerType.get(f32, 1).print()).toBe('ptr addrspace(1)');
    expect(l.PointerType.get(f32, 1).isSame(l.Type.getInt8PtrTy(context, 1))).toBe(true);
    expect(i8.getPointerTo().print()).toBe('ptr');
    const module = new l.Module('casts', context);
    const fn = l.Function.Create(
      l.FunctionType.get(l.PointerType.get(context, 1), [l.PointerType.get(f32, 1)], false),
      l.GlobalValue.LinkageTypes.ExternalLinkage,
      'same',
      module,
    );
    const b = new l.IRBuilder(l.BasicBlock.Create(context, 'entry', fn));
    const arg = fn.getArg(0);
    expect(b.CreateBitCast(arg, l.PointerType.get(i8, 1)).isSame(arg)).toBe(true);
    expect(b.CreatePointerCast(arg, l.PointerType.get(i8, 1)).isSame(arg)).toBe(true);
    const generic = b.CreatePointerCast(arg, l.PointerType.get(i8, 0));
    expect(generic.print()).toContain('addrspacecast ptr addrspace(1) %0 to ptr');
    b.CreateRet(arg);
    expect(module.verify()).toBeNull();
    context.dispose();
  });

  it('round-trip through bitcode, and parse IR text and bitcode alike', () => {
    const context = new l.LLVMContext();
    const module = saxpy(context, triple, layout);
    const bitcode = module.toBitcode();
    expect(bitcode.subarray(0, 4).toString('latin1')).toBe('BC\xc0\xde');
    const back = l.parseIR(bitcode, context, 'back');
    expect(back.print().replace(/^; ModuleID.*\n/, '')).toBe(module.print().replace(/^; ModuleID.*\n/, ''));
    const text = l.parseIR(module.print(), context, 'text');
    expect(text.verify()).toBeNull();
    expect(text.getFunction('saxpy')?.arg_size()).toBe(4);
    context.dispose();
  });

  it('writes bitcode that keeps the use-list order when asked, so that it reads back printing the same', () => {
    const context = new l.LLVMContext();
    const module = new l.Module('uses', context);
    const i1 = l.Type.getInt1Ty(context);
    const fn = l.Function.Create(
      l.FunctionType.get(l.Type.getVoidTy(context), [i1], false),
      l.GlobalValue.LinkageTypes.ExternalLinkage,
      'f',
      module,
    );
    const [entry, a, b, join] = ['entry', 'a', 'b', 'join'].map((name) =>
      l.BasicBlock.Create(context, name, fn),
    ) as [BasicBlock, BasicBlock, BasicBlock, BasicBlock];
    const builder = new l.IRBuilder(entry);
    builder.CreateCondBr(fn.getArg(0), a, b);
    // b's branch is made before a's: the join's uses are then in the opposite order of the text's.
    builder.SetInsertPoint(b);
    builder.CreateBr(join);
    builder.SetInsertPoint(a);
    builder.CreateBr(join);
    builder.SetInsertPoint(join);
    builder.CreateRetVoid();
    const printed = module.print();
    const back = (bitcode: Buffer) => l.parseIR(bitcode, context, 'uses').print();
    expect(back(module.toBitcode(true))).toBe(printed);
    expect(back(module.toBitcode())).not.toBe(printed);
    context.dispose();
  });

  it("gives the parser's message, with the position, for bad IR and bad bitcode", () => {
    const context = new l.LLVMContext();
    expect(() => l.parseIR('define void @f() {\n  ret i32 1\n}', context, 'bad.ll')).toThrow(
      /bad\.ll:2:7: error: value doesn't match function result type 'void'/,
    );
    expect(() => l.parseIR(Buffer.from([0x42, 0x43, 0xc0, 0xde, 1, 2]), context)).toThrow(/bitcode|Invalid/i);
    context.dispose();
  });

  it('links two modules, resolving a declaration, and consumes the source', () => {
    const context = new l.LLVMContext();
    const main = l.parseIR(
      `target triple = "${triple}"\ntarget datalayout = "${layout}"\ndeclare i32 @twice(i32)\ndefine i32 @four() {\n  %r = call i32 @twice(i32 2)\n  ret i32 %r\n}`,
      context,
      'main',
    );
    const library = l.parseIR(
      `target triple = "${triple}"\ntarget datalayout = "${layout}"\ndefine i32 @twice(i32 %x) {\n  %r = shl i32 %x, 1\n  ret i32 %r\n}\ndefine i32 @unused() {\n  ret i32 0\n}`,
      context,
      'library',
    );
    const unused = library.getFunction('unused') as LLVMFunction;
    expect(l.Linker.linkModules(main, library, l.Linker.Flags.LinkOnlyNeeded)).toBe('');
    expect(main.getFunction('twice')?.isDeclaration()).toBe(false);
    expect(main.getFunction('unused')).toBeNull();
    expect(library.isDisposed()).toBe(true);
    expect(() => library.print()).toThrow(/module is gone/);
    expect(() => unused.getName()).toThrow(/was deleted/);
    l.runPasses(main, 'default<O2>', host);
    expect(main.getFunction('four')?.print()).toContain('ret i32 4');
    context.dispose();
  });

  it('reads bitcode lazily, only the function bodies a link takes, and refuses text for it', () => {
    const context = new l.LLVMContext();
    const source = l.parseIR(
      `target triple = "${triple}"\ntarget datalayout = "${layout}"\ndefine i32 @twice(i32 %x) {\n  %r = shl i32 %x, 1\n  ret i32 %r\n}\ndefine i32 @unused() {\n  ret i32 0\n}`,
      context,
      'library',
    );
    const bitcode = source.toBitcode();
    const library = l.parseIR(bitcode, context, 'library', true);
    // Unread: a definition (not a declaration) whose blocks are still in the bitcode.
    const twice = library.getFunction('twice') as LLVMFunction;
    expect(twice.isDeclaration()).toBe(false);
    expect(twice.getBasicBlocks()).toHaveLength(0);
    const main = l.parseIR(
      `target triple = "${triple}"\ntarget datalayout = "${layout}"\ndeclare i32 @twice(i32)\ndefine i32 @four() {\n  %r = call i32 @twice(i32 2)\n  ret i32 %r\n}`,
      context,
      'main',
    );
    l.Linker.linkModules(main, library, l.Linker.Flags.LinkOnlyNeeded);
    expect(main.getFunction('twice')?.getBasicBlocks()).toHaveLength(1);
    expect(main.getFunction('unused')).toBeNull();
    expect(main.verify()).toBeNull();
    expect(() => l.parseIR(source.print(), context, 'text', true)).toThrow(/only bitcode/);
    expect(() => l.parseIR(Buffer.from([0x42, 0x43, 0xc0, 0xde, 1, 2]), context, 'bad', true)).toThrow(
      /bad: .*(bitcode|Invalid|malformed)/i,
    );
    context.dispose();
  });

  it('internalises all but the entry points', () => {
    const context = new l.LLVMContext();
    const module: Module = l.parseIR(
      'define void @k() {\n  ret void\n}\ndefine void @helper() {\n  ret void\n}',
      context,
    );
    expect(l.internalize(module, ['k'])).toBe(true);
    expect(module.getFunction('helper')?.getLinkage()).toBe(l.GlobalValue.LinkageTypes.InternalLinkage);
    expect(module.getFunction('k')?.getLinkage()).toBe(l.GlobalValue.LinkageTypes.ExternalLinkage);
    context.dispose();
  });
});
