// Conformance (AD): reverse mode in f32, with a custom derivative rule.
import { Active, autodiff, defineDerivative, Reverse } from '@gpuc/enzyme-ad';

const smoothRelu = (x) => Math.log(1 + Math.exp(x));
defineDerivative(smoothRelu, (x) => 1 / (1 + Math.exp(-x)));

export default {
  name: 'ad-f32',
  description: 'reverse mode in f32 through a function with a custom derivative rule',
  source: `function adF32(xs, grad) {
  const i = gpu.globalIdx.x;
  grad[i] = autodiff(Reverse, layer, Active(xs[i]))[0];
}`,
  grid: 1,
  block: 64,
  args: (h) => [h.iota(64, (i) => (i - 32) / 8, Float32Array), new Float32Array(64)],
  // Derivatives sum terms of both signs: rounding differences of the terms show relative to the sum.
  ulps: 64,
  scope: () => ({
    layer: (x) => smoothRelu(x * 1.5 - 0.25) * Math.tanh(x),
    smoothRelu,
    autodiff,
    Reverse,
    Active,
  }),
};
