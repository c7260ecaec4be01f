// Conformance: float atomics from every thread: add, min and max (a compare-and-swap loop
// where the hardware has none), NaN and signed zeros included.
export default {
  name: 'float-atomics',
  description:
    'float atomic add, min and max from every thread, NaN (given and found) and signed zeros included',
  source: `function floatAtomics(x, f, d) {
  const i = gpu.globalIdx.x;
  const v = x[i];
  gpu.atomicAdd(f, 0, 0.5);
  gpu.atomicMin(f, 1, v);
  gpu.atomicMax(f, 2, v);
  gpu.atomicMin(d, 0, v * 3);
  gpu.atomicMax(d, 1, v * 3);
  if (i === 77) gpu.atomicMax(d, 2, NaN);
  gpu.atomicMin(d, 2, v);
  gpu.atomicMax(f, 3, i % 2 === 0 ? -0 : 0);
  gpu.atomicMin(d, 3, i % 2 === 0 ? 0 : -0);
  gpu.atomicMax(f, 4, v);
  gpu.atomicMin(d, 4, v);
}`,
  grid: 4,
  block: 64,
  args: (h) => [
    h.iota(256, (i) => ((i * 53) % 97) - 48.25),
    Float32Array.from([0, 1000, -1000, -0, Number.NaN]),
    Float64Array.from([1000, -1000, 0, 0, Number.NaN]),
  ],
};
