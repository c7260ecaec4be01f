// Conformance: mixed signedness in f64, literals typed by their operands, u32 arithmetic.
export default {
  name: 'mixed-types',
  description: 'mixed signedness in f64, literals typed by their operands, u32 arithmetic',
  source: `function mixedTypes(a, u, out, w) {
  const i = gpu.globalIdx.x;
  out[i * 3] = a[i] + u[i];
  out[i * 3 + 1] = a[i] < u[i] ? 1 : 0;
  out[i * 3 + 2] = a[i] * 0.5 + 1;
  w[i] = u[i] * 3 + 7;
}`,
  grid: 1,
  block: 4,
  args: () => [
    Int32Array.from([-1, 5, -2147483648, 9]),
    Uint32Array.from([1, 4294967295, 3, 2147483648]),
    new Float64Array(12),
    new Uint32Array(4),
  ],
};
