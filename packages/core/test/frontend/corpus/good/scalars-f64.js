// types: f64[], f64
function doubles(x, scale) {
  const i = gpu.globalIdx.x;
  x[i] = x[i] * scale + 1e-9;
}
