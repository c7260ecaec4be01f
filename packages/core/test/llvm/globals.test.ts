import { describe, expect, it } from 'vitest';
import { context, ir, L } from '../helpers.js';

const { LinkageTypes, VisibilityTypes, UnnamedAddr } = L.GlobalValue;

describe('globals', () => {
  const i32 = L.Type.getInt32Ty(context);
  const f32 = L.Type.getFloatTy(context);

  it('gets and sets linkage, visibility, unnamed_addr, section and alignment', () => {
    const module = ir('@g = global i32 1\ndefine void @f() {\n  ret void\n}');
    const global = module.getGlobalVariable('g');
    if (!global) throw new Error('missing');
    expect(global.getLinkage()).toBe(LinkageTypes.ExternalLinkage);
    global.setLinkage(LinkageTypes.WeakODRLinkage);
    global.setVisibility(VisibilityTypes.HiddenVisibility);
    global.setUnnamedAddr(UnnamedAddr.Local);
    global.setSection('.nv.constant0');
    global.setAlignment(16);
    expect(global.getLinkage()).toBe(LinkageTypes.WeakODRLinkage);
    expect(global.getVisibility()).toBe(VisibilityTypes.HiddenVisibility);
    expect(global.getUnnamedAddr()).toBe(UnnamedAddr.Local);
    expect(global.getSection()).toBe('.nv.constant0');
    expect(global.getAlignment()).toBe(16);
    expect(global.print()).toBe(
      '@g = weak_odr hidden local_unnamed_addr global i32 1, section ".nv.constant0", align 16',
    );
    expect(() => global.setAlignment(3)).toThrow(/power of two/);
    expect(() => global.setLinkage(99)).toThrow(/LinkageTypes/);
    global.setLinkage(LinkageTypes.InternalLinkage);
    global.setVisibility(VisibilityTypes.DefaultVisibility);
    expect(() => global.setVisibility(VisibilityTypes.HiddenVisibility)).toThrow(/local linkage/);
    expect(global.getParent()?.getName()).toBe('test.ll');
    module.dispose();
  });

  it('creates variables in any address space, thread-local and externally initialized', () => {
    const module = ir('');
    const shared = L.GlobalVariable.Create(
      module,
      L.ArrayType.get(f32, 256),
      false,
      LinkageTypes.InternalLinkage,
      L.UndefValue.get(L.ArrayType.get(f32, 256)),
      'tile',
      3,
    );
    expect(shared.getAddressSpace()).toBe(3);
    expect(shared.getType().getPointerAddressSpace()).toBe(3);
    const tls = L.GlobalVariable.Create(
      module,
      i32,
      false,
      LinkageTypes.ExternalLinkage,
      L.ConstantInt.get(i32, 0),
      'status',
      0,
      L.GlobalVariable.ThreadLocalMode.InitialExecTLSModel,
      true,
    );
    expect(tls.isThreadLocal()).toBe(true);
    expect(tls.getThreadLocalMode()).toBe(L.GlobalVariable.ThreadLocalMode.InitialExecTLSModel);
    expect(tls.isExternallyInitialized()).toBe(true);
    tls.setThreadLocal(false);
    tls.setExternallyInitialized(false);
    expect(tls.isThreadLocal()).toBe(false);
    expect(tls.isExternallyInitialized()).toBe(false);
    tls.setThreadLocalMode(L.GlobalVariable.ThreadLocalMode.LocalExecTLSModel);
    expect(tls.print()).toContain('thread_local(localexec) global i32 0');
    const table = L.GlobalVariable.Create(
      module,
      i32,
      true,
      LinkageTypes.PrivateLinkage,
      L.ConstantInt.get(i32, 5),
      'five',
      4,
    );
    expect(table.isConstant()).toBe(true);
    expect(table.getInitializer()?.print()).toBe('i32 5');
    const declared = L.GlobalVariable.Create(
      module,
      i32,
      false,
      LinkageTypes.ExternalLinkage,
      null,
      'extern',
    );
    expect(declared.isDeclaration()).toBe(true);
    expect(declared.getInitializer()).toBeNull();
    expect(module.print()).toContain('@tile = internal addrspace(3) global [256 x float] undef');
    expect(module.verify()).toBeNull();
    expect(() =>
      L.GlobalVariable.Create(
        module,
        i32,
        false,
        LinkageTypes.ExternalLinkage,
        L.ConstantFP.get(f32, 1),
        'bad',
      ),
    ).toThrow(/initializer's type/);
    module.dispose();
  });

  it('sets the PTX and AMDGPU kernel calling conventions', () => {
    const module = ir('define void @k() {\n  ret void\n}\ndeclare void @d()');
    const kernel = module.getFunction('k');
    if (!kernel) throw new Error('missing');
    expect(kernel.getCallingConv()).toBe(L.CallingConv.C);
    kernel.setCallingConv(L.CallingConv.PTX_Kernel);
    expect(module.print()).toContain('define ptx_kernel void @k()');
    kernel.setCallingConv(L.CallingConv.AMDGPU_KERNEL);
    expect(kernel.getCallingConv()).toBe(91);
    expect(module.print()).toContain('define amdgpu_kernel void @k()');
    expect(kernel.isDeclaration()).toBe(false);
    expect(module.getFunction('d')?.isDeclaration()).toBe(true);
    expect(() => kernel.setCallingConv(5000)).toThrow(/calling convention/);
    module.dispose();
  });

  it('adds string, enum and integer attributes', () => {
    const module = ir('define void @k(ptr %p) {\n  ret void\n}');
    const kernel = module.getFunction('k');
    if (!kernel) throw new Error('missing');
    kernel.addFnAttr('target-cpu', 'gfx90a');
    kernel.addFnAttr('amdgpu-flat-work-group-size', '1,256');
    kernel.addFnAttr('nounwind');
    kernel.addFnAttr('alignstack', 16);
    kernel.addParamAttr(0, 'noalias');
    kernel.addParamAttr(0, 'align', 16);
    expect(kernel.getFnAttribute('target-cpu')).toBe('gfx90a');
    expect(kernel.hasFnAttribute('nounwind')).toBe(true);
    expect(kernel.getFnAttribute('nounwind')).toBe('');
    expect(kernel.getFnAttribute('alignstack')).toBe('16');
    expect(kernel.hasFnAttribute('noinline')).toBe(false);
    expect(kernel.getFnAttribute('missing')).toBeNull();
    expect(kernel.hasParamAttribute(0, 'noalias')).toBe(true);
    expect(module.print()).toContain('define void @k(ptr noalias align 16 %p) #0');
    kernel.removeFnAttr('nounwind');
    expect(kernel.hasFnAttribute('nounwind')).toBe(false);
    expect(() => kernel.addFnAttr('align')).toThrow(/needs an integer value/);
    expect(() => kernel.addFnAttr('nounwind', 'x')).toThrow(/takes no value/);
    expect(() => kernel.addParamAttr(3, 'noalias')).toThrow(/out of range/);
    expect(module.verify()).toBeNull();
    module.dispose();
  });

  it('iterates arguments, blocks and instructions', () => {
    const module = ir(`define i32 @f(i32 %a, i32 %b) {
entry:
  %c = icmp slt i32 %a, %b
  br i1 %c, label %then, label %done
then:
  %s = add i32 %a, %b
  br label %done
done:
  %r = phi i32 [ %a, %entry ], [ %s, %then ]
  ret i32 %r
}`);
    const fn = module.getFunction('f');
    if (!fn) throw new Error('missing');
    expect(fn.getArguments().map((a) => a.getName())).toEqual(['a', 'b']);
    expect(fn.getBasicBlocks().map((b) => b.getName())).toEqual(['entry', 'then', 'done']);
    const opcodes = fn.getBasicBlocks().flatMap((b) => b.getInstructions().map((i) => i.getOpcodeName()));
    expect(opcodes).toEqual(['icmp', 'br', 'add', 'br', 'phi', 'ret']);
    expect(fn.getFunctionType().print()).toBe('i32 (i32, i32)');
    expect(fn.isIntrinsic()).toBe(false);
    module.dispose();
  });

  it('erases a global only when nothing uses it', () => {
    const module = ir('@used = global i32 0\n@unused = global i32 0\ndefine ptr @f() {\n  ret ptr @used\n}');
    const used = module.getGlobalVariable('used');
    const unused = module.getGlobalVariable('unused');
    expect(() => used?.eraseFromParent()).toThrow(/still has uses/);
    unused?.eraseFromParent();
    expect(module.getGlobalVariable('unused')).toBeNull();
    expect(() => unused?.getName()).toThrow(/was deleted/);
    module.dispose();
  });
});
