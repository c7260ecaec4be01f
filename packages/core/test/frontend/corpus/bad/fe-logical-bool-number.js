// types: f32[], i32
// expect: unstable-type 4:13
function mixesBooleanAndNumber(x, n) {
  const t = (x[0] > 0) || n;
  x[1] = t ? 1 : 0;
}
