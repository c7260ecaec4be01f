// Conformance: records, tuples, destructuring, local arrays and 2-D views.
export default {
  name: 'aggregates',
  description: 'records, tuples, destructuring, local arrays and 2-D views',
  source: `function aggregates(m, out) {
  const i = gpu.globalIdx.x;
  const p = { lo: m.get(i, 0), hi: m.get(i, 1) };
  const [a, b] = [p.lo + p.hi, p.lo - p.hi];
  const local = new Float32Array(4);
  for (let k = 0; k < 4; k++) local[k] = a * k + b;
  let s = 0;
  for (let k = 0; k < local.length; k++) s += local[k];
  out[i] = s;
  m.set(i, 2, s);
}`,
  grid: 1,
  block: 4,
  args: (h) => [
    h.view(
      h.iota(12, (i) => i * 1.25, Float32Array),
      4,
      3,
    ),
    new Float32Array(4),
  ],
  ulps: 1,
};
