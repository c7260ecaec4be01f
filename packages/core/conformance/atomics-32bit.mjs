// Conformance: 32-bit atomics in global and shared memory: integer operations, compare-and-swap,
// and f32 add, min and max (a compare-and-swap loop where the hardware has none).
export default {
  name: 'atomics-32bit',
  description: 'i32 and f32 atomics in global and shared memory, compare-and-swap included',
  source: `function atomics32(x, ints, floats) {
  const i = gpu.globalIdx.x;
  const t = gpu.threadIdx.x;
  const counts = gpu.sharedArray(Int32Array, 2);
  const sums = gpu.sharedArray(Float32Array, 1);
  if (t === 0) {
    counts[0] = 0;
    counts[1] = 0;
    sums[0] = 0;
  }
  gpu.barrier();
  gpu.atomicAdd(counts, 0, 1);
  gpu.atomicMax(counts, 1, t);
  gpu.atomicAdd(sums, 0, 0.25);
  gpu.barrier();
  if (t === 0) {
    gpu.atomicAdd(ints, 0, counts[0]);
    gpu.atomicMax(ints, 1, counts[1]);
    gpu.atomicAdd(floats, 0, sums[0]);
  }
  gpu.atomicMin(ints, 2, -i);
  gpu.atomicOr(ints, 3, 1 << (i & 31));
  gpu.atomicXor(ints, 4, i);
  if (i === 7) gpu.atomicCAS(ints, 5, 0, 42);
  gpu.atomicCAS(ints, 5, -1, 99);
  gpu.atomicSub(ints, 6, 2);
  gpu.atomicMin(floats, 1, x[i]);
  gpu.atomicMax(floats, 2, x[i]);
  gpu.atomicExch(floats, 3, 1.5);
}`,
  grid: 4,
  block: 64,
  args: (h) => [
    h.iota(256, (i) => ((i * 53) % 97) - 48.25, Float32Array),
    new Int32Array(7),
    Float32Array.from([0, 1000, -1000, 0]),
  ],
};
