// Conformance (AD): shadow accumulation where every thread adds into the same elements.
import { autodiff, Const, Duplicated, Reverse } from '@gpuc/enzyme-ad';

export default {
  name: 'ad-shared-weights',
  description:
    'reverse mode: the threads that call add their gradients of a squared error into one weight shadow',
  source: `function adSharedWeights(w, dw, x, y, n) {
  const i = gpu.globalIdx.x;
  if (i < n && i % 3 !== 1) autodiff(Reverse, loss, Duplicated(w, dw), Const(x), Const(y), Const(i));
}`,
  grid: 4,
  block: 32,
  args: (h) => [
    h.iota(8, (k) => 0.25 * (k - 3)),
    new Float64Array(8),
    h.iota(128 * 8, (q) => Math.cos(q * 0.37)),
    h.iota(128, (i) => Math.sin(i * 0.11)),
    // 120 of the 128 threads, and not every third: each warp adds with lanes missing (on CUDA
    // each warp sums its active lanes' amounts and one lane adds).
    120,
  ],
  // Threads add in a different order on each back-end.
  ulps: 256,
  scope: () => ({
    loss: (w, x, y, i) => {
      let p = 0.0;
      for (let k = 0; k < w.length; k++) p += w[k] * x[i * w.length + k];
      const e = Math.tanh(p) - y[i];
      return e * e;
    },
    autodiff,
    Reverse,
    Duplicated,
    Const,
  }),
};
