// types: f32[], f64[], i32[], u8[]
function conversions(f, d, n, b) {
  f[0] = d[0];
  d[1] = f[1];
  n[0] = f[2];
  b[0] = n[1];
  f[3] = Math.fround(d[2]);
  n[2] = d[3] | 0;
  f[4] = n[3] + f[5];
  d[4] = Number(n[4]);
}
