/**
 * The CUDA back-end's strong runtime (docs/design.md, "The runtime library").
 *
 * Device exceptions: the host allocates a block of pinned, device-mapped memory and writes its
 * device address into the module's `gpuc_exception` global after loading it. A throwing thread
 * claims the block with a compare-and-swap of its own id into the first word; only the thread
 * that won writes the message, function, file and line (device addresses of the module's
 * strings, which the host reads back) and then, after a system-wide fence, the word the host
 * checks after synchronising. Every throwing thread then leaves the kernel (PTX `exit`), so the
 * others of the grid run on and the context stays usable.
 *
 * `malloc` is the device heap's (the PTX JIT provides it); out of memory is reported like an
 * exception with the message `out of memory`.
 */
import {
  callByName,
  defineFunction,
  type IRBuilder,
  type LLVMFunction,
  llvm,
  type Module,
  type Target,
  type Value,
} from '@gpuc/core';
import { EXCEPTION_GLOBAL, EXCEPTION_WORDS } from '@gpuc/core/host';

export function buildCudaRuntime(module: Module, _target: Target): void {
  const l = llvm();
  const context = module.getContext();
  const i32 = l.Type.getInt32Ty(context);
  const i64 = l.Type.getInt64Ty(context);
  const ptr = l.Type.getInt8PtrTy(context);
  const i64ptr = l.PointerType.get(i64, 0);
  const voidType = l.Type.getVoidTy(context);
  const { SequentiallyConsistent } = l.AtomicOrdering;

  const block = l.GlobalVariable.Create(
    module,
    i64ptr,
    false,
    l.GlobalValue.LinkageTypes.ExternalLinkage,
    l.Constant.getNullValue(i64ptr),
    EXCEPTION_GLOBAL,
    1,
    l.GlobalVariable.ThreadLocalMode.NotThreadLocal,
    true,
  );
  block.setMetadata('gpuc.export', l.MDNode.get(context, []));

  const define = (
    name: string,
    result: typeof voidType,
    params: (typeof voidType)[],
    body: (b: IRBuilder, f: LLVMFunction) => void,
  ) => defineFunction(module, name, result, params, body);
  const register = (b: IRBuilder, name: string) =>
    b.CreateZExt(callByName(b, module, `llvm.nvvm.read.ptx.sreg.${name}`, i32, []), i64);
  /** This thread's id in the grid, plus one (zero means nobody). */
  const self = (b: IRBuilder) => {
    const [tx, ty, tz, nx, ny, nz] = ['tid.x', 'tid.y', 'tid.z', 'ntid.x', 'ntid.y', 'ntid.z'].map((r) =>
      register(b, r),
    ) as Value[];
    const [cx, cy, cz, gx, gy] = ['ctaid.x', 'ctaid.y', 'ctaid.z', 'nctaid.x', 'nctaid.y'].map((r) =>
      register(b, r),
    ) as Value[];
    const thread = b.CreateAdd(
      tx as Value,
      b.CreateMul(nx as Value, b.CreateAdd(ty as Value, b.CreateMul(ny as Value, tz as Value))),
    );
    const blockId = b.CreateAdd(
      cx as Value,
      b.CreateMul(gx as Value, b.CreateAdd(cy as Value, b.CreateMul(gy as Value, cz as Value))),
    );
    const threads = b.CreateMul(b.CreateMul(nx as Value, ny as Value), nz as Value);
    return b.CreateAdd(b.CreateAdd(b.CreateMul(blockId, threads), thread), l.ConstantInt.get(i64, 1));
  };
  const word = (b: IRBuilder, base: Value, index: number) =>
    b.CreateInBoundsGEP(i64, base, [l.ConstantInt.get(i64, index)]);
  /**
   * Runs `body` if the block exists and this thread owns it (claiming it first when `claim`),
   * with a builder inside; the builder continues after.
   */
  const owning = (b: IRBuilder, f: LLVMFunction, claim: boolean, body: (base: Value) => void) => {
    const base = b.CreateLoad(i64ptr, block);
    const exists = l.BasicBlock.Create(context, 'exists', f);
    const owned = l.BasicBlock.Create(context, 'owned', f);
    const done = l.BasicBlock.Create(context, 'done', f);
    b.CreateCondBr(b.CreateICmpNE(base, l.Constant.getNullValue(i64ptr)), exists, done);
    b.SetInsertPoint(exists);
    const me = self(b);
    let owner: Value;
    if (claim) {
      const pair = b.CreateAtomicCmpXchg(
        word(b, base, EXCEPTION_WORDS.owner),
        l.ConstantInt.get(i64, 0),
        me,
        null,
        SequentiallyConsistent,
        SequentiallyConsistent,
      );
      const previous = b.CreateExtractValue(pair, [0]);
      owner = b.CreateSelect(b.CreateExtractValue(pair, [1]), me, previous);
    } else {
      const load = b.CreateLoad(i64, word(b, base, EXCEPTION_WORDS.owner));
      (load as never as { setVolatile(v: boolean): void }).setVolatile(true);
      owner = load;
    }
    b.CreateCondBr(b.CreateICmpEQ(owner, me), owned, done);
    b.SetInsertPoint(owned);
    body(base);
    b.CreateBr(done);
    b.SetInsertPoint(done);
  };
  const store = (b: IRBuilder, base: Value, index: number, value: Value) => {
    const stored = b.CreateStore(value, word(b, base, index));
    (stored as never as { setVolatile(v: boolean): void }).setVolatile(true);
  };
  const address = (b: IRBuilder, pointer: Value) => b.CreatePtrToInt(pointer, i64);
  const reportMessage = (b: IRBuilder, f: LLVMFunction, message: Value) => {
    owning(b, f, true, (base) => store(b, base, EXCEPTION_WORDS.message, address(b, message)));
  };
  const membar = (b: IRBuilder) => callByName(b, module, 'llvm.nvvm.membar.sys', voidType, []);

  define('gpu_report_exception', voidType, [ptr], (b, f) => {
    reportMessage(b, f, f.getArg(0));
    b.CreateRetVoid();
  });
  define('gpu_report_exception_name', voidType, [ptr], (b, f) => {
    reportMessage(b, f, f.getArg(0));
    b.CreateRetVoid();
  });
  define('gpu_report_oom', voidType, [i64], (b, f) => {
    reportMessage(b, f, b.CreateGlobalStringPtr('out of memory', 'gpuc.oom', 1, module));
    b.CreateRetVoid();
  });
  define('gpu_report_exception_frame', voidType, [i32, ptr, ptr, i32], (b, f) => {
    owning(b, f, false, (base) => {
      store(b, base, EXCEPTION_WORDS.function, address(b, f.getArg(1)));
      store(b, base, EXCEPTION_WORDS.file, address(b, f.getArg(2)));
      store(b, base, EXCEPTION_WORDS.line, b.CreateZExt(f.getArg(3), i64));
    });
    b.CreateRetVoid();
  });
  define('gpu_signal_exception', voidType, [], (b, f) => {
    owning(b, f, true, (base) => {
      // The report is visible to the host before the word that says it is there.
      membar(b);
      store(b, base, EXCEPTION_WORDS.signalled, l.ConstantInt.get(i64, 1));
      membar(b);
    });
    const exit = l.InlineAsm.get(l.FunctionType.get(voidType, [], false), 'exit;', '', true);
    b.CreateCall(l.FunctionType.get(voidType, [], false), exit, []);
    b.CreateRetVoid();
  });
  const malloc = module.getOrInsertFunction('malloc', l.FunctionType.get(ptr, [i64], false));
  define('gpu_malloc', ptr, [i64], (b, f) => {
    b.CreateRet(b.CreateCall(malloc, [f.getArg(0)]));
  });
}
