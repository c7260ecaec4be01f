// types: f32[], i32
function logicalValues(x, n) {
  x[0] = x[1] || 5;
  x[2] = n && x[3];
  x[4] = x[5] ?? 1;
  if ((x[0] > 0 || n) && !(x[1] && n)) x[6] = 1;
}
