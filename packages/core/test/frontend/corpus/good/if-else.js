// types: f32[], i32
function ifElse(x, n) {
  const i = gpu.globalIdx.x;
  if (i >= n) {
    return;
  } else if (x[i] < 0) {
    x[i] = -x[i];
  } else {
    x[i] = x[i] * 2;
  }
}
