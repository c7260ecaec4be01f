// types: f32[], i32[]
function warpSum(x, votes) {
  let v = x[gpu.globalIdx.x];
  for (let offset = 16; offset > 0; offset >>= 1) v += gpu.shuffleDown(v, offset);
  const any = gpu.voteAny(v > 0);
  const all = gpu.voteAll(v > 0);
  const lane = gpu.laneId;
  if (lane === 0) x[gpu.globalIdx.x] = v + gpu.shuffle(v, 0) + gpu.shuffleUp(v, 1) + gpu.shuffleXor(v, 1);
  votes[0] = any ? 1 : 0;
  votes[1] = all ? gpu.warpSize : 0;
}
