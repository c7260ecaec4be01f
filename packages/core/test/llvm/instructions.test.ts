import { describe, expect, it } from 'vitest';
import type {
  CallInst,
  ConstantExpr,
  ConstantFP,
  ConstantInt,
  Instruction,
  Type,
} from '../../src/llvm/index.js';
import { context, ir, L } from '../helpers.js';

const { AtomicOrdering } = L;
const { BinOp } = L.AtomicRMWInst;

/** A function `void f(T addrspace(1)* %p, T %v)` with a builder at its entry. */
function scaffold(valueType: Type) {
  const module = ir('');
  module.setTargetTriple('amdgcn-amd-amdhsa');
  const type = L.FunctionType.get(L.Type.getVoidTy(context), [valueType.getPointerTo(1), valueType], false);
  const fn = L.Function.Create(type, L.Function.LinkageTypes.ExternalLinkage, 'f', module);
  const builder = new L.IRBuilder(L.BasicBlock.Create(context, 'entry', fn));
  return { module, fn, builder, ptr: fn.getArg(0), value: fn.getArg(1) };
}

describe('atomics and fences', () => {
  const i32 = L.Type.getInt32Ty(context);
  const f32 = L.Type.getFloatTy(context);

  it('builds atomicrmw for every LLVM 14 operation, float add and sub included', () => {
    const intOps = ['Xchg', 'Add', 'Sub', 'And', 'Nand', 'Or', 'Xor', 'Max', 'Min', 'UMax', 'UMin'] as const;
    const ints = scaffold(i32);
    for (const op of intOps)
      ints.builder.CreateAtomicRMW(BinOp[op], ints.ptr, ints.value, 4, AtomicOrdering.Monotonic);
    ints.builder.CreateRetVoid();
    const text = ints.module.print();
    for (const op of intOps)
      expect(text).toContain(`atomicrmw ${op.toLowerCase()} ptr addrspace(1) %0, i32 %1 monotonic`);
    expect(ints.module.verify()).toBeNull();
    ints.module.dispose();

    const floats = scaffold(f32);
    floats.builder.CreateAtomicRMW(
      BinOp.FAdd,
      floats.ptr,
      floats.value,
      4,
      AtomicOrdering.Monotonic,
      'agent',
    );
    floats.builder.CreateAtomicRMW(
      BinOp.FSub,
      floats.ptr,
      floats.value,
      null,
      AtomicOrdering.SequentiallyConsistent,
    );
    floats.builder.CreateAtomicRMW(BinOp.Xchg, floats.ptr, floats.value, 4, AtomicOrdering.AcquireRelease);
    floats.builder.CreateRetVoid();
    const ftext = floats.module.print();
    expect(ftext).toContain(
      'atomicrmw fadd ptr addrspace(1) %0, float %1 syncscope("agent") monotonic, align 4',
    );
    expect(ftext).toContain('atomicrmw fsub ptr addrspace(1) %0, float %1 seq_cst');
    expect(ftext).toContain('atomicrmw xchg ptr addrspace(1) %0, float %1 acq_rel');
    expect(floats.module.verify()).toBeNull();
    expect(() =>
      floats.builder.CreateAtomicRMW(BinOp.Add, floats.ptr, floats.value, 4, AtomicOrdering.Monotonic),
    ).toThrow(/does not suit/);
    expect(() =>
      floats.builder.CreateAtomicRMW(BinOp.FAdd, floats.ptr, floats.value, 4, AtomicOrdering.NotAtomic),
    ).toThrow(/at least Monotonic/);
    floats.module.dispose();
  });

  it('builds cmpxchg and fences with orderings and sync scopes', () => {
    const { module, builder, ptr, value } = scaffold(i32);
    const pair = builder.CreateAtomicCmpXchg(
      ptr,
      L.ConstantInt.get(i32, 0),
      value,
      4,
      AtomicOrdering.AcquireRelease,
      AtomicOrdering.Acquire,
      'workgroup',
    );
    builder.CreateFence(AtomicOrdering.Release, 'workgroup');
    builder.CreateFence(AtomicOrdering.SequentiallyConsistent);
    builder.CreateFence(AtomicOrdering.Acquire, 'singlethread');
    builder.CreateExtractValue(pair, [1]);
    builder.CreateRetVoid();
    const text = module.print();
    expect(text).toContain(
      'cmpxchg ptr addrspace(1) %0, i32 0, i32 %1 syncscope("workgroup") acq_rel acquire, align 4',
    );
    expect(text).toContain('fence syncscope("workgroup") release');
    expect(text).toContain('fence seq_cst');
    expect(text).toContain('fence syncscope("singlethread") acquire');
    expect(module.verify()).toBeNull();
    expect(() => builder.CreateFence(AtomicOrdering.Monotonic)).toThrow(/a fence needs/);
    expect(() =>
      builder.CreateAtomicCmpXchg(ptr, value, value, 4, AtomicOrdering.Monotonic, AtomicOrdering.Release),
    ).toThrow(/ordering/);
    module.dispose();
  });

  it('makes loads and stores atomic, volatile and aligned', () => {
    const { module, builder, ptr, value } = scaffold(i32);
    const load = builder.CreateLoad(i32, ptr);
    load.setAtomic(AtomicOrdering.Acquire, 'agent');
    load.setAlignment(4);
    const store = builder.CreateStore(value, ptr);
    store.setVolatile(true);
    store.setAlignment(8);
    builder.CreateRetVoid();
    const text = module.print();
    expect(text).toContain('load atomic i32, ptr addrspace(1) %0 syncscope("agent") acquire, align 4');
    expect(text).toContain('store volatile i32 %1, ptr addrspace(1) %0, align 8');
    expect(() => store.setAtomic(AtomicOrdering.Acquire)).toThrow(/cannot have Acquire/);
    expect(module.verify()).toBeNull();
    module.dispose();
  });
});

describe('calls, inline asm, uses and constants', () => {
  const i32 = L.Type.getInt32Ty(context);
  const i64 = L.Type.getInt64Ty(context);

  it('builds inline asm and inspects calls', () => {
    const module = ir('declare i32 @callee(i32)');
    const callee = module.getFunction('callee');
    if (!callee) throw new Error('missing');
    const type = L.FunctionType.get(i32, [], false);
    const fn = L.Function.Create(type, L.Function.LinkageTypes.ExternalLinkage, 'f', module);
    const builder = new L.IRBuilder(L.BasicBlock.Create(context, 'entry', fn));
    const asmType = L.FunctionType.get(i32, [], false);
    const laneid = L.InlineAsm.get(asmType, 'mov.u32 $0, %laneid;', '=r', false);
    const lane = builder.CreateCall(asmType, laneid, []);
    const call = builder.CreateCall(callee, [lane]);
    call.setTailCall(true);
    call.setCallingConv(L.CallingConv.Fast);
    builder.CreateRet(call);
    expect(lane.isInlineAsm()).toBe(true);
    expect(lane.getCalledFunction()).toBeNull();
    expect(call.getCalledFunction()?.getName()).toBe('callee');
    expect(call.getCalledOperand().isSame(callee)).toBe(true);
    expect(call.arg_size()).toBe(1);
    expect(call.getArgOperand(0).isSame(lane)).toBe(true);
    expect(call.isTailCall()).toBe(true);
    expect(call.getTailCallKind()).toBe(L.CallInst.TailCallKind.TCK_Tail);
    expect(call.getCallingConv()).toBe(L.CallingConv.Fast);
    expect(module.print()).toContain('%1 = tail call fastcc i32 @callee(i32 %0)');
    expect(module.print()).toContain('call i32 asm "mov.u32 $0, %laneid;", "=r"()');
    expect(() => L.InlineAsm.get(asmType, 'nop', '=r,r', true)).toThrow(/constraints/);
    expect(() => call.getArgOperand(1)).toThrow(/out of range/);
    module.dispose();
  });

  it('walks uses and users and replaces all uses', () => {
    const module = ir(`declare void @marker(i64)
define void @f(i64 %x) {
  call void @marker(i64 1)
  call void @marker(i64 2)
  %y = add i64 %x, 1
  %z = mul i64 %y, %y
  ret void
}`);
    const marker = module.getFunction('marker');
    const fn = module.getFunction('f');
    if (!marker || !fn) throw new Error('missing');
    expect(marker.getNumUses()).toBe(2);
    const ids = marker.getUsers().map((user) => {
      const call = user as CallInst;
      return (call.getArgOperand(0) as ConstantInt).getZExtValue();
    });
    expect(ids.sort()).toEqual([1n, 2n]);
    const [, , add, mul] = fn.getEntryBlock().getInstructions();
    if (!add || !mul) throw new Error('missing');
    expect(
      add
        .getUses()
        .map((u) => u.operandNo)
        .sort(),
    ).toEqual([0, 1]);
    expect(add.getUses().every((u) => u.user.isSame(mul))).toBe(true);
    add.replaceAllUsesWith(fn.getArg(0));
    expect(add.use_empty()).toBe(true);
    expect(mul.print()).toBe('  %z = mul i64 %x, %x');
    expect(() => fn.getArg(0).replaceAllUsesWith(L.ConstantInt.get(i32, 0))).toThrow(/type differs/);
    add.eraseFromParent();
    expect(() => add.getName()).toThrow(/was deleted/);
    for (const call of marker.getUsers()) (call as Instruction).eraseFromParent();
    expect(marker.use_empty()).toBe(true);
    expect(() => mul.eraseFromParent()).not.toThrow();
    expect(module.verify()).toBeNull();
    module.dispose();
  });

  it('reads constant integers as bigints and builds them from bigints', () => {
    const big = L.ConstantInt.getFromBigInt(i64, 0xfedcba9876543210n);
    expect(big.getZExtValue()).toBe(0xfedcba9876543210n);
    expect(big.getSExtValue()).toBe(0xfedcba9876543210n - (1n << 64n));
    const minusOne = L.ConstantInt.getFromBigInt(i64, -1n);
    expect(minusOne.isAllOnesValue()).toBe(true);
    expect(minusOne.getSExtValue()).toBe(-1n);
    expect(L.ConstantInt.get(i32, 7).getBitWidth()).toBe(32);
    expect(() => L.ConstantInt.getFromBigInt(i64, 1n << 70n)).toThrow(/64 bits/);
    expect((L.ConstantFP.get(L.Type.getFloatTy(context), 0.1) as ConstantFP).getValue()).toBe(
      Math.fround(0.1),
    );
  });

  it('builds constant-expression casts and raw data arrays', () => {
    const f32 = L.Type.getFloatTy(context);
    const module = ir('@g = addrspace(1) global i32 0');
    const global = module.getGlobalVariable('g');
    if (!global) throw new Error('missing');
    const handle = L.ConstantExpr.getIntToPtr(
      L.ConstantInt.getFromBigInt(i64, 0x7f0012345678n),
      f32.getPointerTo(1),
    );
    expect(handle.print()).toBe(`ptr addrspace(1) inttoptr (i64 ${0x7f0012345678n} to ptr addrspace(1))`);
    expect((handle as ConstantExpr).getOpcodeName()).toBe('inttoptr');
    const generic = L.ConstantExpr.getAddrSpaceCast(global, i32.getPointerTo(0));
    expect(generic.print()).toBe('ptr addrspacecast (ptr addrspace(1) @g to ptr)');
    // Pointers are opaque: a bitcast between pointers of one address space is the pointer itself.
    expect(L.ConstantExpr.getBitCast(global, f32.getPointerTo(1)).isSame(global)).toBe(true);
    expect(L.ConstantExpr.getPtrToInt(global, i64).print()).toBe('i64 ptrtoint (ptr addrspace(1) @g to i64)');
    expect(L.ConstantExpr.getPointerCast(generic, f32.getPointerTo(0)).isSame(generic)).toBe(true);
    expect(L.ConstantExpr.getPointerCast(global, f32.getPointerTo(0)).print()).toContain('addrspacecast');
    expect(() => L.ConstantExpr.getBitCast(global, i64)).toThrow(/invalid cast/);
    const data = Buffer.from(new Float32Array([1.5, -2, 0.25]).buffer);
    expect(L.ConstantDataArray.getRaw(data, 3, f32).print()).toBe(
      '[3 x float] [float 1.500000e+00, float -2.000000e+00, float 2.500000e-01]',
    );
    expect(() => L.ConstantDataArray.getRaw(data, 4, f32)).toThrow(/size does not match/);
    module.dispose();
  });
});
