// types: i32[]
function geometry(out) {
  const t = gpu.threadIdx.x + gpu.threadIdx.y * gpu.blockDim.x + gpu.threadIdx.z;
  const b = gpu.blockIdx.x + gpu.blockIdx.y * gpu.gridDim.x + gpu.blockIdx.z;
  out[b * gpu.blockDim.x * gpu.blockDim.y + t] = gpu.globalIdx.x + gpu.globalIdx.y + gpu.globalIdx.z;
}
