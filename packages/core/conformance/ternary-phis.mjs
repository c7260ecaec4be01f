// Conformance: values merged from branches with promotion.
export default {
  name: 'ternary-phis',
  description: 'values merged from branches with promotion',
  source: `function ternaryPhis(x, n, out) {
  const i = gpu.globalIdx.x;
  let v = 0;
  if (i % 3 === 0) v = x[i];
  else if (i % 3 === 1) v = n;
  out[i] = i < n ? v * 2 : -v;
}`,
  grid: 1,
  block: 16,
  args: (h) => [h.iota(16, (i) => i * 0.75, Float32Array), 10, new Float32Array(16)],
};
