/**
 * AQL kernel dispatch packets (HSA Platform System Architecture, "Kernel Dispatch Packet"): the
 * 64 bytes a dispatch puts in a queue's ring, written field by field at the offsets of the
 * `hsa_kernel_dispatch_packet_t` declared in abi.ts (a test checks every byte against the C struct).
 *
 * The packet processor may read a slot as soon as its header says it is a kernel dispatch, so
 * the body is written first and the header word last, with one atomic store (the header and the
 * setup word together, as ROCm's own runtimes do).
 */
import { koffi } from '@gpuc/core/host';
import { DispatchSetup, FenceScope, PacketHeader, PacketType, STRUCTS } from './abi.js';

/** Bytes in an AQL packet. */
export const PACKET_BYTES = 64;

/** A memory fence scope of the packet header. */
export type FenceScopeName = 'none' | 'agent' | 'system';

const SCOPES: Record<FenceScopeName, number> = {
  none: FenceScope.NONE,
  agent: FenceScope.AGENT,
  system: FenceScope.SYSTEM,
};

/** What a kernel dispatch packet says. */
export interface DispatchPacket {
  /** Dimensions of the grid: 1, 2 or 3. */
  readonly dimensions: 1 | 2 | 3;
  /** Work-items per work-group, per dimension (unused dimensions 1). */
  readonly workgroupSize: readonly [number, number, number];
  /** Work-items in the grid, per dimension (HSA counts work-items, not work-groups). */
  readonly gridSize: readonly [number, number, number];
  /** Scratch bytes per work-item. */
  readonly privateSegmentSize: number;
  /** LDS bytes per work-group: the kernel's static LDS plus what the launch asks for. */
  readonly groupSegmentSize: number;
  /** The kernel descriptor's address (`HSA_EXECUTABLE_SYMBOL_INFO_KERNEL_OBJECT`). */
  readonly kernelObject: bigint;
  /** The kernel arguments' address, in memory the GPU can read. */
  readonly kernargAddress: bigint;
  /** The signal the packet processor decrements when the kernel completes (0n for none). */
  readonly completionSignal: bigint;
  /** Wait for the queue's earlier packets to complete first (default true). */
  readonly barrier?: boolean;
  /** Scope of the acquire fence before the kernel (default `system`: it reads host-written memory). */
  readonly acquireFence?: FenceScopeName;
  /** Scope of the release fence after it (default `system`: the host reads what it wrote). */
  readonly releaseFence?: FenceScopeName;
}

/** The 16-bit header of a kernel dispatch packet. */
export function packetHeader(
  options: { barrier?: boolean; acquireFence?: FenceScopeName; releaseFence?: FenceScopeName } = {},
): number {
  return (
    (PacketType.KERNEL_DISPATCH << PacketHeader.TYPE) |
    (((options.barrier ?? true) ? 1 : 0) << PacketHeader.BARRIER) |
    (SCOPES[options.acquireFence ?? 'system'] << PacketHeader.SCACQUIRE_FENCE_SCOPE) |
    (SCOPES[options.releaseFence ?? 'system'] << PacketHeader.SCRELEASE_FENCE_SCOPE)
  );
}

const offset = (field: string) => koffi().offsetof(STRUCTS.hsa_kernel_dispatch_packet_t, field);
const AXES = ['x', 'y', 'z'] as const;

/** Byte offsets of the packet's fields, from the declaration a test checks against the C struct. */
const AT = Object.freeze({
  header: offset('header'),
  setup: offset('setup'),
  workgroupSize: AXES.map((axis) => offset(`workgroup_size_${axis}`)),
  gridSize: AXES.map((axis) => offset(`grid_size_${axis}`)),
  privateSegmentSize: offset('private_segment_size'),
  groupSegmentSize: offset('group_segment_size'),
  kernelObject: offset('kernel_object'),
  kernargAddress: offset('kernarg_address'),
  completionSignal: offset('completion_signal'),
});

const U16 = 0xffff;
const U32 = 0xffffffff;

function checkField(name: string, value: number, max: number, min = 0): void {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new RangeError(
      `gpuc: the dispatch packet's ${name} must be an integer from ${min} to ${max}, not ${value}`,
    );
}

/**
 * A kernel dispatch packet as the 64 bytes of `hsa_kernel_dispatch_packet_t`, little-endian,
 * header and setup included (the byte offsets are those of the struct declared in abi.ts). Fields are checked against their widths; unused dimensions must be 1.
 */
export function encodeDispatchPacket(packet: DispatchPacket): Uint8Array {
  const bytes = new Uint8Array(PACKET_BYTES);
  const view = new DataView(bytes.buffer);
  checkField('dimensions', packet.dimensions, 3, 1);
  packet.workgroupSize.forEach((n, axis) => {
    checkField(`workgroup size ${AXES[axis]}`, n, U16, 1);
  });
  packet.gridSize.forEach((n, axis) => {
    checkField(`grid size ${AXES[axis]}`, n, U32, 1);
  });
  for (let axis: number = packet.dimensions; axis < 3; axis++)
    if (packet.workgroupSize[axis] !== 1 || packet.gridSize[axis] !== 1)
      throw new RangeError(
        `gpuc: a ${packet.dimensions}-dimensional dispatch has sizes of 1 in ${AXES[axis]}`,
      );
  checkField('private segment size', packet.privateSegmentSize, U32);
  checkField('group segment size', packet.groupSegmentSize, U32);
  view.setUint16(AT.header, packetHeader(packet), true);
  view.setUint16(AT.setup, packet.dimensions << DispatchSetup.DIMENSIONS, true);
  for (let axis = 0; axis < 3; axis++) {
    view.setUint16(AT.workgroupSize[axis] as number, packet.workgroupSize[axis] as number, true);
    view.setUint32(AT.gridSize[axis] as number, packet.gridSize[axis] as number, true);
  }
  view.setUint32(AT.privateSegmentSize, packet.privateSegmentSize, true);
  view.setUint32(AT.groupSegmentSize, packet.groupSegmentSize, true);
  view.setBigUint64(AT.kernelObject, BigInt.asUintN(64, packet.kernelObject), true);
  view.setBigUint64(AT.kernargAddress, BigInt.asUintN(64, packet.kernargAddress), true);
  view.setBigUint64(AT.completionSignal, BigInt.asUintN(64, packet.completionSignal), true);
  // The reserved fields stay 0.
  return bytes;
}

/**
 * Writes an encoded packet into slot `slot` of a queue's ring (`ring` holds the ring's words):
 * the body first, then the header and setup with one atomic 32-bit store, so the packet
 * processor never sees a valid header over a half-written packet.
 */
export function writePacket(ring: Uint32Array, slot: number, packet: Uint8Array): void {
  if (packet.length !== PACKET_BYTES) throw new RangeError(`gpuc: an AQL packet is ${PACKET_BYTES} bytes`);
  const words = PACKET_BYTES / 4;
  const base = slot * words;
  if (!Number.isInteger(slot) || slot < 0 || base + words > ring.length)
    throw new RangeError(`gpuc: the queue has no slot ${slot}`);
  const aligned = packet.byteOffset % 4 === 0 ? packet : packet.slice();
  const body = new Uint32Array(aligned.buffer, aligned.byteOffset, words);
  ring.set(body.subarray(1), base + 1);
  Atomics.store(ring, base, body[0] as number);
}

/** A launch's grid and work-group sizes as a dispatch states them. */
export interface DispatchGeometry {
  readonly dimensions: 1 | 2 | 3;
  /** Work-groups per dimension (the launch's grid). */
  readonly workgroups: readonly [number, number, number];
  readonly workgroupSize: readonly [number, number, number];
  /** Work-items per dimension: work-groups times their size (HSA's grid size). */
  readonly gridSize: readonly [number, number, number];
}

/**
 * The dispatch geometry of a launch of `grid` work-groups of `block` work-items (each three
 * extents). A dimension is used when the grid or the block extends along it, or along a later one.
 */
export function dispatchGeometry(
  grid: readonly [number, number, number],
  block: readonly [number, number, number],
): DispatchGeometry {
  const dimensions = grid[2] > 1 || block[2] > 1 ? 3 : grid[1] > 1 || block[1] > 1 ? 2 : 1;
  const gridSize = [grid[0] * block[0], grid[1] * block[1], grid[2] * block[2]] as const;
  gridSize.forEach((n, axis) => {
    if (n > U32)
      throw new RangeError(
        `gpuc: a grid of ${n} work-items along ${AXES[axis]} is more than an HSA dispatch can hold (2^32 - 1)`,
      );
  });
  return { dimensions, workgroups: grid, workgroupSize: block, gridSize };
}
