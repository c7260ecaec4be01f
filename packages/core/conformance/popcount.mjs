// Conformance: gpu.popcount over signed, unsigned and narrow integers, and over a warp's ballot.
export default {
  name: 'popcount',
  description: 'gpu.popcount of i32, u32 and u8 values, and of a ballot (u64)',
  source: `function popcount(a, u, bytes, out, lanes) {
  const i = gpu.globalIdx.x;
  out[i * 3] = gpu.popcount(a[i]);
  out[i * 3 + 1] = gpu.popcount(u[i]);
  out[i * 3 + 2] = gpu.popcount(bytes[i]);
  const voters = gpu.popcount(gpu.ballot(a[i] < 0));
  if (gpu.laneId === 0) lanes[i >> 5] = voters;
}`,
  grid: 2,
  block: 32,
  args: (h) => [
    h.iota(64, (i) => (i % 4 === 0 ? -(i * 7919) : i * 104729) | 0, Int32Array),
    h.iota(64, (i) => (i * 2654435761) >>> 0, Uint32Array),
    h.iota(64, (i) => (i * 37) & 255, Uint8Array),
    new Int32Array(192),
    new Int32Array(2),
  ],
};
