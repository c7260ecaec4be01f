import { describe, expect, it } from 'vitest';
import { createCompiler } from '../../src/index.js';
import { createContext, createModule, declareFunction, llvm, type Module } from '../../src/llvm/index.js';

describe('the runtime library', () => {
  it('is read only for a module that declares something it defines', () => {
    const compiler = createCompiler();
    const target = compiler.target('native');
    const context = createContext();
    const l = llvm();
    const voidType = l.Type.getVoidTy(context);
    const bare = createModule(context, 'bare', target);
    const calling = createModule(context, 'calling', target);
    declareFunction(calling, 'gpu_signal_exception', voidType, []);
    // The first read learns what the library defines; both modules get it then.
    const first = compiler.runtime.library(context, target, undefined, bare);
    expect(first?.getFunction('gpu_signal_exception')).not.toBeNull();
    first?.dispose();
    expect(compiler.runtime.library(context, target, undefined, bare)).toBeUndefined();
    const needed = compiler.runtime.library(context, target, undefined, calling);
    expect(needed?.getFunction('gpu_signal_exception')?.isDeclaration()).toBe(false);
    needed?.dispose();
    // Without a module to link into, it is always read.
    const asked = compiler.runtime.library(context, target);
    expect(asked).toBeDefined();
    asked?.dispose();
    context.dispose();
  });

  it('is always read when a link would take something of it anyway', () => {
    const l = llvm();
    // A runtime with an appending global, then one with named metadata: a link brings either
    // whether anything of the library is needed or not.
    const appending = (module: Module) => {
      const type = l.ArrayType.get(l.Type.getInt32Ty(module.getContext()), 1);
      const { AppendingLinkage } = l.GlobalValue.LinkageTypes;
      l.GlobalVariable.Create(
        module,
        type,
        false,
        AppendingLinkage,
        l.Constant.getNullValue(type),
        'gpuc.list',
      );
    };
    const named = (module: Module) => {
      module.getOrInsertNamedMetadata('gpuc.note').addOperand(l.MDNode.get(module.getContext(), []));
    };
    for (const builder of [appending, named]) {
      const compiler = createCompiler();
      const target = compiler.target('native');
      compiler.runtime.provide('native', builder);
      const context = createContext();
      const bare = createModule(context, 'bare', target);
      for (let i = 0; i < 2; i++) {
        const library = compiler.runtime.library(context, target, undefined, bare);
        expect(library).toBeDefined();
        library?.dispose();
      }
      context.dispose();
    }
  });
});
