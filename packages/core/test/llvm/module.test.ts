import { describe, expect, it } from 'vitest';
import type { ConstantAsMetadata, MDNode, MDString } from '../../src/llvm/index.js';
import { LLVMError, parseModule, verifyModule } from '../../src/llvm/index.js';
import { context, ir, L } from '../helpers.js';

const source = `
@table = internal constant [2 x i32] [i32 1, i32 2]
@counter = global i32 0
declare float @ext(float)
define float @twice(float %x) {
  %y = fmul float %x, 2.0
  ret float %y
}
`;

describe('modules', () => {
  it('parses IR text and lists functions and globals in order', () => {
    const module = ir(source);
    expect(module.getFunctions().map((f) => f.getName())).toEqual(['ext', 'twice']);
    expect(module.getGlobalVariables().map((g) => g.getName())).toEqual(['table', 'counter']);
    expect(module.getNamedValue('twice')?.getName()).toBe('twice');
    expect(module.getNamedValue('missing')).toBeNull();
    module.dispose();
  });

  it('round-trips through bitcode in memory', () => {
    const module = ir(source);
    const bitcode = module.toBitcode();
    expect(bitcode.subarray(0, 4)).toEqual(Buffer.from([0x42, 0x43, 0xc0, 0xde]));
    const back = parseModule(context, bitcode, 'back.bc');
    expect(back.print().split('\n').slice(2)).toEqual(module.print().split('\n').slice(2));
    module.dispose();
    back.dispose();
  });

  it('reports parse errors with their location', () => {
    expect(() => parseModule(context, 'define void @f() {\n  ret i32 1\n}', 'bad.ll')).toThrowError(
      /bad\.ll:2:.*value doesn't match function result type/,
    );
    expect(() => parseModule(context, Buffer.from([0x42, 0x43, 0xc0, 0xde, 1, 2]))).toThrow(LLVMError);
  });

  it('clones into an independent module', () => {
    const module = ir(source);
    const copy = module.clone();
    copy.getFunction('twice')?.setName('renamed');
    expect(module.getFunction('twice')).not.toBeNull();
    expect(copy.getFunction('renamed')).not.toBeNull();
    module.dispose();
    expect(copy.getFunction('renamed')?.getName()).toBe('renamed');
    copy.dispose();
  });

  it('verification returns the verifier message', () => {
    const module = ir('define i32 @f(i32 %a) {\n  ret i32 %a\n}');
    expect(module.verify()).toBeNull();
    const fn = module.getFunction('f');
    const block = fn?.getEntryBlock();
    const ret = block?.getTerminator();
    if (!fn || !block || !ret) throw new Error('missing');
    // A block with two terminators is invalid.
    const builder = new L.IRBuilder(block);
    builder.CreateRet(fn.getArg(0));
    expect(module.verify()).toMatch(/Terminator found in the middle of a basic block/);
    expect(fn.verify()).toMatch(/Terminator found in the middle of a basic block/);
    expect(() => verifyModule(module)).toThrow(LLVMError);
    module.dispose();
  });

  it('a disposed module and everything in it throws instead of crashing', () => {
    const module = ir(source);
    const fn = module.getFunction('twice');
    const global = module.getGlobalVariable('counter');
    const block = fn?.getEntryBlock();
    module.dispose();
    expect(module.isDisposed()).toBe(true);
    expect(() => module.print()).toThrow(/module is gone/);
    expect(() => module.dispose()).toThrow(/module is gone/);
    expect(() => fn?.getName()).toThrow(/was deleted/);
    expect(() => global?.getInitializer()).toThrow(/was deleted/);
    expect(() => block?.getInstructions()).toThrow(/was deleted/);
  });

  it('named metadata: get, get-or-insert, add operand', () => {
    const module = ir(source);
    expect(module.getNamedMetadata('gpuc.kernels')).toBeNull();
    const named = module.getOrInsertNamedMetadata('gpuc.kernels');
    const fn = module.getFunction('twice');
    if (!fn) throw new Error('missing');
    named.addOperand(L.MDNode.get(context, [L.ValueAsMetadata.get(fn), L.MDString.get(context, 'kernel')]));
    const again = module.getNamedMetadata('gpuc.kernels');
    expect(again?.getName()).toBe('gpuc.kernels');
    expect(again?.getNumOperands()).toBe(1);
    expect(module.getNamedMetadataNames()).toContain('gpuc.kernels');
    expect(module.print()).toContain('!gpuc.kernels = !{!0}\n\n!0 = !{ptr @twice, !"kernel"}');
    expect(() => again?.getOperand(1)).toThrow(/out of range/);
    module.dispose();
    expect(() => again?.getNumOperands()).toThrow(/module is gone/);
  });

  it('module flags take integers or metadata', () => {
    const module = ir(source);
    const { ModFlagBehavior } = L.Module;
    module.addModuleFlag(ModFlagBehavior.Override, 'nvvm-reflect-ftz', 1);
    module.addModuleFlag(ModFlagBehavior.Warning, 'gpuc.version', L.MDString.get(context, '0.1'));
    const versions = L.MDNode.get(context, [
      L.ConstantAsMetadata.get(L.ConstantInt.get(L.Type.getInt32Ty(context), 2)),
      L.ConstantAsMetadata.get(L.ConstantInt.get(L.Type.getInt32Ty(context), 4)),
    ]);
    module.addModuleFlag(ModFlagBehavior.Warning, 'air.version', versions);
    const ftz = module.getModuleFlag('nvvm-reflect-ftz');
    expect(ftz).toBeInstanceOf(L.ConstantAsMetadata);
    expect((ftz as ConstantAsMetadata).getValue().print()).toBe('i32 1');
    expect((module.getModuleFlag('gpuc.version') as MDString).getString()).toBe('0.1');
    expect((module.getModuleFlag('air.version') as MDNode).getNumOperands()).toBe(2);
    expect(module.getModuleFlag('absent')).toBeNull();
    expect(() => module.addModuleFlag(99, 'x', 1)).toThrow(/ModFlagBehavior/);
    expect(module.verify()).toBeNull();
    module.dispose();
  });
});
