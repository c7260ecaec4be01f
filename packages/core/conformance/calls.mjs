// Conformance: device functions from the scope, functions as arguments, captured arrays and numbers.
export default {
  name: 'calls',
  description: 'device functions from the scope, functions as arguments, captured arrays and numbers',
  source: `function calls(x, out) {
  const i = gpu.globalIdx.x;
  out[i] = twice(square, x[i]) + offsets[i % 4] + bias;
}`,
  grid: 1,
  block: 8,
  args: (h) => [h.iota(8, (i) => i / 4, Float32Array), new Float32Array(8)],
  ulps: 1,
  scope: () => ({
    square: (x) => x * x,
    twice: (f, x) => f(f(x)),
    offsets: Float32Array.from([0.5, 1.5, 2.5, 3.5]),
    bias: 10,
  }),
};
