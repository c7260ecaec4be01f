// types: f32[], f32[]
function ternary(x, y) {
  const i = gpu.globalIdx.x;
  y[i] = x[i] > 0 ? x[i] : 0;
}
