/**
 * Kernel arguments as an AMDGPU kernel reads them: the kernarg segment, a block of memory the
 * dispatch packet points at, holding each explicit argument as LLVM lays out its parameter type
 * (scalars at their size and alignment, arrays as `{ T addrspace(1)* data, i32 length, i32
 * extents... }`, records and tuples as structs with natural alignment, values with no run-time
 * content as empty structs) at the offsets the code object's metadata gives, then the hidden
 * arguments the compiler appended (geometry the kernel may read, pointers to runtime services).
 *
 * Offsets come from the metadata when it is at hand (`llvm-readelf` reads it); without it they
 * follow the same rule LLVM applies (each argument at its natural alignment, in order), and the
 * rest of the segment is zeroed, which is what every hidden argument of a code object v4 (LLVM
 * 14's default) must hold for gpuc's kernels.
 */
import type { KernelType } from '@gpuc/core/host';
import type { KernelArgument, KernelMetadata } from '../metadata.js';

/** Device memory as an array argument sees it: an address and an element count. */
export interface DeviceBuffer {
  readonly pointer: bigint;
  readonly length: number;
}

/** An array argument: its device memory, and its shape when it is a view. */
export interface DeviceView {
  readonly array: DeviceBuffer;
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

/** Whether a value is device memory (a RocmArray or anything with an address and a length). */
const isBuffer = (value: unknown): value is DeviceBuffer =>
  typeof (value as Partial<DeviceBuffer> | null)?.pointer === 'bigint' &&
  typeof (value as Partial<DeviceBuffer>).length === 'number';

const roundUp = (n: number, align: number) => Math.ceil(n / align) * align;

/** The members of a record or tuple type, in order, and nothing for any other kind. */
function members(type: KernelType): readonly KernelType[] {
  if (type.kind === 'record') return type.fields.map(([, t]) => t);
  if (type.kind === 'tuple') return type.elements;
  return [];
}

/**
 * Size and alignment of a kernel type passed by value, as the AMDGPU data layout gives them for
 * its LLVM type (a test checks this against LLVM for every kind).
 */
export function layout(type: KernelType): { size: number; align: number } {
  if (type.kind === 'scalar') {
    const size = SCALAR_BYTES[type.name] ?? 8;
    return { size, align: size };
  }
  if (type.kind === 'array') {
    const words = 1 + (type.rank > 1 ? type.rank : 0);
    return { size: roundUp(8 + 4 * words, 8), align: 8 };
  }
  // Records and tuples are literal structs; every other kind is an empty one (no bytes).
  let size = 0;
  let align = 1;
  for (const member of members(type)) {
    const m = layout(member);
    size = roundUp(size, m.align) + m.size;
    align = Math.max(align, m.align);
  }
  return { size: roundUp(size, align), align };
}

/** Writes a value of a kernel type at `offset`. */
function write(view: DataView, offset: number, type: KernelType, value: unknown): void {
  if (type.kind === 'scalar') {
    const raw = value instanceof Number ? value.valueOf() : value;
    if (typeof raw !== 'number' && typeof raw !== 'bigint' && typeof raw !== 'boolean')
      throw new TypeError(`a ${type.name} argument cannot be ${describeValue(value)}`);
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
        view.setBigUint64(offset, BigInt.asUintN(64, BigInt(raw)), true);
        return;
    }
  }
  if (type.kind === 'array') {
    // A buffer stands for itself; a view says its shape.
    const device = (isBuffer(value) ? { array: value } : value) as Partial<DeviceView> | undefined;
    if (!isBuffer(device?.array))
      throw new TypeError(`an array argument must be in device memory, not ${describeValue(value)}`);
    view.setBigUint64(offset, device.array.pointer, true);
    view.setUint32(offset + 8, device.array.length, true);
    if (type.rank > 1) {
      const shape = device.shape ?? [];
      if (shape.length !== type.rank)
        throw new TypeError(
          `a ${type.rank}-dimensional view needs ${type.rank} extents, not ${shape.length}`,
        );
      shape.forEach((n, d) => {
        view.setUint32(offset + 12 + 4 * d, n, true);
      });
    }
    return;
  }
  const types = members(type);
  const values: unknown[] =
    type.kind === 'record'
      ? type.fields.map(([name]) => (value as Record<string, unknown> | undefined)?.[name])
      : type.kind === 'tuple'
        ? types.map((_, i) => (value as unknown[] | undefined)?.[i])
        : [];
  let at = offset;
  types.forEach((member, i) => {
    const m = layout(member);
    at = roundUp(at, m.align);
    write(view, at, member, values[i]);
    at += m.size;
  });
}

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'object') return `a ${value.constructor?.name ?? 'object'}`;
  return `a ${typeof value}`;
}

/** What the hidden arguments of a dispatch hold. */
export interface DispatchValues {
  /** Work-groups in the grid, per dimension. */
  readonly workgroups: readonly [number, number, number];
  /** Work-items per work-group, per dimension. */
  readonly workgroupSize: readonly [number, number, number];
  readonly dimensions: 1 | 2 | 3;
  /** LDS bytes the launch adds to the kernel's static allocation. */
  readonly dynamicSharedBytes: number;
  /** The queue's address (`hsa_queue_t *`). */
  readonly queue: bigint;
}

/**
 * How each hidden argument is filled. Those that point at runtime services gpuc does not run
 * (printf and hostcall buffers, device-side enqueue, multi-grid sync, a device heap) are null:
 * gpuc's kernels never use them. The global offset is 0 (gpuc grids start at 0). A grid is a
 * whole number of work-groups, so the remainders are 0.
 */
const HIDDEN: Record<string, ((values: DispatchValues) => number | bigint) | null> = {
  hidden_global_offset_x: null,
  hidden_global_offset_y: null,
  hidden_global_offset_z: null,
  hidden_none: null,
  hidden_printf_buffer: null,
  hidden_hostcall_buffer: null,
  hidden_default_queue: null,
  hidden_completion_action: null,
  hidden_multigrid_sync_arg: null,
  hidden_heap_v1: null,
  hidden_remainder_x: null,
  hidden_remainder_y: null,
  hidden_remainder_z: null,
  hidden_block_count_x: (v) => v.workgroups[0],
  hidden_block_count_y: (v) => v.workgroups[1],
  hidden_block_count_z: (v) => v.workgroups[2],
  hidden_group_size_x: (v) => v.workgroupSize[0],
  hidden_group_size_y: (v) => v.workgroupSize[1],
  hidden_group_size_z: (v) => v.workgroupSize[2],
  hidden_grid_dims: (v) => v.dimensions,
  hidden_dynamic_lds_size: (v) => v.dynamicSharedBytes,
  hidden_queue_ptr: (v) => v.queue,
};

/** Writes an unsigned integer of 1, 2, 4 or 8 bytes. */
function writeUnsigned(view: DataView, offset: number, size: number, value: number | bigint): void {
  if (size === 8) view.setBigUint64(offset, BigInt.asUintN(64, BigInt(value)), true);
  else if (size === 4) view.setUint32(offset, Number(value) >>> 0, true);
  else if (size === 2) view.setUint16(offset, Number(value) & 0xffff, true);
  else if (size === 1) view.setUint8(offset, Number(value) & 0xff);
  else throw new RangeError(`gpuc: a hidden kernel argument of ${size} bytes`);
}

/** One explicit argument's place in the segment. */
export interface ArgumentSlot {
  readonly offset: number;
  readonly size: number;
  readonly type: KernelType;
}

/** Where a kernel's arguments go in its kernarg segment, and how to fill it for a dispatch. */
export class KernargLayout {
  private constructor(
    /** The explicit arguments, in order. */
    readonly explicit: readonly ArgumentSlot[],
    /** The hidden arguments the code object declares (none when laid out from types alone). */
    readonly hidden: readonly KernelArgument[],
    /** Bytes in the segment (`kernarg_segment_size`). */
    readonly size: number,
    /** Alignment the segment needs. */
    readonly align: number,
  ) {}

  /**
   * The layout LLVM gives these argument types: each at its natural alignment, in order. A
   * `segmentSize` larger than that (the kernel symbol's, which counts hidden arguments) is
   * zero-filled past them; `segmentAlign` is the symbol's alignment for the segment.
   */
  static fromTypes(argTypes: readonly KernelType[], segmentSize = 0, segmentAlign = 1): KernargLayout {
    let end = 0;
    let align = 1;
    const explicit = argTypes.map((type) => {
      const { size, align: a } = layout(type);
      const offset = roundUp(end, a);
      end = offset + size;
      align = Math.max(align, a);
      return { offset, size, type };
    });
    if (segmentSize && segmentSize < end)
      throw new Error(
        `gpuc: the kernel's argument segment has ${segmentSize} bytes; its arguments need ${end}`,
      );
    return new KernargLayout(explicit, [], Math.max(end, segmentSize), Math.max(align, segmentAlign));
  }

  /**
   * The layout a code object's metadata gives a kernel, checked against the kernel-language
   * types it was compiled for: the explicit arguments must be where and as large as gpuc
   * writes them.
   */
  static fromMetadata(argTypes: readonly KernelType[], kernel: KernelMetadata): KernargLayout {
    const expected = KernargLayout.fromTypes(argTypes);
    const explicit = kernel.args.filter((a) => !a.valueKind.startsWith('hidden_'));
    const hidden = kernel.args.filter((a) => a.valueKind.startsWith('hidden_'));
    if (explicit.length !== argTypes.length)
      throw new Error(
        `gpuc: ${kernel.name} takes ${explicit.length} arguments in its code object, not ${argTypes.length}`,
      );
    expected.explicit.forEach((slot, i) => {
      const arg = explicit[i] as KernelArgument;
      if (arg.offset !== slot.offset || arg.size !== slot.size)
        throw new Error(
          `gpuc: ${kernel.name}'s code object puts argument ${i + 1}${arg.name ? ` (${arg.name})` : ''} at ` +
            `offset ${arg.offset} in ${arg.size} bytes; its type needs offset ${slot.offset} and ${slot.size} bytes`,
        );
    });
    for (const arg of hidden)
      if (!(arg.valueKind in HIDDEN))
        throw new Error(`gpuc: ${kernel.name} has a hidden argument gpuc cannot fill: ${arg.valueKind}`);
    const end = Math.max(expected.size, ...kernel.args.map((a) => a.offset + a.size));
    return new KernargLayout(
      expected.explicit,
      hidden,
      Math.max(end, kernel.kernargSegmentSize),
      Math.max(expected.align, kernel.kernargSegmentAlign),
    );
  }

  /**
   * Fills the segment at `view`'s byte `offset`: zeroes it, writes the explicit arguments (array
   * arguments as `DeviceView`s), then the hidden arguments for this dispatch.
   */
  pack(view: DataView, offset: number, values: readonly unknown[], dispatch: DispatchValues): void {
    if (values.length !== this.explicit.length)
      throw new TypeError(`gpuc: the kernel takes ${this.explicit.length} arguments, not ${values.length}`);
    if (offset < 0 || offset + this.size > view.byteLength)
      throw new RangeError(`gpuc: ${this.size} bytes of kernel arguments do not fit at offset ${offset}`);
    new Uint8Array(view.buffer, view.byteOffset + offset, this.size).fill(0);
    this.explicit.forEach((slot, i) => {
      try {
        write(view, offset + slot.offset, slot.type, values[i]);
      } catch (error) {
        if (error instanceof TypeError) throw new TypeError(`gpuc: argument ${i + 1}: ${error.message}`);
        throw error;
      }
    });
    for (const arg of this.hidden) {
      const fill = HIDDEN[arg.valueKind];
      if (fill) writeUnsigned(view, offset + arg.offset, arg.size, fill(dispatch));
    }
  }
}
