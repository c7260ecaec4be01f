// Conformance (AD): forward mode through a function that writes an array.
import { autodiff, Const, Duplicated, Forward } from '@gpuc/enzyme-ad';

export default {
  name: 'ad-forward',
  description: 'forward mode: tangents of a smoothing pass that writes its output array',
  source: `function adForward(x, tx, y, ty, n) {
  const i = gpu.globalIdx.x;
  if (i < n) autodiff(Forward, smooth, Duplicated(x, tx), Duplicated(y, ty), Const(i * 8));
}`,
  grid: 1,
  block: 32,
  args: (h) => [
    h.iota(256, (q) => Math.sin(q * 0.2)),
    h.iota(256, (q) => 1 + (q % 3) * 0.5),
    new Float64Array(256),
    new Float64Array(256),
    32,
  ],
  // Derivatives sum terms of both signs: rounding differences of the terms show relative to the sum.
  ulps: 64,
  scope: () => ({
    smooth: (x, y, offset) => {
      let s = x[offset];
      for (let k = 0; k < 8; k++) {
        s = 0.5 * s + 0.5 * Math.exp(-x[offset + k] * x[offset + k]);
        y[offset + k] = s;
      }
    },
    autodiff,
    Forward,
    Duplicated,
    Const,
  }),
};
