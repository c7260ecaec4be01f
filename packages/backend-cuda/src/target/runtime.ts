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

import { buildExceptionRuntime, type Target } from '@gpuc/core/compiler';
import { EXCEPTION_GLOBAL, EXCEPTION_WORDS } from '@gpuc/core/host';
import {
  addGlobal,
  basicTypes,
  callByName,
  defineFunction,
  type IRBuilder,
  linearIndex,
  llvm,
  type Module,
  type Value,
} from '@gpuc/core/llvm';

export function buildCudaRuntime(module: Module, _target: Target): void {
  const l = llvm();
  const context = module.getContext();
  const { i32, i64, ptr } = basicTypes(context);
  const i64ptr = l.PointerType.get(i64, 0);
  const { void: voidType } = basicTypes(context);

  // The host writes the block's address after loading the module.
  const block = addGlobal(module, {
    name: EXCEPTION_GLOBAL,
    type: i64ptr,
    init: 'zero',
    addressSpace: 1,
    externallyInitialized: true,
  });
  block.setMetadata('gpuc.export', l.MDNode.get(context, []));

  const register = (b: IRBuilder, name: string) =>
    b.CreateZExt(callByName(b, module, `llvm.nvvm.read.ptx.sreg.${name}`, i32, []), i64);
  const membar = (b: IRBuilder) => callByName(b, module, 'llvm.nvvm.membar.sys', voidType, []);
  buildExceptionRuntime(module, {
    word: i64,
    words: EXCEPTION_WORDS,
    string: ptr,
    open(b) {
      const base = b.CreateLoad(i64ptr, block);
      return {
        at: (index) => b.CreateInBoundsGEP(i64, base, [l.ConstantInt.get(i64, index)]),
        present: b.CreateICmpNE(base, l.Constant.getNullValue(i64ptr)),
      };
    },
    /** This thread's id in the grid, plus one (zero means nobody); one reason only. */
    identity(b) {
      const [tx, ty, tz, nx, ny, nz] = ['tid.x', 'tid.y', 'tid.z', 'ntid.x', 'ntid.y', 'ntid.z'].map((r) =>
        register(b, r),
      ) as Value[];
      const [cx, cy, cz, gx, gy] = ['ctaid.x', 'ctaid.y', 'ctaid.z', 'nctaid.x', 'nctaid.y'].map((r) =>
        register(b, r),
      ) as Value[];
      const thread = linearIndex(b, [tx, ty, tz] as [Value, Value, Value], [nx, ny] as [Value, Value]);
      const blockId = linearIndex(b, [cx, cy, cz] as [Value, Value, Value], [gx, gy] as [Value, Value]);
      const threads = b.CreateMul(b.CreateMul(nx as Value, ny as Value), nz as Value);
      return b.CreateAdd(b.CreateAdd(b.CreateMul(blockId, threads), thread), l.ConstantInt.get(i64, 1));
    },
    oomMessageSpace: 1,
    // The report is visible to the host before the word that says it is there.
    beforeSignal: membar,
    afterSignal: membar,
    leave(b) {
      const exit = l.InlineAsm.get(l.FunctionType.get(voidType, [], false), 'exit;', '', true);
      b.CreateCall(l.FunctionType.get(voidType, [], false), exit, []);
      b.CreateRetVoid();
    },
  });
  const malloc = module.getOrInsertFunction('malloc', l.FunctionType.get(ptr, [i64], false));
  defineFunction(module, 'gpu_malloc', ptr, [i64], (b, f) => {
    b.CreateRet(b.CreateCall(malloc, [f.getArg(0)]));
  });
}
