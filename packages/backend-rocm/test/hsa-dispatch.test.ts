import { describe, expect, it } from 'vitest';
import {
  type DispatchPacket,
  dispatchGeometry,
  encodeDispatchPacket,
  type FenceScopeName,
  PACKET_BYTES,
  packetHeader,
  writePacket,
} from '../src/hsa/dispatch.js';
import { cUnavailable, runC } from './fixtures/hsa-c.js';

const PACKETS: DispatchPacket[] = [
  {
    dimensions: 1,
    workgroupSize: [256, 1, 1],
    gridSize: [256 * 40, 1, 1],
    privateSegmentSize: 0,
    groupSegmentSize: 0,
    kernelObject: 0x7f12_3456_7800n,
    kernargAddress: 0x7f00_0000_1000n,
    completionSignal: 0x55aa_1234_5678n,
  },
  {
    dimensions: 2,
    workgroupSize: [16, 16, 1],
    gridSize: [1024, 768, 1],
    privateSegmentSize: 64,
    groupSegmentSize: 16 * 1024 + 512,
    kernelObject: 0xffff_8000_0000_0040n,
    kernargAddress: 0x1_0000_0010n,
    completionSignal: 0n,
    barrier: false,
    acquireFence: 'agent',
    releaseFence: 'none',
  },
  {
    dimensions: 3,
    workgroupSize: [8, 8, 4],
    gridSize: [0xffff_fff8, 64, 0x1_0000],
    privateSegmentSize: 0xffff_ffff,
    groupSegmentSize: 65536,
    kernelObject: 0xdead_beef_cafe_f00dn,
    kernargAddress: 0xffff_ffff_ffff_fff0n,
    completionSignal: 0x1n,
    barrier: true,
    acquireFence: 'none',
    releaseFence: 'agent',
  },
];

const C_SCOPE: Record<FenceScopeName, string> = {
  none: 'HSA_FENCE_SCOPE_NONE',
  agent: 'HSA_FENCE_SCOPE_AGENT',
  system: 'HSA_FENCE_SCOPE_SYSTEM',
};

/** C that fills an `hsa_kernel_dispatch_packet_t` through its field names and prints its bytes. */
function fillInC(p: DispatchPacket): string {
  const hex = (n: bigint) => `0x${n.toString(16)}ULL`;
  return `{
  hsa_kernel_dispatch_packet_t p;
  memset(&p, 0, sizeof p);
  p.header = (uint16_t)((HSA_PACKET_TYPE_KERNEL_DISPATCH << HSA_PACKET_HEADER_TYPE) |
    (${(p.barrier ?? true) ? 1 : 0} << HSA_PACKET_HEADER_BARRIER) |
    (${C_SCOPE[p.acquireFence ?? 'system']} << HSA_PACKET_HEADER_SCACQUIRE_FENCE_SCOPE) |
    (${C_SCOPE[p.releaseFence ?? 'system']} << HSA_PACKET_HEADER_SCRELEASE_FENCE_SCOPE));
  p.setup = (uint16_t)(${p.dimensions} << HSA_KERNEL_DISPATCH_PACKET_SETUP_DIMENSIONS);
  p.workgroup_size_x = ${p.workgroupSize[0]}; p.workgroup_size_y = ${p.workgroupSize[1]}; p.workgroup_size_z = ${p.workgroupSize[2]};
  p.grid_size_x = ${p.gridSize[0]}U; p.grid_size_y = ${p.gridSize[1]}U; p.grid_size_z = ${p.gridSize[2]}U;
  p.private_segment_size = ${p.privateSegmentSize}U;
  p.group_segment_size = ${p.groupSegmentSize}U;
  p.kernel_object = ${hex(p.kernelObject)};
  p.kernarg_address = (void *)(uintptr_t)${hex(p.kernargAddress)};
  p.completion_signal.handle = ${hex(p.completionSignal)};
  const unsigned char *b = (const unsigned char *)&p;
  for (size_t i = 0; i < sizeof p; i++) printf("%02x", b[i]);
  printf("\\n");
}`;
}

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe.skipIf(cUnavailable !== null)(
  `dispatch packets against the C struct (${cUnavailable ?? 'cc and headers found'})`,
  () => {
    it('encodes each packet byte for byte as C fills hsa_kernel_dispatch_packet_t', () => {
      const fromC = runC(PACKETS.map(fillInC).join('\n')).trim().split('\n');
      expect(fromC).toHaveLength(PACKETS.length);
      PACKETS.forEach((packet, i) => {
        expect(fromC[i]).toHaveLength(2 * PACKET_BYTES);
        expect(hex(encodeDispatchPacket(packet))).toBe(fromC[i]);
      });
    });
  },
);

describe('dispatch packets against the HSA specification', () => {
  it('puts the header fields at the specified bits: type 7:0, barrier 8, acquire 10:9, release 12:11', () => {
    // Kernel dispatch is packet type 2; fence scopes are none 0, agent 1, system 2.
    expect(packetHeader()).toBe(2 | (1 << 8) | (2 << 9) | (2 << 11));
    expect(packetHeader()).toBe(0x1502);
    expect(packetHeader({ barrier: false, acquireFence: 'agent', releaseFence: 'none' })).toBe(2 | (1 << 9));
    expect(packetHeader({ acquireFence: 'none', releaseFence: 'agent' })).toBe(2 | (1 << 8) | (1 << 11));
    // Bits 15:13 are reserved.
    for (const barrier of [false, true])
      for (const acquireFence of ['none', 'agent', 'system'] as const)
        for (const releaseFence of ['none', 'agent', 'system'] as const)
          expect(packetHeader({ barrier, acquireFence, releaseFence }) >> 13).toBe(0);
  });

  it('lays out the fields at the specified byte offsets, little-endian', () => {
    const bytes = encodeDispatchPacket(PACKETS[2] as DispatchPacket);
    const view = new DataView(bytes.buffer);
    expect(view.getUint16(0, true)).toBe(2 | (1 << 8) | (0 << 9) | (1 << 11));
    expect(view.getUint16(2, true)).toBe(3); // setup: dimensions in bits 1:0
    expect([4, 6, 8].map((at) => view.getUint16(at, true))).toEqual([8, 8, 4]);
    expect(view.getUint16(10, true)).toBe(0); // reserved0
    expect([12, 16, 20].map((at) => view.getUint32(at, true))).toEqual([0xffff_fff8, 64, 0x1_0000]);
    expect(view.getUint32(24, true)).toBe(0xffff_ffff);
    expect(view.getUint32(28, true)).toBe(65536);
    expect(view.getBigUint64(32, true)).toBe(0xdead_beef_cafe_f00dn);
    expect(view.getBigUint64(40, true)).toBe(0xffff_ffff_ffff_fff0n);
    expect(view.getBigUint64(48, true)).toBe(0n); // reserved2
    expect(view.getBigUint64(56, true)).toBe(1n);
  });

  it('refuses fields that do not fit or dimensions left unset', () => {
    const base = PACKETS[0] as DispatchPacket;
    expect(() => encodeDispatchPacket({ ...base, workgroupSize: [65536, 1, 1] })).toThrow(/workgroup size x/);
    expect(() => encodeDispatchPacket({ ...base, workgroupSize: [0, 1, 1] })).toThrow(/workgroup size x/);
    expect(() => encodeDispatchPacket({ ...base, gridSize: [2 ** 32, 1, 1] })).toThrow(/grid size x/);
    expect(() => encodeDispatchPacket({ ...base, gridSize: [256, 2, 1] })).toThrow(/sizes of 1 in y/);
    expect(() => encodeDispatchPacket({ ...base, groupSegmentSize: -1 })).toThrow(/group segment size/);
  });

  it('writes the body of a packet into its ring slot, then the header word', () => {
    const ring = new Uint32Array((4 * PACKET_BYTES) / 4).fill(0x0101_0101);
    const packet = encodeDispatchPacket(PACKETS[1] as DispatchPacket);
    writePacket(ring, 2, packet);
    const bytes = new Uint8Array(ring.buffer);
    expect(hex(bytes.subarray(2 * PACKET_BYTES, 3 * PACKET_BYTES))).toBe(hex(packet));
    expect(bytes.subarray(0, 2 * PACKET_BYTES).every((b) => b === 1)).toBe(true);
    expect(bytes.subarray(3 * PACKET_BYTES).every((b) => b === 1)).toBe(true);
    // A packet at an odd offset of its buffer is written the same.
    const unaligned = new Uint8Array(PACKET_BYTES + 1).subarray(1);
    unaligned.set(packet);
    writePacket(ring, 0, unaligned);
    expect(hex(bytes.subarray(0, PACKET_BYTES))).toBe(hex(packet));
    expect(() => writePacket(ring, 4, packet)).toThrow(/no slot 4/);
  });

  it('states a launch as dimensions, work-group sizes and grid sizes in work-items', () => {
    expect(dispatchGeometry([3, 1, 1], [64, 1, 1])).toEqual({
      dimensions: 1,
      workgroups: [3, 1, 1],
      workgroupSize: [64, 1, 1],
      gridSize: [192, 1, 1],
    });
    expect(dispatchGeometry([4, 2, 1], [16, 16, 1]).dimensions).toBe(2);
    expect(dispatchGeometry([1, 1, 1], [1, 2, 1]).dimensions).toBe(2);
    expect(dispatchGeometry([1, 1, 2], [8, 1, 1])).toMatchObject({ dimensions: 3, gridSize: [8, 1, 2] });
    expect(() => dispatchGeometry([2 ** 24, 1, 1], [1024, 1, 1])).toThrow(
      /more than an HSA dispatch can hold/,
    );
  });
});
