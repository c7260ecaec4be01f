// types: u64[]
function bigUnsigned(out) {
  const i = gpu.globalIdx.x;
  out[i] = out[i] * 2n + 1n;
}
