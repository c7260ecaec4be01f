// types: f32[], f32[]
function blockSum(x, out) {
  const tile = gpu.sharedArray(Float32Array, 256);
  const t = gpu.threadIdx.x;
  tile[t] = x[gpu.globalIdx.x];
  gpu.barrier();
  for (let stride = 128; stride > 0; stride >>= 1) {
    if (t < stride) tile[t] += tile[t + stride];
    gpu.barrier();
  }
  if (t === 0) out[gpu.blockIdx.x] = tile[0];
}
