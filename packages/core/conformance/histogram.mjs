// Conformance: local arrays and per-thread loops.
export default {
  name: 'histogram',
  description: 'local arrays and per-thread loops',
  source: `function histogram(x, out) {
  const bins = new Int32Array(8);
  const t = gpu.globalIdx.x;
  for (let i = t * 16; i < t * 16 + 16; i++) {
    const b = Math.min(Math.max(x[i] * 8 | 0, 0), 7);
    bins[b]++;
  }
  for (let b = 0; b < 8; b++) out[t * 8 + b] = bins[b];
}`,
  grid: 1,
  block: 16,
  args: (h) => [h.iota(256, (i) => ((i * 37) % 101) / 101, Float32Array), new Int32Array(128)],
};
