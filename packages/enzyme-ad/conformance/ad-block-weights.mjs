// Conformance (AD): shadow sums gathered per block (on CUDA in shared memory, added once a block).
import { autodiff, Const, Duplicated, Reverse } from '@gpuc/enzyme-ad';

export default {
  name: 'ad-block-weights',
  description:
    'reverse mode: threads add into 6 weight shadows at fixed indices; some return early, some skip the call',
  source: `function adBlockWeights(w, dw, x, y, n) {
  const i = gpu.globalIdx.x;
  if (i >= n) return;
  if (i % 5 === 2) return;
  if (i % 3 !== 1) autodiff(Reverse, loss, Duplicated(w, dw), Const(x), Const(y), Const(i));
}`,
  grid: 3,
  block: 64,
  args: (h) => [
    h.iota(6, (k) => 0.3 * (k - 2)),
    // Not zero: the shadow's sums are added to what it holds.
    h.iota(6, (k) => 0.5 * k),
    h.iota(192 * 6, (q) => Math.cos(q * 0.29)),
    h.iota(192, (i) => Math.sin(i * 0.13)),
    // The last block partly past n: its threads return at once, and its last warp is partial.
    150,
  ],
  // Threads add in a different order on each back-end.
  ulps: 256,
  scope: () => ({
    // A fixed trip count: the loop unrolls, and each weight's shadow address is the same for
    // every thread of a block.
    loss: (w, x, y, i) => {
      let p = 0.0;
      for (let k = 0; k < 6; k++) p += w[k] * x[i * 6 + k];
      const e = Math.tanh(p) - y[i];
      return e * e;
    },
    autodiff,
    Reverse,
    Duplicated,
    Const,
  }),
};
