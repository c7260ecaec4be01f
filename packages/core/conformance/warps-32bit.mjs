// Conformance: shuffles, votes and ballots on 32-bit values over full and partial warps.
export default {
  name: 'warps-32bit',
  description: 'shuffles, votes and ballots on f32 and i32 over full and partial warps',
  source: `function warps32(x, out, votes, masks) {
  let v = x[gpu.globalIdx.x];
  for (let offset = 16; offset > 0; offset >>= 1) v += gpu.shuffleDown(v, offset);
  const n = gpu.globalIdx.x | 0;
  const mixed = gpu.shuffleUp(v, 1) * 2 + gpu.shuffleXor(v, 3) * 3 + gpu.shuffle(v, 5) * 5;
  const ints = gpu.shuffleXor(n, 1) - gpu.shuffle(n, 31);
  const all = gpu.voteAll(v >= 0);
  const any = gpu.voteAny(v > 100);
  const mask = gpu.ballot(x[gpu.globalIdx.x] > 30);
  out[gpu.globalIdx.x] = v + mixed + ints + gpu.laneId * gpu.warpSize;
  if (gpu.laneId === 0) {
    const warp = gpu.blockIdx.x * 3 + (gpu.threadIdx.x >> 5);
    votes[warp] = (all ? 1 : 0) + (any ? 2 : 0);
    masks[warp] = mask;
  }
}`,
  grid: 2,
  block: 80,
  args: (h) => [
    h.iota(160, (i) => i, Float32Array),
    new Float32Array(160),
    new Int32Array(6),
    new BigUint64Array(6),
  ],
};
