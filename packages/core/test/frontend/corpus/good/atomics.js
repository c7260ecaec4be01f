// types: i32[], f32[], u32[]
function atomics(counts, sums, bits) {
  const i = gpu.globalIdx.x;
  gpu.atomicAdd(counts, 0, 1);
  gpu.atomicSub(counts, 1, 1);
  gpu.atomicMin(counts, 2, i);
  gpu.atomicMax(counts, 3, i);
  gpu.atomicAnd(bits, 0, 0xff);
  gpu.atomicOr(bits, 1, 1 << (i & 31));
  gpu.atomicXor(bits, 2, i);
  gpu.atomicExch(counts, 4, i);
  gpu.atomicCAS(counts, 5, 0, i);
  gpu.atomicAdd(sums, 0, 0.5);
}
