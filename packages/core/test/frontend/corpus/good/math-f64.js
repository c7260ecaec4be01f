// types: f64[]
function mathF64(x) {
  const i = gpu.globalIdx.x;
  x[i] = Math.fround(x[i]) + Math.sqrt(x[i]) * Math.PI + Math.E + Math.clz32(i) + Math.imul(i, 3);
}
