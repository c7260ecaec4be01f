// Conformance: atomics from every thread.
export default {
  name: 'atomics',
  description: 'atomics from every thread',
  source: `function atomics(out, f) {
  const i = gpu.globalIdx.x;
  gpu.atomicAdd(out, 0, 1);
  gpu.atomicMax(out, 1, i);
  gpu.atomicMin(out, 2, -i);
  gpu.atomicOr(out, 3, 1 << (i % 31));
  gpu.atomicAdd(f, 0, 0.25);
  // An increment as a compare-and-swap loop: the total is the same in any order.
  let seen = out[4];
  for (;;) {
    const previous = gpu.atomicCAS(out, 4, seen, seen + 1);
    if (previous === seen) break;
    seen = previous;
  }
}`,
  grid: 4,
  block: 32,
  args: () => [new Int32Array(5), new Float32Array(1)],
};
