// What the binding's tests share: the binding, a saxpy module built with the IR builder, and
// LLVM 22's own tools to read what it emits.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Argument, type LLVMContext, llvm, type Module } from '../src/index.js';

export const l = llvm();

/** A machine for a triple and CPU at -O2. */
export function machine(triple: string, cpu: string, features = '') {
  const target = l.TargetRegistry.lookupTarget(triple);
  if (target === null) throw new Error(`no target for ${triple}`);
  return target.createTargetMachine(triple, cpu, features, { optLevel: 2, relocModel: 'pic' });
}

/**
 * `y[i] = a * x[i] + y[i]` over pointers of `space`, as a kernel of the calling convention given
 * (C for the host), with the machine's triple and data layout.
 */
export function saxpy(
  context: LLVMContext,
  triple: string,
  layout: string,
  space = 0,
  cc = l.CallingConv.C,
): Module {
  const module = new l.Module('saxpy', context);
  module.setTargetTriple(triple);
  module.setDataLayout(layout);
  const f32 = l.Type.getFloatTy(context);
  const i32 = l.Type.getInt32Ty(context);
  const ptr = l.PointerType.get(context, space);
  const fn = l.Function.Create(
    l.FunctionType.get(l.Type.getVoidTy(context), [f32, ptr, ptr, i32], false),
    l.GlobalValue.LinkageTypes.ExternalLinkage,
    'saxpy',
    module,
  );
  fn.setCallingConv(cc);
  const [a, x, y, n] = fn.getArguments() as [Argument, Argument, Argument, Argument];
  const entry = l.BasicBlock.Create(context, 'entry', fn);
  const loop = l.BasicBlock.Create(context, 'loop', fn);
  const done = l.BasicBlock.Create(context, 'done', fn);
  const b = new l.IRBuilder(entry);
  b.CreateCondBr(b.CreateICmpSGT(n, l.ConstantInt.get(i32, 0)), loop, done);
  b.SetInsertPoint(loop);
  const i = b.CreatePHI(i32, 2, 'i');
  i.addIncoming(l.ConstantInt.get(i32, 0), entry);
  const px = b.CreateInBoundsGEP(f32, x, [i]);
  const py = b.CreateInBoundsGEP(f32, y, [i]);
  b.CreateStore(b.CreateFAdd(b.CreateFMul(a, b.CreateLoad(f32, px)), b.CreateLoad(f32, py)), py);
  const next = b.CreateAdd(i, l.ConstantInt.get(i32, 1));
  i.addIncoming(next, loop);
  b.CreateCondBr(b.CreateICmpSLT(next, n), loop, done);
  b.SetInsertPoint(done);
  b.CreateRetVoid();
  return module;
}

/** An LLVM 22 tool by name (`llvm-readelf`...), or null. */
export function tool(name: string): string | null {
  const path = `/usr/lib/llvm-22/bin/${name}`;
  return existsSync(path) ? path : null;
}

export const ptxas =
  ['/usr/local/cuda/bin/ptxas', process.env.GPUC_PTXAS].find((p) => p && existsSync(p)) ?? null;

export function run(command: string, args: string[], input?: Buffer | string): string {
  return execFileSync(command, args, { encoding: 'utf8', input });
}
