// Conformance: neighbouring elements per thread, as back-ends merge them into 64- and 128-bit
// loads and stores (four f32 with a scalar tail, pairs of f32, four i32 of an array in a
// record). Only f32 and i32, so that Metal runs it too.
export default {
  name: 'vector-access',
  description: 'four f32, two f32 and four i32 per thread: vectorisable loads and stores, with a tail',
  source: `function vectorAccess(a, x, y, n, d, p) {
  const t = gpu.globalIdx.x;
  const i = t * 4;
  if (i + 3 < n) {
    const x0 = x[i], x1 = x[i + 1], x2 = x[i + 2], x3 = x[i + 3];
    const y0 = y[i], y1 = y[i + 1], y2 = y[i + 2], y3 = y[i + 3];
    y[i] = a * x0 + y0;
    y[i + 1] = a * x1 + y1;
    y[i + 2] = a * x2 + y2;
    y[i + 3] = a * x3 + y3;
  } else {
    for (let k = i; k < n; k++) y[k] = a * x[k] + y[k];
  }
  const j = t * 2;
  if (j + 1 < d.length) {
    const d0 = d[j], d1 = d[j + 1];
    d[j] = d1 - d0;
    d[j + 1] = d0 * 0.5;
  }
  if (i + 3 < p.counts.length) {
    const c0 = p.counts[i], c1 = p.counts[i + 1], c2 = p.counts[i + 2], c3 = p.counts[i + 3];
    p.counts[i] = c3 + t;
    p.counts[i + 1] = c2 - c0;
    p.counts[i + 2] = c1 * 3;
    p.counts[i + 3] = c0 ^ c3;
  }
}`,
  grid: 2,
  block: 64,
  args: (h) => [
    h.f32(1.5),
    h.iota(503, (i) => i / 7, Float32Array),
    h.iota(503, (i) => i / 3, Float32Array),
    503,
    h.iota(256, (i) => i * 1.25 - 40, Float32Array),
    { counts: h.iota(512, (i) => ((i * 37) % 101) - 50, Int32Array) },
  ],
  ulps: 1,
};
