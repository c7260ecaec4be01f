/**
 * Kernel arguments as an AMDGPU kernel reads them: the kernarg segment, a block of memory the
 * dispatch packet points at, holding each explicit argument as LLVM lays out its parameter type
 * (scalars at their size and alignment, arrays as `{ T addrspace(1)* data, i32 length, i32
 * extents... }`, records and tuples as structs with natural alignment, values with no run-time
 * content as empty structs) at the offsets the code object's metadata gives, then the hidden
 * arguments the compiler appended (geometry the kernel may read, pointers to runtime services).
 *
 * Offsets come from the code object's metadata when it is given (`readMetadata`); without it they
 * follow the same rule LLVM applies (each argument at its natural alignment, in order), and the
 * rest of the segment is zeroed, which is what every hidden argument of a code object v4 (LLVM
 * 14's default) must hold for gpuc's kernels.
 */
import { argumentLayout, type KernelType, roundUp, writeArgument } from '@gpuc/core/host';

export { argumentLayout as layout, type DeviceBuffer, type DeviceView } from '@gpuc/core/host';

import type { KernelArgument, KernelMetadata } from './metadata.js';

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
      const { size, align: a } = argumentLayout(type);
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
        writeArgument(view, offset + slot.offset, slot.type, values[i]);
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
