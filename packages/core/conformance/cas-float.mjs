// Conformance: gpu.atomicCAS on an f32 array from every thread, as users write float atomics
// the hardware lacks: a max and a product (by powers of two, exact whatever the order) as
// compare-and-swap loops, and JavaScript's === as the comparison (a NaN never matches, not even
// itself; -0 matches 0), where hardware compare-and-swap compares bits.
export default {
  name: 'cas-float',
  description: 'float max and product as atomicCAS loops on f32, and === on NaN and signed zeros',
  source: `function casFloat(x, f, o) {
  const i = gpu.globalIdx.x;
  const v = x[i];
  let old = f[0];
  while (v > old) {
    const seen = gpu.atomicCAS(f, 0, old, v);
    if (seen === old) break;
    old = seen;
  }
  if (i < 64) {
    let p = f[1];
    for (;;) {
      const seen = gpu.atomicCAS(f, 1, p, i % 4 === 0 ? p * 0.5 : p * 2);
      if (seen === p) break;
      p = seen;
    }
  }
  o[i] = gpu.atomicCAS(f, 2, NaN, v);
  if (i === 5) gpu.atomicCAS(f, 3, 0, 1);
  gpu.atomicCAS(f, 4, -0, -0);
}`,
  grid: 4,
  block: 64,
  args: (h) => [
    h.iota(256, (i) => (i === 77 ? Number.NaN : ((i * 53) % 97) - 48.25), Float32Array),
    Float32Array.from([Number.NEGATIVE_INFINITY, 1, Number.NaN, -0, 0]),
    new Float32Array(256),
  ],
};
