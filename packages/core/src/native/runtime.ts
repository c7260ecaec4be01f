/**
 * The native back-end's strong runtime: device exceptions record their message and source
 * location in the status globals of the kernel's module (see launcher.ts), which the launcher
 * checks after every thread and the host reads through exported accessors; `malloc` is libc's.
 */

import type { Target } from '../compiler/job.js';
import { basicTypes } from '../llvm/basic-types.js';
import { addGlobal } from '../llvm/globals.js';
import { llvm } from '../llvm/load.js';
import { defineFunction, threadLocalGlobal } from '../llvm/module.js';
import type { IRBuilder, LLVMFunction, Type as LLVMType, Module, Value } from '../llvm/types.js';

export function buildNativeRuntime(module: Module, _target: Target): void {
  const l = llvm();
  const context = module.getContext();
  const { i32, i64, ptr, void: voidType } = basicTypes(context);
  // The status lives in the kernel's module (its launcher reads it); the runtime only writes it.
  const global = (name: string, type: LLVMType) => addGlobal(module, { name, type });
  const status = global('gpuc.status', i32);
  // A throwing thread writes its report where only it can see it; the first thread to set the
  // status then publishes its own, so reports of threads throwing at once never mix.
  const pending = (name: string, type: LLVMType) =>
    threadLocalGlobal(module, `gpuc.native.pending.${name}`, type);
  const fields = (['message', 'function', 'file', 'line'] as const).map((name) => {
    const type = name === 'line' ? i32 : ptr;
    return { type, published: global(`gpuc.${name}`, type), pending: pending(name, type) };
  });
  const [message, fn, file, line] = fields.map((f) => f.pending) as unknown as [Value, Value, Value, Value];

  const define = (
    name: string,
    result: LLVMType,
    params: LLVMType[],
    body: (b: IRBuilder, f: LLVMFunction) => void,
  ) => defineFunction(module, name, result, params, body);

  define('gpu_signal_exception', voidType, [], (b, f) => {
    const { SequentiallyConsistent } = l.AtomicOrdering;
    const exchange = b.CreateAtomicCmpXchg(
      status,
      l.ConstantInt.get(i32, 0),
      l.ConstantInt.get(i32, 1),
      null,
      SequentiallyConsistent,
      SequentiallyConsistent,
    );
    const first = l.BasicBlock.Create(context, 'first', f);
    const done = l.BasicBlock.Create(context, 'done', f);
    b.CreateCondBr(b.CreateExtractValue(exchange, [1]), first, done);
    b.SetInsertPoint(first);
    for (const field of fields) b.CreateStore(b.CreateLoad(field.type, field.pending), field.published);
    b.CreateBr(done);
    b.SetInsertPoint(done);
    b.CreateRetVoid();
  });
  define('gpu_report_exception', voidType, [ptr], (b, f) => {
    b.CreateStore(f.getArg(0), message);
    b.CreateRetVoid();
  });
  define('gpu_report_exception_name', voidType, [ptr], (b, f) => {
    b.CreateStore(f.getArg(0), message);
    b.CreateRetVoid();
  });
  define('gpu_report_exception_frame', voidType, [i32, ptr, ptr, i32], (b, f) => {
    b.CreateStore(f.getArg(1), fn);
    b.CreateStore(f.getArg(2), file);
    b.CreateStore(f.getArg(3), line);
    b.CreateRetVoid();
  });
  define('gpu_report_oom', voidType, [i64], (b) => {
    b.CreateStore(b.CreateGlobalStringPtr('out of memory', 'gpuc.oom', 0, module), message);
    b.CreateRetVoid();
  });
  const malloc = module.getOrInsertFunction('malloc', l.FunctionType.get(ptr, [i64], false));
  define('gpu_malloc', ptr, [i64], (b, f) => {
    b.CreateRet(b.CreateCall(malloc, [f.getArg(0)]));
  });
}
