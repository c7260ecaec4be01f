// types: f32[], i32
function checked(x, n) {
  const i = gpu.globalIdx.x;
  if (n > x.length) throw new Error('n exceeds the array');
  if (i < n) x[i] = 1 / x[i];
}
