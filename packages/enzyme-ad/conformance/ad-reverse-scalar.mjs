// Conformance (AD): reverse mode of a function of two Active numbers, one gradient per thread.
import { Active, autodiff, Reverse } from '@gpuc/enzyme-ad';

export default {
  name: 'ad-reverse-scalar',
  description: 'reverse mode: the gradient of sin(x)·y² + exp(x·y)/(1 + x²) at each thread',
  source: `function adReverseScalar(xs, grad) {
  const i = gpu.globalIdx.x;
  const d = autodiff(Reverse, f, Active(xs[2 * i]), Active(xs[2 * i + 1]));
  grad[2 * i] = d[0];
  grad[2 * i + 1] = d[1];
}`,
  grid: 2,
  block: 32,
  args: (h) => [h.iota(128, (i) => Math.sin(i) * 1.5), new Float64Array(128)],
  // Derivatives sum terms of both signs: rounding differences of the terms show relative to the sum.
  ulps: 64,
  scope: () => ({
    f: (x, y) => Math.sin(x) * y * y + Math.exp(x * y) / (1 + x * x),
    autodiff,
    Reverse,
    Active,
  }),
};
