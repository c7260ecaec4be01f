// types: f32[]
import { gpu as g, f32 as float } from '@gpuc/core';

function renamed(x) {
  const i = g.globalIdx.x;
  if (i < x.length) x[i] = float(x[i] * 0.5) + g.laneId;
}
