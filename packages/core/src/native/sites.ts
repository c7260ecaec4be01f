/**
 * Suspend sites: where a thread of a native kernel waits for the others (a barrier or a warp
 * operation), as constant descriptors the launcher reads to decide which threads may go on and
 * to report a barrier or warp operation under divergent control flow at its line.
 *
 * A descriptor is `{ i32 kind, i32 line, i8* function, i8* file, i8* operation }`; a thread at a
 * suspend point leaves its site's address in a thread-local slot. A finished thread's site is
 * the `done` descriptor (kind -1), so the launcher never reads through a null pointer.
 */
import { basicTypes } from '../llvm/basic-types.js';
import { addGlobal } from '../llvm/globals.js';
import { llvm } from '../llvm/load.js';
import { threadLocalGlobal } from '../llvm/module.js';
import type { GlobalVariable, IRBuilder, Module, StructType, Value } from '../llvm/types.js';
import { COLLECTIVES } from '../reference/gpu.js';

/** Kinds of suspend points: the collective operations, in the reference runner's names. */
const KINDS: readonly string[] = [...COLLECTIVES];

/** The barrier's kind, which waits for the block; the others (warp operations) wait for the warp. */
export const BARRIER_KIND = KINDS.indexOf('barrier');

/** A suspend point's operation and its place in the source. */
export interface SuspendSite {
  /** A name in the reference runner's COLLECTIVES. */
  readonly operation: string;
  readonly function: string;
  readonly file: string;
  readonly line: number;
}

/** Fields of a descriptor. */
const SITE_FIELDS = { kind: 0, line: 1, function: 2, file: 3, operation: 4 } as const;

/** The descriptor type. */
function siteType(module: Module): StructType {
  const l = llvm();
  const context = module.getContext();
  const { i32, ptr } = basicTypes(context);
  return l.StructType.get(context, [i32, i32, ptr, ptr, ptr]);
}

function descriptor(
  module: Module,
  builder: IRBuilder,
  kind: number,
  site: SuspendSite,
  name: string,
): GlobalVariable {
  const l = llvm();
  const context = module.getContext();
  const { i32 } = basicTypes(context);
  const text = (value: string) => builder.CreateGlobalStringPtr(value, 'gpuc.native.site.text', 0, module);
  const type = siteType(module);
  return addGlobal(module, {
    name,
    type,
    constant: true,
    linkage: 'private',
    init: l.ConstantStruct.get(type, [
      l.ConstantInt.get(i32, kind, true),
      l.ConstantInt.get(i32, site.line),
      text(site.function),
      text(site.file),
      text(site.operation),
    ]),
  });
}

/** The descriptor of a suspend point, as an `i8*`. */
export function siteDescriptor(module: Module, builder: IRBuilder, site: SuspendSite): Value {
  const l = llvm();
  const kind = KINDS.indexOf(site.operation);
  if (kind < 0) throw new Error(`gpuc: ${site.operation} is not a collective operation`);
  const global = descriptor(module, builder, kind, site, 'gpuc.native.site');
  return l.ConstantExpr.getBitCast(global, l.Type.getInt8PtrTy(module.getContext()));
}

/** The site of a finished thread (kind -1, no operation). */
export function doneSite(module: Module, builder: IRBuilder): Value {
  const l = llvm();
  const name = 'gpuc.native.site.done';
  const global =
    module.getGlobalVariable(name, true) ??
    descriptor(module, builder, -1, { operation: '', function: '', file: '', line: 0 }, name);
  return l.ConstantExpr.getBitCast(global, l.Type.getInt8PtrTy(module.getContext()));
}

/** The thread-local slot where a suspending thread leaves its site. */
export function siteSlot(module: Module): GlobalVariable {
  return threadLocalGlobal(module, 'gpuc.native.site.current', basicTypes(module).ptr);
}

/** A field of a site's descriptor. */
export function siteField(b: IRBuilder, module: Module, site: Value, field: keyof typeof SITE_FIELDS): Value {
  const l = llvm();
  const context = module.getContext();
  const { i32 } = basicTypes(context);
  const type = siteType(module);
  const typed = b.CreateBitCast(site, l.PointerType.get(type, 0));
  const index = SITE_FIELDS[field];
  const at = b.CreateInBoundsGEP(type, typed, [l.ConstantInt.get(i32, 0), l.ConstantInt.get(i32, index)]);
  return b.CreateLoad(index < 2 ? i32 : l.Type.getInt8PtrTy(context), at);
}
