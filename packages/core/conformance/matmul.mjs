// Conformance: row-major 2-D views with get and set.
export default {
  name: 'matmul',
  description: 'row-major 2-D views with get and set',
  source: `function matmul(a, b, c, n) {
  const row = gpu.globalIdx.y;
  const col = gpu.globalIdx.x;
  let s = 0;
  for (let k = 0; k < n; k++) s += a.get(row, k) * b.get(k, col);
  c.set(row, col, s);
}`,
  grid: [2, 2],
  block: [8, 8],
  args: (h) => [
    h.view(
      h.iota(256, (i) => (i % 17) - 8),
      16,
      16,
    ),
    h.view(
      h.iota(256, (i) => (i % 5) * 0.5),
      16,
      16,
    ),
    h.view(new Float64Array(256), 16, 16),
    16,
  ],
};
