/**
 * The ROCm back-end's strong runtime (docs/design.md, "The runtime library").
 *
 * Device exceptions: the code object exports `gpuc_exception`, six 64-bit words in global
 * memory that the host reads after the dispatch completes (and clears before the next). The
 * first word is set once, by compare-and-swap, to the throwing work-item's identity and a
 * reason code: `(work-group + 1) << 24 | work-item << 8 | reason`. Only the work-item that set it
 * writes the message, function and file (device addresses of the code object's strings) and
 * the line; then, after a system-scope release fence, the word that says the report is
 * complete; then every throwing wavefront ends (`s_endpgm`), the rest of the grid running on.
 *
 * There is no device heap: `malloc` is not provided, and code that allocates is refused when
 * the module is validated.
 */

import { buildExceptionRuntime, type Target } from '@gpuc/core/compiler';
import { EXCEPTION_GLOBAL, EXCEPTION_WORDS } from '@gpuc/core/host';
import {
  addGlobal,
  basicTypes,
  callByName,
  type IRBuilder,
  linearIndex,
  llvm,
  type Module,
  type Value,
} from '@gpuc/core/llvm';
import { DISPATCH } from './intrinsics.js';
import { AddressSpace } from './target.js';

/** Defines the strong runtime (signal_exception, the report functions) in a module. */
export function buildRocmRuntime(module: Module, _target: Target): void {
  const l = llvm();
  const context = module.getContext();
  const { i16, i32, i64, void: voidType } = basicTypes(context);
  const words = l.ArrayType.get(i64, EXCEPTION_WORDS.count);
  const { Release } = l.AtomicOrdering;

  const block = addGlobal(module, {
    name: EXCEPTION_GLOBAL,
    type: words,
    init: 'zero',
    addressSpace: AddressSpace.global,
    alignment: 8,
  });
  block.setMetadata('gpuc.export', l.MDNode.get(context, []));

  const intrinsic = (b: IRBuilder, name: string, result = i32, args: Value[] = []) =>
    callByName(b, module, name, result, args);
  /** A field of the dispatch packet, as i32. */
  const packet = (b: IRBuilder, offset: number, wide: boolean) => {
    const base = intrinsic(
      b,
      'llvm.amdgcn.dispatch.ptr',
      l.Type.getInt8PtrTy(context, AddressSpace.constant),
    );
    const type = wide ? i32 : i16;
    const field = b.CreateBitCast(
      b.CreateInBoundsGEP(l.Type.getInt8Ty(context), base, [l.ConstantInt.get(i64, offset)]),
      l.PointerType.get(type, AddressSpace.constant),
    );
    const value = b.CreateLoad(type, field);
    return wide ? value : b.CreateZExt(value, i32);
  };
  // The reason may differ from the claim's (an out-of-memory report, then the signal).
  const mask = l.ConstantInt.get(i64, -256, true);

  buildExceptionRuntime(module, {
    word: i64,
    words: EXCEPTION_WORDS,
    string: l.Type.getInt8PtrTy(context, AddressSpace.global),
    open: (b) => ({
      at: (index) =>
        b.CreateInBoundsGEP(words, block, [l.ConstantInt.get(i32, 0), l.ConstantInt.get(i32, index)]),
    }),
    /** `(work-group + 1) << 24 | work-item << 8 | reason` (hsa/exceptions.ts reads it back). */
    identity(b, reason) {
      const axes = ['x', 'y', 'z'];
      type Axes = [Value, Value, Value];
      const item = axes.map((a): Value => intrinsic(b, `llvm.amdgcn.workitem.id.${a}`)) as Axes;
      const group = axes.map((a): Value => intrinsic(b, `llvm.amdgcn.workgroup.id.${a}`)) as Axes;
      const size = DISPATCH.workgroupSize.map((offset) => packet(b, offset, false)) as Axes;
      const grid = DISPATCH.gridSize.map((offset, a) =>
        b.CreateUDiv(packet(b, offset, true), size[a] as Value),
      ) as Axes;
      const workgroup = b.CreateAdd(
        b.CreateZExt(linearIndex(b, group, grid), i64),
        l.ConstantInt.get(i64, 1),
      );
      const workitem = b.CreateZExt(
        b.CreateAnd(linearIndex(b, item, size), l.ConstantInt.get(i32, 0xffff)),
        i64,
      );
      return b.CreateOr(
        b.CreateOr(
          b.CreateShl(workgroup, l.ConstantInt.get(i64, 24)),
          b.CreateShl(workitem, l.ConstantInt.get(i64, 8)),
        ),
        l.ConstantInt.get(i64, reason),
      );
    },
    wordAlignment: 8,
    owns: (b, owner, me) => b.CreateICmpEQ(b.CreateAnd(owner, mask), b.CreateAnd(me, mask)),
    oomMessageSpace: AddressSpace.global,
    // The report is visible to the host before the word that says it is complete.
    beforeSignal: (b) => {
      b.CreateFence(Release);
    },
    leave(b) {
      intrinsic(b, 'llvm.amdgcn.endpgm', voidType);
      b.CreateUnreachable();
    },
  });
}
