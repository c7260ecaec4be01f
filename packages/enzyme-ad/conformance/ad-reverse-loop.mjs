// Conformance (AD): reverse mode through a loop whose trip count depends on the data (a tape).
import { Active, autodiff, Reverse } from '@gpuc/enzyme-ad';

export default {
  name: 'ad-reverse-loop',
  description: 'reverse mode through Newton iterations run to convergence (values on the tape)',
  source: `function adReverseLoop(xs, grad) {
  const i = gpu.globalIdx.x;
  grad[i] = autodiff(Reverse, root, Active(xs[i]))[0];
}`,
  grid: 1,
  block: 64,
  args: (h) => [h.iota(64, (i) => 0.5 + i * 0.75), new Float64Array(64)],
  // Derivatives sum terms of both signs: rounding differences of the terms show relative to the sum.
  ulps: 64,
  scope: () => ({
    // The cube root by Newton's method, iterated until it stops moving.
    root: (x) => {
      let g = x;
      let previous = 0.0;
      let steps = 0;
      while (Math.abs(g - previous) > 1e-12 * g && steps < 100) {
        previous = g;
        g = g - (g * g * g - x) / (3 * g * g);
        steps++;
      }
      return g;
    },
    autodiff,
    Reverse,
    Active,
  }),
};
