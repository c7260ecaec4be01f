/**
 * Kernel parameters as the driver takes them: each argument laid out as LLVM lays out the
 * kernel's parameter type (scalars at their size, arrays as `{ pointer, i32 length, i32
 * extents... }`, records and tuples as structs with natural alignment), and an array of their
 * addresses for `cuLaunchKernel`.
 */
import type { KernelType } from '@gpuc/core/host';
import { addressOf, type DeviceArray } from './memory.js';

/** The device memory an array argument points at, and its shape when it is a view. */
export interface DeviceView {
  readonly array: DeviceArray;
  readonly shape?: readonly number[];
}

const SCALAR_BYTES: Record<string, number> = {
  bool: 1,
  i8: 1,
  u8: 1,
  i16: 2,
  u16: 2,
  i32: 4,
  u32: 4,
  f32: 4,
  i64: 8,
  u64: 8,
  f64: 8,
};

/** Size and alignment of a kernel type passed by value. */
export function layout(type: KernelType): { size: number; align: number } {
  if (type.kind === 'scalar') {
    const size = SCALAR_BYTES[type.name] ?? 8;
    return { size, align: size };
  }
  if (type.kind === 'array') {
    const fields = 1 + (type.rank > 1 ? type.rank : 0);
    return { size: Math.ceil((8 + 4 * fields) / 8) * 8, align: 8 };
  }
  const members =
    type.kind === 'record' ? type.fields.map(([, t]) => t) : type.kind === 'tuple' ? type.elements : [];
  let size = 0;
  let align = 1;
  for (const member of members) {
    const m = layout(member);
    size = Math.ceil(size / m.align) * m.align + m.size;
    align = Math.max(align, m.align);
  }
  return { size: Math.ceil(size / align) * align || 1, align };
}

/** Writes a value of a kernel type at `offset`. */
function write(view: DataView, offset: number, type: KernelType, value: unknown): void {
  if (type.kind === 'scalar') {
    const raw = value instanceof Number ? value.valueOf() : value;
    switch (type.name) {
      case 'bool':
        view.setUint8(offset, raw ? 1 : 0);
        return;
      case 'i8':
      case 'u8':
        view.setUint8(offset, Number(raw) & 0xff);
        return;
      case 'i16':
      case 'u16':
        view.setUint16(offset, Number(raw) & 0xffff, true);
        return;
      case 'i32':
      case 'u32':
        view.setUint32(offset, Number(raw) >>> 0, true);
        return;
      case 'f32':
        view.setFloat32(offset, Number(raw), true);
        return;
      case 'f64':
        view.setFloat64(offset, Number(raw), true);
        return;
      default:
        view.setBigUint64(offset, BigInt.asUintN(64, BigInt(raw as bigint | number)), true);
        return;
    }
  }
  if (type.kind === 'array') {
    const device = value as DeviceView;
    view.setBigUint64(offset, device.array.pointer, true);
    view.setUint32(offset + 8, device.array.length, true);
    if (type.rank > 1) {
      device.shape?.forEach((n, d) => {
        view.setUint32(offset + 12 + 4 * d, n, true);
      });
    }
    return;
  }
  const members: [KernelType, unknown][] =
    type.kind === 'record'
      ? type.fields.map(([name, t]) => [t, (value as Record<string, unknown>)[name]])
      : type.kind === 'tuple'
        ? type.elements.map((t, i) => [t, (value as unknown[])[i]])
        : [];
  let at = offset;
  for (const [member, v] of members) {
    const m = layout(member);
    at = Math.ceil(at / m.align) * m.align;
    write(view, at, member, v);
    at += m.size;
  }
}

/**
 * The parameter memory of a kernel, reused by every launch (the driver copies the values
 * before `cuLaunchKernel` returns): one buffer holding each argument at an 8-byte-aligned slot,
 * and the array of the slots' addresses the driver reads them through, both made once.
 */
export class ParameterBlock {
  private readonly offsets: number[];
  private readonly view: DataView;
  /** What `cuLaunchKernel` takes as `kernelParams`. */
  readonly addresses: BigUint64Array;

  constructor(private readonly types: readonly KernelType[]) {
    let size = 0;
    this.offsets = types.map((type) => {
      const at = size;
      size += Math.ceil(Math.max(8, layout(type).size) / 8) * 8;
      return at;
    });
    const memory = Buffer.alloc(Math.max(8, size));
    this.view = new DataView(memory.buffer, memory.byteOffset, memory.byteLength);
    const base = addressOf(memory);
    this.addresses = BigUint64Array.from(this.offsets.map((at) => base + BigInt(at)));
  }

  /** Writes a launch's argument values into their slots. */
  fill(values: readonly unknown[]): BigUint64Array {
    this.types.forEach((type, i) => {
      write(this.view, this.offsets[i] as number, type, values[i]);
    });
    return this.addresses;
  }
}
