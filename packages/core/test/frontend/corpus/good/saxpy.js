// types: f32, f32[], f32[], i32
function saxpy(a, x, y, n) {
  const i = gpu.globalIdx.x;
  if (i < n) {
    y[i] = a * x[i] + y[i];
  }
}
