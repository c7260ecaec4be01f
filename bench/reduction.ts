// The strided reduction bench/cuda times against reference.cu and bench/arrays compares the
// array layer's reduce with: grid-strided sums, then a tree in shared memory, one partial sum a
// block of 256 threads.

/** The kernel's source (types f32[], f32[], i32). */
export const STRIDED_REDUCTION = `function reduce(x, partial, n) {
  const tile = gpu.sharedArray(Float32Array, 256);
  const t = gpu.threadIdx.x;
  let v = 0;
  for (let i = gpu.globalIdx.x; i < n; i += gpu.blockDim.x * gpu.gridDim.x) v += x[i];
  tile[t] = v;
  gpu.barrier();
  for (let s = 128; s > 0; s >>= 1) {
    if (t < s) tile[t] += tile[t + s];
    gpu.barrier();
  }
  if (t === 0) partial[gpu.blockIdx.x] = tile[0];
}`;
