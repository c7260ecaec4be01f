// types: f32[], i32
function mixedReturns(x, n) {
  const i = gpu.globalIdx.x;
  if (i >= n) return;
  if (x[i] < 0) return false;
  x[i] = x[i] * 2;
  return x[i];
}
