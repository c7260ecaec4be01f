// types: f32[], i32
function clampFirst(x, n) {
  const i = gpu.globalIdx.x;
  if (i >= n) return;
  if (x[i] > 1) {
    x[i] = 1;
    return;
  }
  x[i] = Math.max(x[i], 0);
}
