import { describe, expect, it } from 'vitest';
import type { ConstantAsMetadata, MDString, ValueAsMetadata } from '../../src/llvm/index.js';
import { context, ir, L } from '../helpers.js';

describe('metadata', () => {
  const i32 = L.Type.getInt32Ty(context);

  it('builds MDString, MDNode and values as metadata, and reads them back', () => {
    const module = ir('@g = global i32 7\ndefine void @f(i32 %a) {\n  ret void\n}');
    const fn = module.getFunction('f');
    if (!fn) throw new Error('missing');
    const text = L.MDString.get(context, 'maxntidx');
    const one = L.ConstantAsMetadata.get(L.ConstantInt.get(i32, 256));
    const fnRef = L.ValueAsMetadata.get(fn);
    const node = L.MDNode.get(context, [fnRef, text, one, null]);
    expect(node.getNumOperands()).toBe(4);
    const [a, b, c, d] = node.getOperands();
    expect(a).toBeInstanceOf(L.ConstantAsMetadata);
    expect((a as ValueAsMetadata).getValue().getName()).toBe('f');
    expect((b as MDString).getString()).toBe('maxntidx');
    expect((c as ConstantAsMetadata).getValue().print()).toBe('i32 256');
    expect(d).toBeNull();
    // Uniqued nodes with equal operands are the same node; distinct ones never are.
    const same = L.MDNode.get(context, [fnRef, text, one, null]);
    expect(same.isDistinct()).toBe(false);
    expect(L.MDNode.getDistinct(context, [text]).isDistinct()).toBe(true);
    expect(() => node.getOperand(4)).toThrow(/out of range/);
    expect(() => L.MDNode.get(context, [fn as never])).toThrow(/expected Metadata/);
    module.dispose();
  });

  it('wraps a local value (an argument) as metadata', () => {
    const module = ir('define void @f(i32 %a) {\n  ret void\n}');
    const arg = module.getFunction('f')?.getArg(0);
    if (!arg) throw new Error('missing');
    const local = L.ValueAsMetadata.get(arg);
    expect(local).toBeInstanceOf(L.ValueAsMetadata);
    expect(local).not.toBeInstanceOf(L.ConstantAsMetadata);
    expect(local.getValue().getName()).toBe('a');
    module.dispose();
  });

  it('sets and gets metadata on instructions, functions and globals', () => {
    const module = ir('@g = global i32 7\ndefine i32 @f(ptr %p) {\n  %v = load i32, ptr %p\n  ret i32 %v\n}');
    const fn = module.getFunction('f');
    const global = module.getGlobalVariable('g');
    const load = fn?.getEntryBlock().getInstructions()[0];
    if (!fn || !global || !load) throw new Error('missing');
    const range = L.MDNode.get(context, [
      L.ConstantAsMetadata.get(L.ConstantInt.get(i32, 0)),
      L.ConstantAsMetadata.get(L.ConstantInt.get(i32, 1024)),
    ]);
    load.setMetadata('range', range);
    expect(load.getMetadata('range')?.getNumOperands()).toBe(2);
    expect(load.getMetadata('invariant.load')).toBeNull();
    const tag = L.MDNode.get(context, [L.MDString.get(context, 'entry')]);
    fn.setMetadata('gpuc.role', tag);
    global.addMetadata('gpuc.role', tag);
    const role = fn.getMetadata('gpuc.role')?.getOperand(0) as MDString | undefined;
    expect(role?.getString()).toBe('entry');
    expect(global.getMetadata('gpuc.role')).not.toBeNull();
    expect(module.print()).toMatch(/load i32, ptr %p, align 4, !range !\d/);
    expect(module.verify()).toBeNull();
    load.setMetadata('range', null);
    expect(load.getMetadata('range')).toBeNull();
    module.dispose();
  });

  it('wraps metadata as a value for intrinsics that take it', () => {
    const module = ir('declare i32 @llvm.read_register.i32(metadata)');
    const read = module.getFunction('llvm.read_register.i32');
    if (!read) throw new Error('missing');
    const fn = L.Function.Create(
      L.FunctionType.get(i32, [], false),
      L.Function.LinkageTypes.ExternalLinkage,
      'sp',
      module,
    );
    const builder = new L.IRBuilder(L.BasicBlock.Create(context, 'entry', fn));
    const name = L.MetadataAsValue.get(context, L.MDNode.get(context, [L.MDString.get(context, 'sp')]));
    builder.CreateRet(builder.CreateCall(read, [name]));
    expect(module.verify()).toBeNull();
    expect(module.print()).toContain('call i32 @llvm.read_register.i32(metadata !0)');
    module.dispose();
  });
});
