/**
 * Arrays captured `byReference` on the native target: the kernel runs in this process, so it
 * reaches the array's own memory at its address, baked into the code. The result is bound to
 * this process (docs/design.md, "Captured host values": session-dependent), so it is never written to disk; the
 * loaded kernel keeps the array alive.
 */

import type { CapturedValue, CaptureRequest } from '../compiler/hooks.js';
import { ArrayView, isByReference } from '../frontend/values.js';
import { hostAddress } from '../host/address.js';
import { basicTypes } from '../llvm/basic-types.js';
import { llvm } from '../llvm/load.js';

/**
 * Named metadata marking a module that reaches host arrays at their addresses: memory the
 * launch's arguments may share, unseen by the launcher's check that they share none.
 */
export const BY_REFERENCE = 'gpuc.native.by-reference';

/** The native back-end's `captureValue`: byReference arrays by address. */
export function captureByReference(request: CaptureRequest): CapturedValue | undefined {
  const { value, type, types } = request;
  if (type.kind !== 'array' || !isByReference(value)) return undefined;
  const l = llvm();
  request.module.getOrInsertNamedMetadata(BY_REFERENCE);
  const context = request.module.getContext();
  const { i32 } = basicTypes(context);
  const data = (value instanceof ArrayView ? value.data : value) as ArrayBufferView & { length: number };
  const pointer = l.ConstantExpr.getIntToPtr(
    l.ConstantInt.getFromBigInt(l.Type.getInt64Ty(context) as never, hostAddress(data)),
    l.PointerType.get(types.memory(type.element), types.space('global')),
  );
  const shape = value instanceof ArrayView ? value.shape.map((n) => l.ConstantInt.get(i32, n)) : [];
  return {
    value: l.ConstantStruct.get(
      types.value(type) as never,
      [pointer, l.ConstantInt.get(i32, data.length), ...shape] as never,
    ),
    portable: false,
  };
}
