// Conformance: a local array sorted in place (a 9-point median filter), nested data-dependent loops.
export default {
  name: 'local-sort',
  description: 'a local array insertion-sorted in place: a 9-point median filter',
  source: `function median9(src, dst) {
  const i = gpu.globalIdx.x;
  if (i >= dst.length) return;
  const w = new Float32Array(9);
  for (let k = 0; k < 9; k++) w[k] = src[i + k];
  for (let a = 1; a < 9; a++) {
    const v = w[a];
    let b = a - 1;
    while (b >= 0 && w[b] > v) {
      w[b + 1] = w[b];
      b--;
    }
    w[b + 1] = v;
  }
  dst[i] = w[4];
}`,
  grid: 4,
  block: 64,
  args: (h) => [h.iota(256 + 8, (i) => Math.sin(i * 1.7) * 10, Float32Array), new Float32Array(256)],
};
