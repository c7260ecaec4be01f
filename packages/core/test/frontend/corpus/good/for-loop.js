// types: f32[], f32[], i32
function rowSums(m, sums, cols) {
  const row = gpu.globalIdx.x;
  let s = 0;
  for (let c = 0; c < cols; c++) s += m[row * cols + c];
  sums[row] = s;
}
