// Conformance: shuffles and votes on f32, i32 and u32 over full and partial warps of a 2-D
// block, without ballots (whose u64 mask some targets lack: WebGPU runs this one).
export default {
  name: 'warp-shuffles',
  description: 'shuffles and votes on f32, i32 and u32 over full and partial warps of a 2-D block',
  source: `function warpShuffles(x, u, out, bits, votes) {
  const t = gpu.threadIdx.x + gpu.threadIdx.y * gpu.blockDim.x;
  const i = gpu.globalIdx.x + gpu.globalIdx.y * gpu.blockDim.x * gpu.gridDim.x;
  let v = x[i];
  for (let offset = 16; offset > 0; offset >>= 1) v += gpu.shuffleDown(v, offset);
  out[i] = v + gpu.shuffleUp(x[i], t % 3) * 2 + gpu.shuffleXor(x[i], 5) * 3 + gpu.shuffle(x[i], 37 - t);
  bits[i] = gpu.shuffle(u[i], t + 1) ^ gpu.shuffleDown(u[i], 7);
  const all = gpu.voteAll(x[i] > 3);
  const any = gpu.voteAny((u[i] & 7) === 0);
  votes[i] = (all ? 1 : 0) + (any ? 2 : 0) + gpu.laneId * 4 + (gpu.warpSize === 32 ? 1000 : 0);
}`,
  grid: 2,
  block: [10, 5],
  args: (h) => [
    h.iota(100, (i) => (i * 13) % 29, Float32Array),
    h.iota(100, (i) => (i * 2654435761) % 4294967296, Uint32Array),
    new Float32Array(100),
    new Uint32Array(100),
    new Int32Array(100),
  ],
};
