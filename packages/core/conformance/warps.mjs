// Conformance: shuffles, votes and ballots over full and partial warps.
export default {
  name: 'warps',
  description: 'shuffles, votes and ballots over full and partial warps',
  source: `function warps(x, out, votes) {
  let v = x[gpu.globalIdx.x];
  for (let offset = 16; offset > 0; offset >>= 1) v += gpu.shuffleDown(v, offset);
  const all = gpu.voteAll(v >= 0);
  const any = gpu.voteAny(v > 100);
  const mixed = gpu.shuffleUp(v, 1) * 2 + gpu.shuffleXor(v, 3) * 3 + gpu.shuffle(v, 5) * 5;
  const mask = gpu.ballot(x[gpu.globalIdx.x] > 30);
  out[gpu.globalIdx.x] = v + mixed + gpu.laneId * gpu.warpSize;
  if (gpu.laneId === 0) votes[gpu.blockIdx.x * 3 + (gpu.threadIdx.x / 32 | 0)] = (all ? 1 : 0) + (any ? 2 : 0) + Number(mask % 1000n);
}`,
  grid: 2,
  block: 80,
  args: (h) => [h.iota(160), new Float64Array(160), new Float64Array(6)],
};
