// types: f32[,], f32[,], f32[,], i32
function matmul(a, b, c, n) {
  const row = gpu.globalIdx.y;
  const col = gpu.globalIdx.x;
  let s = 0;
  for (let k = 0; k < n; k++) s += a.get(row, k) * b.get(k, col);
  c.set(row, col, s);
}
